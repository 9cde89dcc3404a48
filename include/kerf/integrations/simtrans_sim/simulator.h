// A SimTrans + Sigmanest simulator on a real database reached through ODBC: what cannot run here
// (SQL Server + the SimTrans service + a Sigmanest programmer) faked faithfully for the tests and
// `kerf serve --demo`. docs/simtrans_simulator.md is the specification (rules, knobs, limits).
//
// - SimTrans: poll_once() applies waiting TransAct rows in AutoInc order, each in its own
//   transaction, to the SNDBase subset (WO, Part, Stock, Remnant, Program, PIP, SIP); a processed
//   row leaves TransAct (TransActLog "ok"); a failed row stays with ErrorTag = 1 (TransActLog
//   "error" and a SimTransEvents line with the reason).
// - The programmer: nest_once() packs releasable parts onto sheets of their material and
//   thickness and posts one program per sheet (SN100 feedback); cut_program() (SN102),
//   delete_program() (SN101) and repost() (SN101 + SN100) write the other feedback packets.
// - Fault knobs (Faults) make it misbehave the way the real pair does.
//
// Thread-safety: every public member may be called from any thread (one internal mutex; one
// ODBC connection used under it).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/integrations/simtrans_sim/packer.h"

namespace kerf::integrations::simtrans_sim {

enum class RepostOrder {
  kDeleteFirst,  // SN101 packet, then SN100 packet (higher ArchivePacketID)
  kPostFirst,    // SN100 packet, then SN101 packet
};

struct Faults {
  // SimTrans service stopped: poll_once() does nothing (rows wait in TransAct).
  bool simtrans_stopped = false;
  // Each feedback packet is written in two transactions: every row but the STPrgArc one first;
  // the STPrgArc row only at the start of the next poll_once()/nest_once()/flush_pending().
  bool half_visible_batch = false;
  // The order of the two packets of a re-post.
  RepostOrder repost_order = RepostOrder::kDeleteFirst;
  // Every feedback packet's rows are written twice (same ArchivePacketID, new AutoIDs).
  bool duplicate_feedback = false;
  // Every Nth feedback packet written (N > 0) is deleted by "another consumer" right after it
  // became visible (all of its rows); 0 = never.
  int third_party_delete_every = 0;
  // The next N TransAct rows poll_once() tries to apply are chosen as deadlock victims: the
  // row's transaction is rolled back (the row stays waiting, ErrorTag 0), a SimTransEvents line
  // is written and poll_once() returns the classified retryable error (odbc::failure_of ==
  // kRetryable). Counts down.
  int deadlock_next = 0;
  // The next N TransAct rows applied fail as error rows (ErrorTag = 1, reason "simulated
  // error"), whatever their content. Counts down.
  int error_next = 0;
};

struct SimulatorOptions {
  std::string connection_string;  // ODBC, e.g. "Driver=SQLite3;Database=/tmp/simtrans.db"
  int32_t district = 1;           // the profile this SimTrans instance serves; rows of other
                                  // districts are left alone
  Env* env = nullptr;             // time and randomness; nullptr = Env::system()
  Faults faults;
  PackOptions packing;
  // Part size when the Part row has no Length/Width (mm).
  double default_part_length_mm = 100;
  double default_part_width_mm = 100;
  // MachineName when the Part row has no Process (the first part of a program decides).
  std::string machine_name = "LASER-1";
  // Unused strip at the sheet's far end returned as a remnant when at least this long (mm,
  // along the sheet length) and the sheet is not itself narrower than it.
  double min_remnant_length_mm = 300;
  // Nest on remnants (before full sheets). Off in kerf's demo: a remnant's Sigmanest name
  // ("R-<program>") is not a kerf stock code, so kerf would refuse programs cut from it.
  bool nest_on_remnants = true;
  // Programs are named "<prefix>-<material>-<thickness>-<NNNN>", e.g. "N-304-1.5-0042".
  std::string program_prefix = "N";
  int query_timeout_s = 30;
  // run(): how often SimTrans polls and the programmer nests; programs are cut (SN102) once
  // their estimated cutting time has elapsed on the Env clock after posting (auto_cut).
  std::chrono::milliseconds poll_interval{500};
  std::chrono::milliseconds nest_interval{2000};
  bool auto_cut = true;
  // run(): the lasers cut this many times faster than Sigmanest's estimate (the demo shows
  // cut programs within minutes; tests keep 1).
  double cut_time_scale = 1.0;
  // Demo convenience (off by default; real stock comes from kerf's SN94/SN91A rows): when
  // releasable parts have no sheet of their material and thickness at all, the programmer
  // "receives" `auto_stock_qty` sheets "AUTO-<material>-<thickness>" of this size with a random
  // heat number "H-<6 digits>" (Env randomness) into Stock before nesting.
  bool auto_stock = false;
  double auto_stock_length_mm = 3000;
  double auto_stock_width_mm = 1500;
  int64_t auto_stock_qty = 10;
};

// One posted program as the simulator's Program table holds it.
struct ProgramInfo {
  std::string name;
  std::string sheet_name;
  std::string machine_name;
  std::string material;
  double thickness = 0;
  std::string state;  // "posted", "started", "stopped", "cut"
  int64_t cutting_time_s = 0;
  int64_t actual_cut_time_s = 0;
  double used_area = 0;
  double scrap_fraction = 0;
  int64_t archive_packet_id = 0;  // of its last SN100 packet
  TimePoint posted_at{};
};

class SimTransSimulator {
 public:
  // Connects; kUnavailable when the database cannot be reached.
  static Result<std::unique_ptr<SimTransSimulator>> open(SimulatorOptions options);
  ~SimTransSimulator();
  SimTransSimulator(const SimTransSimulator&) = delete;
  SimTransSimulator& operator=(const SimTransSimulator&) = delete;

