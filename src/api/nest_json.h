// JSON of nests and the laser queue as the API answers them (schemas: openapi_nest_schemas.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include "kerf/app/nest_service.h"
#include "kerf/model/nest.h"

namespace kerf::api {

// The "Nest" component: every field of model::Nest; work_center_id and operation_id are null
// when 0 (unknown / not linked).
nlohmann::json nest_json(const model::Nest& n);
// The "LaserQueueEntry" component: {nest, work_center_code, sheet_label, heat_number,
// job_numbers, planned_start}.
nlohmann::json laser_queue_entry_json(const app::LaserQueueEntry& e);

}  // namespace kerf::api
