// The simulator's own tables (SimState, SimProgram); the SimTrans, SNDBase and feedback tables
// come from sigmanest::simtrans_ddl.
#include "integrations/simtrans_sim/sim_schema.h"

namespace kerf::integrations::simtrans_sim {

std::vector<std::string> sim_own_ddl() {
  return {"CREATE TABLE SimState (Name VARCHAR(50) NOT NULL PRIMARY KEY, Value BIGINT NOT NULL)",
          "CREATE TABLE SimProgram (ProgramName VARCHAR(50) NOT NULL PRIMARY KEY, "
          "SheetLength FLOAT, SheetWidth FLOAT, UsedLength FLOAT, FromRemnant INTEGER, "
          "HeatNumber VARCHAR(50), PostedMicros BIGINT)"};
}

}  // namespace kerf::integrations::simtrans_sim