  // Creates the SimTrans/SNDBase/feedback tables (simtrans_schema.h's DDL) and the simulator's
  // own SimState table when they are missing; idempotent.
  Status create_schema();

  // SimTrans: applies the waiting rows of this district in AutoInc order; returns how many rows
  // were processed (ok or failed). Does nothing when simtrans_stopped. Writes a pending
  // half-visible STPrgArc row first.
  Result<int> poll_once();

  // The programmer: nests releasable parts and posts a program per sheet; returns the number of
  // programs posted.
  Result<int> nest_once();
  // Cuts a posted/started/stopped program (what SN70 does): completes its parts, consumes the
  // sheet, returns the remnant to stock, writes the SN102 packet. kNotFound / kFailedPrecondition.
  Status cut_program(const std::string& name);
  // Deletes a program that is not started or cut (SN101 packet); its parts become releasable.
  Status delete_program(const std::string& name);
  // Re-posts a program unchanged: SN101 + SN100 packets in the order of faults.repost_order.
  Status repost(const std::string& name);
  // Writes the STPrgArc rows held back by half_visible_batch.
  Status flush_pending();

  // Deletes every row of packet `archive_packet_id` from `table` ("STPIPArc", ...) or from all
  // feedback tables when `table` is empty, as a third-party consumer would; returns rows deleted.
  Result<int64_t> delete_feedback_rows(int64_t archive_packet_id, const std::string& table = "");

  // Real lock contention for kerf's side: a second connection opens a transaction holding a
  // write lock on TransAct (PostgreSQL: LOCK TABLE ... ACCESS EXCLUSIVE; SQLite: the database
  // write lock) until release_lock(). kerf's statements then wait and time out.
  Status hold_lock();
  Status release_lock();

  std::vector<ProgramInfo> programs();
  Result<ProgramInfo> program(const std::string& name);

  Faults faults() const;
  void set_faults(const Faults& faults);

  // The demo loop: polls every poll_interval, nests every nest_interval, cuts programs whose
  // cutting time elapsed (auto_cut), until `stop` is requested. Errors are logged, never fatal.
  // pause()/resume() stop and restart the work without leaving the loop.
  void run(std::stop_token stop);
  // One auto-cut step of run(): cuts (SN102) every program whose laser has finished it by now on
  // the Env clock (each laser cuts its programs in posting order, a stopped program blocks its
  // laser); returns how many were cut.
  int cut_due_programs();
  void pause();
  void resume();
  bool paused() const;

  // Counters since open().
  struct Stats {
    int64_t rows_ok = 0, rows_failed = 0, programs_posted = 0, programs_cut = 0,
            programs_deleted = 0, packets_written = 0;
  };
  Stats stats() const;

 private:
  struct Impl;
  explicit SimTransSimulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::integrations::simtrans_sim
