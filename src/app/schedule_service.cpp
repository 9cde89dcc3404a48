#include "kerf/app/schedule_service.h"

#include <algorithm>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/core/time_format.h"

namespace kerf::app {
namespace {

using model::Role;

Result<model::ScheduleSlot> save_slot(Change& c, const model::ScheduleSlot& before,
                                      const model::ScheduleSlot& after, const std::string& action,
                                      nlohmann::json payload) {
  auto saved = repo::update(c.tx(), after);
  if (!saved.ok()) return saved.error();
  KERF_TRY(c.audit("schedule_slot", saved->id, action, json_of(before), json_of(*saved)));
  payload["id"] = saved->id;
  payload["version"] = saved->version;
  payload["operation_id"] = saved->operation_id;
  payload["work_center_id"] = saved->work_center_id;
  payload["start"] = format_iso8601(saved->start);
  payload["end"] = format_iso8601(saved->end);
  payload["pinned"] = saved->pinned;
  KERF_TRY(c.emit("schedule." + action, payload));
  return saved;
}

Result<model::ScheduleSlot> set_pinned(ChangeRunner& changes, const Principal& who, int64_t slot_id,
                                       std::optional<int64_t> version, bool pinned) {
  KERF_TRY(authorize(who, Permission::kEditSchedule));
  return changes.run(who, [&](Change& c) -> Result<model::ScheduleSlot> {
    auto before = repo::get<model::ScheduleSlot>(c.tx(), slot_id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version("schedule slot", slot_id, before->version, version));
    model::ScheduleSlot after = *before;
    after.pinned = pinned;
    return save_slot(c, *before, after, pinned ? "slot_pinned" : "slot_unpinned",
                     nlohmann::json::object());
  });
}

}  // namespace

Result<model::ScheduleSlot> ScheduleService::move(const Principal& who,
                                                  const MoveSlotInput& input) {
  KERF_TRY(authorize(who, Permission::kEditSchedule));
  if (input.start.time_since_epoch().count() <= 0) {
    return Error::invalid("start", "is required");
  }
  if (input.work_center_id <= 0) return Error::invalid("work_center_id", "is required");
  return changes_.run(who, [&](Change& c) -> Result<model::ScheduleSlot> {
    auto before = repo::get<model::ScheduleSlot>(c.tx(), input.slot_id);
    if (!before.ok()) return before.error();
    KERF_TRY(
        check_version("schedule slot", input.slot_id, before->version, input.expected_version));
    if (before->locked) {
      return Error::precondition("schedule slot " + std::to_string(before->id) +
                                 " is inside the frozen horizon and cannot move");
    }
    auto op = repo::get<model::Operation>(c.tx(), before->operation_id);
    if (!op.ok()) return op.error();
    const auto& eligible = op->eligible_work_center_ids;
    if (std::find(eligible.begin(), eligible.end(), input.work_center_id) == eligible.end()) {
      return Error::invalid("work_center_id", "work center " +
                                                  std::to_string(input.work_center_id) +
                                                  " is not eligible for operation " + op->name);
    }
    auto wc = repo::get<model::WorkCenter>(c.tx(), input.work_center_id);
    if (!wc.ok()) {
      if (wc.error().code == ErrorCode::kNotFound) {
        return missing_reference("work_center_id", "work center");
      }
      return wc.error();
    }
    model::ScheduleSlot after = *before;
    auto duration = before->end - before->start;
    after.work_center_id = input.work_center_id;
    after.start = input.start;
    after.end = input.start + duration;
    after.pinned = true;
    return save_slot(c, *before, after, "slot_moved",
                     {{"from_work_center_id", before->work_center_id},
                      {"from_start", format_iso8601(before->start)}});
  });
}

Result<model::ScheduleSlot> ScheduleService::pin(const Principal& who, int64_t slot_id,
                                                 std::optional<int64_t> expected_version) {
  return set_pinned(changes_, who, slot_id, expected_version, true);
}

Result<model::ScheduleSlot> ScheduleService::unpin(const Principal& who, int64_t slot_id,
                                                   std::optional<int64_t> expected_version) {
  return set_pinned(changes_, who, slot_id, expected_version, false);
}

Result<model::ScheduleSlot> ScheduleService::get(const Principal& who, int64_t slot_id) {
  return changes_.db().read(
      [&](store::Tx& tx) { return repo::get<model::ScheduleSlot>(tx, slot_id); });
}

Result<store::Page<model::ScheduleSlot>> ScheduleService::list(const Principal& who,
                                                               const store::ListQuery& query) {
  return changes_.db().read(
      [&](store::Tx& tx) { return repo::list<model::ScheduleSlot>(tx, query); });
}

}  // namespace kerf::app
