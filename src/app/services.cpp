#include "kerf/app/services.h"

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/permissions.h"
#include "kerf/store/outbox_repo.h"

namespace kerf::app {
namespace {

// A random 64-bit node id in hex: unique among the nodes sharing a database.
std::string new_node_id(Env& env) {
  unsigned char bytes[8];
  env.secure_random(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 15]);
  }
  return id;
}

}  // namespace

ServicesOptions ServicesOptions::for_tests() {
  ServicesOptions o;
  o.auth.password = PasswordHashOptions::minimum();
  return o;
}

Result<int64_t> OutboxRelay::run_once(int64_t max) {
  auto before = changes_.env().now() - grace_;
  auto pending =
      changes_.db().read([&](store::Tx& tx) { return repo::fetch_unpublished(tx, before, max); });
  if (!pending.ok()) return pending.error();
  if (pending->empty()) return int64_t{0};
  auto claimed = changes_.db().transact(
      [&](store::Tx& tx) { return changes_.claim_and_announce(tx, *pending); });
  if (!claimed.ok()) return claimed.error();
  for (auto& e : *claimed) changes_.bus().publish(e);
  return static_cast<int64_t>(claimed->size());
}

Services::Services(store::Database& db, Env& env, EventBus& bus, ServicesOptions options)
    : options_(options),
      changes_(db, env, bus, new_node_id(env)),
      auth_(db, env, changes_, options.auth),
      jobs_(changes_),
      operations_(changes_),
      schedule_(changes_),
      materials_(changes_),
      master_data_(changes_),
      trace_(db),
      relay_(changes_, options.relay_grace),
      machines_(changes_, master_data_, options.machines),
      scans_(changes_, operations_, options.scans),
      sigmanest_(changes_),
      nests_(changes_),
      agents_(changes_),
      approvals_(changes_) {}

Services::~Services() = default;

void Services::add_background_tasks(Background& background) {
  background.add_periodic("outbox.relay", options_.relay_period,
                          [this] { return status_of(relay_.run_once()); });
  background.add_periodic("auth.session_purge", std::chrono::minutes(5),
                          [this] { return status_of(auth_.purge_expired_sessions()); });
  background.add_periodic("outbox.retention", std::chrono::hours(1),
                          [this] { return status_of(purge_old_events()); });
  machines_.add_background_tasks(background);
}

Result<store::Page<store::AuditEntry>> Services::audit_log(const Principal& who,
                                                           const store::ListQuery& query) {
  KERF_TRY(authorize(who, Permission::kReadAudit));
  return changes_.db().read([&](store::Tx& tx) { return store::list_audit(tx, query); });
}

Result<int64_t> Services::purge_old_events() {
  const TimePoint before = changes_.env().now() - options_.event_retention;
  return changes_.db().transact(
      [&](store::Tx& tx) { return store::purge_published_events(tx, before); });
}

}  // namespace kerf::app
