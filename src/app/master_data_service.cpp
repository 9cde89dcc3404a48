#include "kerf/app/master_data_service.h"

#include <array>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"

namespace kerf::app {
namespace {

using model::Role;

// Per-entity names and write permissions.
template <typename T>
struct Traits;

template <>
struct Traits<model::WorkCenter> {
  static constexpr const char* kName = "work_center";
  static constexpr Permission kPermission = Permission::kWriteMasterData;
};
template <>
struct Traits<model::Customer> {
  static constexpr const char* kName = "customer";
  static constexpr Permission kPermission = Permission::kWriteMasterData;
};
template <>
struct Traits<model::Part> {
  static constexpr const char* kName = "part";
  static constexpr Permission kPermission = Permission::kWriteMasterData;
};
template <>
struct Traits<model::ShiftCalendar> {
  static constexpr const char* kName = "calendar";
  static constexpr Permission kPermission = Permission::kWriteMasterData;
};
template <>
struct Traits<model::Tool> {
  static constexpr const char* kName = "tool";
  static constexpr Permission kPermission = Permission::kWriteTools;
};
template <>
struct Traits<model::Certification> {
  static constexpr const char* kName = "certification";
  static constexpr Permission kPermission = Permission::kWriteCertifications;
};
template <>
struct Traits<model::SafetyStock> {
  static constexpr const char* kName = "safety_stock";
  static constexpr Permission kPermission = Permission::kWriteMasterData;
};

template <typename T>
std::string label() {
  std::string s = Traits<T>::kName;
  for (auto& ch : s) {
    if (ch == '_') ch = ' ';
  }
  return s;
}

template <typename T>
nlohmann::json event_payload(const T& entity) {
  return {{"id", entity.id}, {"version", entity.version}};
}

}  // namespace

template <typename T>
Result<T> MasterDataService::create(const Principal& who, T entity) {
  KERF_TRY(authorize(who, Traits<T>::kPermission));
  entity.id = 0;
  entity.version = 0;
  KERF_TRY(entity.validate());
  return changes_.run(who, [&](Change& c) -> Result<T> {
    auto saved = repo::insert(c.tx(), entity);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit(Traits<T>::kName, saved->id, "create", nullptr, json_of(*saved)));
    KERF_TRY(c.emit(std::string(Traits<T>::kName) + ".created", event_payload(*saved)));
    return saved;
  });
}

template <typename T>
Result<T> MasterDataService::update(const Principal& who, T entity) {
  KERF_TRY(authorize(who, Traits<T>::kPermission));
  KERF_TRY(entity.validate());
  return changes_.run(who, [&](Change& c) -> Result<T> {
    auto before = repo::get<T>(c.tx(), entity.id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version(label<T>(), entity.id, before->version, entity.version));
    auto saved = repo::update(c.tx(), entity);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit(Traits<T>::kName, saved->id, "update", json_of(*before), json_of(*saved)));
    KERF_TRY(c.emit(std::string(Traits<T>::kName) + ".updated", event_payload(*saved)));
    return saved;
  });
}

template <typename T>
Status MasterDataService::remove(const Principal& who, int64_t id, int64_t version) {
  KERF_TRY(authorize(who, Traits<T>::kPermission));
  return changes_.run(who, [&](Change& c) -> Status {
    auto before = repo::get<T>(c.tx(), id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version(label<T>(), id, before->version, version));
    KERF_TRY(repo::remove<T>(c.tx(), id, version));
    KERF_TRY(c.audit(Traits<T>::kName, id, "delete", json_of(*before), nullptr));
    return c.emit(std::string(Traits<T>::kName) + ".deleted", {{"id", id}});
  });
}

template <typename T>
Result<T> MasterDataService::get(const Principal& who, int64_t id) {
  return changes_.db().read([&](store::Tx& tx) { return repo::get<T>(tx, id); });
}

template <typename T>
Result<store::Page<T>> MasterDataService::list(const Principal& who,
                                               const store::ListQuery& query) {
  return changes_.db().read([&](store::Tx& tx) { return repo::list<T>(tx, query); });
}

#define KERF_APP_MASTER_DATA(T)                                                     \
  template Result<T> MasterDataService::create<T>(const Principal&, T);             \
  template Result<T> MasterDataService::update<T>(const Principal&, T);             \
  template Status MasterDataService::remove<T>(const Principal&, int64_t, int64_t); \
  template Result<T> MasterDataService::get<T>(const Principal&, int64_t);          \
  template Result<store::Page<T>> MasterDataService::list<T>(const Principal&,      \
                                                             const store::ListQuery&);

KERF_APP_MASTER_DATA(model::WorkCenter)
KERF_APP_MASTER_DATA(model::Customer)
KERF_APP_MASTER_DATA(model::Part)
KERF_APP_MASTER_DATA(model::ShiftCalendar)
KERF_APP_MASTER_DATA(model::Tool)
KERF_APP_MASTER_DATA(model::Certification)
KERF_APP_MASTER_DATA(model::SafetyStock)

#undef KERF_APP_MASTER_DATA

}  // namespace kerf::app
