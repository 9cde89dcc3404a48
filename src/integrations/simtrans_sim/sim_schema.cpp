// The simulator's own tables (SimState, SimProgram) and a fallback DDL for the SimTrans,
// SNDBase and feedback tables used until/unless sigmanest::simtrans_ddl provides them.
#include "integrations/simtrans_sim/sim_schema.h"

namespace kerf::integrations::simtrans_sim {

namespace {

std::string identity(bool postgres) {
  return postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
}

std::string item_data() {
  std::string out;
  for (int i = 1; i <= 18; ++i) out += ", ItemData" + std::to_string(i) + " VARCHAR(50)";
  return out;
}

}  // namespace

std::vector<std::string> sim_own_ddl() {
  return {"CREATE TABLE SimState (Name VARCHAR(50) NOT NULL PRIMARY KEY, Value BIGINT NOT NULL)",
          "CREATE TABLE SimProgram (ProgramName VARCHAR(50) NOT NULL PRIMARY KEY, "
          "SheetLength FLOAT, SheetWidth FLOAT, UsedLength FLOAT, FromRemnant INTEGER, "
          "HeatNumber VARCHAR(50), PostedMicros BIGINT)"};
}

std::vector<std::string> fallback_simtrans_ddl(bool postgres) {
  const std::string id = identity(postgres);
  std::string transact =
      "CREATE TABLE TransAct (AutoInc " + id +
      ", TransType VARCHAR(10) NOT NULL, District INTEGER NOT NULL, TransID VARCHAR(10), "
      "OrderNo VARCHAR(50), ItemName VARCHAR(100), Qty INTEGER, Material VARCHAR(50), "
      "Thickness FLOAT, DueDate VARCHAR(50), Customer VARCHAR(50), DwgNumber VARCHAR(50), "
      "Priority INTEGER, FileName VARCHAR(50), Remark VARCHAR(80), RevNumber VARCHAR(50), "
      "OnHold INTEGER, ItemType VARCHAR(50), Process VARCHAR(50), Length FLOAT, Width FLOAT, "
      "HeatNumber VARCHAR(50), BinNumber VARCHAR(50), Location VARCHAR(50), Mill VARCHAR(50), "
      "PrimeCode VARCHAR(50), Cost FLOAT" +
      item_data() +
      ", ProgramName VARCHAR(50), ProgramRepeat INTEGER, StringData1 VARCHAR(50), "
      "StringData2 VARCHAR(50), StringData3 VARCHAR(50), StringData4 VARCHAR(50), Param1 VARCHAR(50), "
      "Param2 VARCHAR(50), Param3 VARCHAR(50), Param4 VARCHAR(50), Param5 VARCHAR(50), StartDate VARCHAR(50), "
      "EndDate VARCHAR(50), AddedDate TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
      "ErrorTag SMALLINT NOT NULL DEFAULT 0)";
  const std::string fb = "AutoID " + id + ", ArchivePacketID BIGINT NOT NULL, TransType VARCHAR(10) NOT NULL";
  return {
      transact,
      "CREATE TABLE TransActLog (LogID " + id +
          ", AutoInc BIGINT, TransID VARCHAR(10), TransType VARCHAR(10), District INTEGER, "
          "ProcessedAt VARCHAR(30), Result VARCHAR(10), Message VARCHAR(1000))",
      "CREATE TABLE SimTransEvents (EventID " + id +
          ", EventTime VARCHAR(30), TransID VARCHAR(10), Level VARCHAR(10), Text VARCHAR(1000))",
      "CREATE TABLE WO (WONumber VARCHAR(50) NOT NULL PRIMARY KEY, Customer VARCHAR(50), "
      "DueDate VARCHAR(50), Priority INTEGER, OnHold INTEGER NOT NULL DEFAULT 0, Remark "
      "VARCHAR(80))",
      "CREATE TABLE Part (WONumber VARCHAR(50) NOT NULL, PartName VARCHAR(100) NOT NULL, "
      "QtyOrdered INTEGER NOT NULL, QtyCompleted INTEGER NOT NULL DEFAULT 0, Material "
      "VARCHAR(50), Thickness FLOAT, Length FLOAT, Width FLOAT, DueDate VARCHAR(50), Priority "
      "INTEGER, DwgNumber VARCHAR(50), RevNumber VARCHAR(50), Process VARCHAR(50), Remark "
      "VARCHAR(80), FileName VARCHAR(50)" +
          item_data() + ", PRIMARY KEY (WONumber, PartName))",
      "CREATE TABLE Stock (SheetName VARCHAR(50) NOT NULL PRIMARY KEY, Material VARCHAR(50), "
      "Thickness FLOAT, Length FLOAT, Width FLOAT, Qty INTEGER NOT NULL, HeatNumber VARCHAR(50), "
      "Location VARCHAR(50), BinNumber VARCHAR(50), Mill VARCHAR(50), PrimeCode VARCHAR(50), "
      "Cost FLOAT)",
      "CREATE TABLE Remnant (RemnantName VARCHAR(50) NOT NULL PRIMARY KEY, Material "
      "VARCHAR(50), Thickness FLOAT, Length FLOAT, Width FLOAT, Qty INTEGER NOT NULL, HeatNumber "
      "VARCHAR(50), Location VARCHAR(50), BinNumber VARCHAR(50), Mill VARCHAR(50), PrimeCode "
      "VARCHAR(50), Cost FLOAT)",
      "CREATE TABLE Program (ProgramName VARCHAR(50) NOT NULL PRIMARY KEY, RepeatID INTEGER, "
      "SheetName VARCHAR(50), MachineName VARCHAR(50), Material VARCHAR(50), Thickness FLOAT, "
      "State VARCHAR(10), CuttingTime INTEGER, ActualCutTime INTEGER, UsedArea FLOAT, "
      "ScrapFraction FLOAT, ArchivePacketID BIGINT, PostedAt VARCHAR(30))",
      "CREATE TABLE PIP (ProgramName VARCHAR(50) NOT NULL, WONumber VARCHAR(50) NOT NULL, "
      "PartName VARCHAR(100) NOT NULL, QtyInProcess INTEGER NOT NULL)",
      "CREATE TABLE SIP (ProgramName VARCHAR(50) NOT NULL, SheetName VARCHAR(50) NOT NULL, "
      "Qty INTEGER NOT NULL)",
      "CREATE TABLE STPrgArc (" + fb +
          ", ProgramName VARCHAR(50), RepeatID INTEGER, SheetName VARCHAR(50), MachineName "
          "VARCHAR(50), CuttingTime INTEGER, ActualCutTime INTEGER, UsedArea FLOAT, "
          "ScrapFraction FLOAT, Material VARCHAR(50), Thickness FLOAT, SheetLength FLOAT, "
          "SheetWidth FLOAT)",
      "CREATE TABLE STPIPArc (" + fb +
          ", ProgramName VARCHAR(50), PartName VARCHAR(100), WONumber VARCHAR(50), QtyInProcess "
          "INTEGER" +
          item_data() + ")",
      "CREATE TABLE STPrtArc (" + fb +
          ", ProgramName VARCHAR(50), PartName VARCHAR(100), WONumber VARCHAR(50), QtyProgram "
          "INTEGER" +
          item_data() + ")",
      "CREATE TABLE STShtArc (" + fb +
          ", ProgramName VARCHAR(50), SheetName VARCHAR(50), HeatNumber VARCHAR(50), Material "
          "VARCHAR(50), Thickness FLOAT, Length FLOAT, Width FLOAT, Qty INTEGER)",
      "CREATE TABLE STRemArc (" + fb +
          ", ProgramName VARCHAR(50), RemnantName VARCHAR(50), Length FLOAT, Width FLOAT, Area "
          "FLOAT, Material VARCHAR(50), Thickness FLOAT, HeatNumber VARCHAR(50), Location "
          "VARCHAR(50))",
      "CREATE TABLE STWOArc (" + fb + ", WONumber VARCHAR(50), Customer VARCHAR(50))",
  };
}

}  // namespace kerf::integrations::simtrans_sim
