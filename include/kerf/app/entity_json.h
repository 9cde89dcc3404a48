// JSON views of the model's entities: the "before"/"after" documents of audit rows and the
// bodies of domain events. Enums use their snake_case names, times ISO 8601 UTC.
#pragma once

#include <nlohmann/json.hpp>

#include "kerf/model/machine.h"
#include "kerf/model/model.h"

namespace kerf::app {

nlohmann::json json_of(const model::Customer& c);
nlohmann::json json_of(const model::Part& p);
nlohmann::json json_of(const model::Capabilities& c);
nlohmann::json json_of(const model::WorkCenter& w);
nlohmann::json json_of(const model::ShiftCalendar& c);
nlohmann::json json_of(const model::Job& j);
nlohmann::json json_of(const model::Operation& o);
nlohmann::json json_of(const model::HeatLot& h);
nlohmann::json json_of(const model::SheetStock& s);
nlohmann::json json_of(const model::SafetyStock& s);
nlohmann::json json_of(const model::ScheduleSlot& s);
nlohmann::json json_of(const model::Tool& t);
nlohmann::json json_of(const model::User& u);  // never contains a password hash
nlohmann::json json_of(const model::Certification& c);
nlohmann::json json_of(const model::Nest& n);
nlohmann::json json_of(const model::Machine& m);  // src/app/machine_json.cpp

}  // namespace kerf::app
