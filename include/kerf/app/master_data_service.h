// CRUD use cases for master data: work centers, customers, parts, shift calendars, tools,
// certifications and safety stock levels. One template API, explicitly instantiated for
// exactly those types (using any other type fails to link).
//
// Roles: work centers, calendars, parts, customers, safety stock -> planner; tools -> planner or
// lead; certifications -> quality. Reads: any authenticated user. Each write validates the
// entity (field errors as in model), audits, and emits "<entity>.created|updated|deleted",
// e.g. "work_center.updated", with {"id", "version"}.
#pragma once

#include <cstdint>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/model/model.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

class MasterDataService {
 public:
  explicit MasterDataService(ChangeRunner& changes) : changes_(changes) {}

  // Inserts `entity` (its id/version are ignored) and returns it with id and version 1.
  template <typename T>
  Result<T> create(const Principal& who, T entity);
  // Updates the entity with entity.id; entity.version must be the current version (kConflict).
  template <typename T>
  Result<T> update(const Principal& who, T entity);
  // Deletes it (kFailedPrecondition while other rows reference it).
  template <typename T>
  Status remove(const Principal& who, int64_t id, int64_t version);
  template <typename T>
  Result<T> get(const Principal& who, int64_t id);
  template <typename T>
  Result<store::Page<T>> list(const Principal& who, const store::ListQuery& query);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
