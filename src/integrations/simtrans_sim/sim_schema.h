// Private: the simulator's own tables and the fallback SimTrans DDL (sim_schema.cpp).
#pragma once

#include <string>
#include <vector>

namespace kerf::integrations::simtrans_sim {

// SimState (counters) and SimProgram (per-program data beyond SNDBase's columns).
std::vector<std::string> sim_own_ddl();
// TransAct, TransActLog, SimTransEvents, the SNDBase subset and the STxxArc tables, for SQLite
// (postgres = false) or PostgreSQL.
std::vector<std::string> fallback_simtrans_ddl(bool postgres);

}  // namespace kerf::integrations::simtrans_sim
