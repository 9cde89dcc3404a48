// Private: the simulator's own tables (sim_schema.cpp).
#pragma once

#include <string>
#include <vector>

namespace kerf::integrations::simtrans_sim {

// SimState (counters) and SimProgram (per-program data beyond SNDBase's columns).
std::vector<std::string> sim_own_ddl();

}  // namespace kerf::integrations::simtrans_sim
