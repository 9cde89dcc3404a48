// Private: the simulator's state and the helpers shared by its parts (simulator.cpp: lifecycle,
// schema, faults, run loop; rules.cpp: SimTrans applying TransAct rows; programmer.cpp: nesting
// and the feedback packets).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/simtrans_sim/simulator.h"

namespace kerf::integrations::simtrans_sim {

using odbc::Value;
// Column name -> value (absent or nullopt = NULL), for generic INSERTs.
using Fields = std::map<std::string, Value>;

// One row of a feedback packet still to be written.
struct FeedbackInsert {
  std::string table;  // "STPrgArc", ...
  Fields fields;      // without AutoID / ArchivePacketID / TransType
};

// A feedback packet (one program event): rows of several STxxArc tables, one STPrgArc row.
struct Packet {
  std::string trans_type;  // SN100 | SN101 | SN102
  std::vector<FeedbackInsert> rows;
};

// Work done inside one transaction whose effects outlive it only when it commits.
struct TxEffects {
  std::vector<std::pair<int64_t, FeedbackInsert>> held_back;  // half-visible STPrgArc rows
  std::vector<int64_t> visible_packets;                       // packets complete at commit
  int posted = 0, cut = 0, deleted = 0, packets = 0;
};

// The simulator's state; every member is used under `mu`.
struct SimState {
  SimulatorOptions opt;
  Env* env = nullptr;
  std::unique_ptr<odbc::Connection> conn;
  std::unique_ptr<odbc::Connection> lock_conn;  // hold_lock()
  Faults faults;
  SimTransSimulator::Stats stats;
  std::vector<std::pair<int64_t, FeedbackInsert>> held_back;  // committed, not yet written
  int64_t packets_seen = 0;                                   // for third_party_delete_every
  bool postgres = false;
};

// --- database helpers (simulator.cpp) ---
// INSERT INTO table (cols...) VALUES (?...) with `fields`.
Status insert_row(odbc::Connection& c, const std::string& table, const Fields& fields);
// The next value of the simulator's counter `name` (SimState table), inside the caller's
// transaction.
Result<int64_t> next_counter(odbc::Connection& c, const std::string& name);
// Numbers read back as text.
double num(const Value& v, double fallback = 0);
int64_t integer(const Value& v, int64_t fallback = 0);
bool present(const Value& v);             // non-NULL and not blank
std::string fmt_num(double v);            // shortest C-locale text ("1.5", "3")
std::string timestamp_text(TimePoint t);  // "YYYY-MM-DD HH:MM:SS" UTC

// Writes `packet` with a fresh ArchivePacketID inside the caller's transaction, honouring
// half_visible_batch and duplicate_feedback; returns the ArchivePacketID.
Result<int64_t> write_packet(SimState& s, TxEffects& fx, const Packet& packet);
// After a commit: records held-back rows and applies third-party deletes and counters.
void after_commit(SimState& s, const TxEffects& fx);
// Writes the held-back STPrgArc rows (one transaction).
Status flush_held_back(SimState& s);
// Deletes a packet's rows from one or all feedback tables (autocommit).
Result<int64_t> delete_packet_rows(SimState& s, int64_t archive_packet_id,
                                   const std::string& table);

// --- SimTrans rules (rules.cpp) ---
// Applies TransAct row `r` of `rows` inside the caller's transaction: ok, or the reason
// (kInvalidArgument / kNotFound / kFailedPrecondition / kConflict) it fails.
Status apply_transact_row(SimState& s, TxEffects& fx, const odbc::ResultSet& rows, size_t r);

// --- programs (program_events.cpp) ---
// A Program row joined with its SimProgram row.
struct ProgramRow {
  std::string name, sheet, machine, material, state;
  double thickness = 0;
  int64_t repeat = 1, cutting = 0, actual = 0;
  double used_area = 0, scrap = 0;
  // SimProgram
  double sheet_length = 0, sheet_width = 0, used_length = 0;
  bool from_remnant = false;
  Value heat;
};
// The program `name`, or nullopt when it does not exist.
Result<std::optional<ProgramRow>> load_program(odbc::Connection& c, const std::string& name);
// The program `name`, or kNotFound.
Result<ProgramRow> require_program(odbc::Connection& c, const std::string& name);

// --- programmer (programmer.cpp) ---
Result<int> nest_in_tx(SimState& s, TxEffects& fx);
Status cut_in_tx(SimState& s, TxEffects& fx, const std::string& program);
Status delete_in_tx(SimState& s, TxEffects& fx, const std::string& program, bool for_repost);
Status repost_in_tx(SimState& s, TxEffects& fx, const std::string& program);
// Program state changes of SN73N / SN73C (no feedback).
Status set_program_state(SimState& s, const std::string& program, const std::string& state,
                         const Value& cut_seconds, const Value& machine);
Status set_actual_cut_time(SimState& s, const std::string& program, int64_t seconds);
Status reject_part(SimState& s, const std::string& program, const std::string& part,
                   const std::string& sheet, int64_t qty);
Result<std::vector<ProgramInfo>> load_programs(SimState& s, const std::string& only_name);
// Estimated cutting time (s) of `pieces` pieces with `perimeter_mm` of cut at `thickness_mm`.
int64_t estimate_cut_seconds(double perimeter_mm, int64_t pieces, double thickness_mm);

}  // namespace kerf::integrations::simtrans_sim
