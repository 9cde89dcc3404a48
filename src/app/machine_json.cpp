// json_of(Machine): the audit form of a machine's master data.
#include "kerf/app/entity_json.h"

namespace kerf::app {

nlohmann::json json_of(const model::Machine& m) {
  return {{"id", m.id},
          {"version", m.version},
          {"code", m.code},
          {"name", m.name},
          {"work_center_id", m.work_center_id ? nlohmann::json(*m.work_center_id) : nullptr},
          {"protocol", model::to_string(m.protocol)},
          {"endpoint", m.endpoint},
          {"ideal_cycle_s", m.ideal_cycle_s},
          {"active", m.active}};
}

}  // namespace kerf::app
