// The program changes shared by NestService's Sigmanest use cases (nest_service.cpp) and the
// operator actions on the laser queue (nest_floor.cpp). Each runs inside the caller's Change,
// checks the state transition, writes the nest, its audit row and its event (with `origin`).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kerf/app/change.h"
#include "kerf/app/nest_service.h"
#include "kerf/model/inventory.h"
#include "kerf/model/nest.h"
#include "kerf/model/validation.h"

namespace kerf::app {

// "<list>/<i>/<field>": the name of a list element's field in field errors.
std::string indexed(const char* list, std::size_t i, const char* field);
// The program `name` or kNotFound "program <name> not found".
Result<model::Nest> load_program(store::Tx& tx, const std::string& name);
// Field errors "remnants/<i>/length_mm|width_mm|location|name" of `remnants` (a name at most
// 50 characters and once per list).
void check_remnants(model::FieldErrors& errors, const std::vector<RemnantInput>& remnants);
// Sheet stock rows for `remnants` of `nest`, cut from `parent` (its heat lot and location),
// each audited `sheet` `remnant` and, when named, recorded under Sigmanest's name; their ids in
// order.
Result<std::vector<int64_t>> add_remnants(Change& c, const model::Nest& nest,
                                          const model::SheetStock& parent,
                                          const std::vector<RemnantInput>& remnants);

// Each job's share of the `repeat` sheets of `nest`: in proportion to the flat area of its
// pieces on the program (by piece count when a part has no flat size), rounded to 1e-4, each
// > 0; they sum to `repeat` up to rounding.
Result<std::map<int64_t, double>> job_sheet_shares(store::Tx& tx, const model::Nest& nest);

// posted|stopped -> started, started -> stopped; the state it is in already returns `before`
// unchanged (nothing written) unless cut_seconds_actual changes. kFailedPrecondition otherwise.
Result<model::Nest> change_nest_state(Change& c, const model::Nest& before, model::NestState state,
                                      int64_t cut_seconds_actual, NestOrigin origin);
// cut_program's steps on `before` (input's program_name is not read): sheets, traceability,
// operations, remnants, the nest cut. kFailedPrecondition when it is cut already.
Result<CutResult> cut_nest(Change& c, const model::Nest& before, const CutProgramInput& input,
                           NestOrigin origin);
// Deletes a posted or stopped program; kFailedPrecondition when started or cut.
Status delete_posted_nest(Change& c, const model::Nest& before, NestOrigin origin);

}  // namespace kerf::app
