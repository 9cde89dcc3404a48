// Outbound: kerf domain events -> SimTrans TransAct rows. The mapper is pure (facts in, rows
// out); the Outbound class reads the outbox through SigmanestLedger::events_after_cursor, loads
// the facts through app queries, queues the rows (refused ones with the field named) and sends
// queued rows through the Gateway, then tracks them until applied, failed or lost.
// docs/sigmanest_outbound.md specifies the mapping, the row life and the crash recovery.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"
#include "kerf/integrations/sigmanest/config.h"
#include "kerf/integrations/sigmanest/gateway.h"
#include "kerf/integrations/sigmanest/transact.h"
#include "kerf/model/model.h"

namespace kerf::integrations::sigmanest {

// ---- The pure mapper -----------------------------------------------------------------------

// The change a job event means for Sigmanest.
enum class JobChange { kRelease, kUpdate, kHold, kUnhold, kCancel };
// job.released / job.updated / job.held / job.unheld / job.cancelled; nullopt for any other.
std::optional<JobChange> job_change_of(std::string_view topic);

struct JobFacts {
  model::Job job;
  model::Part part;
  model::Customer customer;
  std::vector<model::Operation> operations;  // the routing
  bool sent_before = false;  // the work order was sent to Sigmanest earlier (SN87/SN84 queued)
};

struct SheetFacts {
  model::SheetStock sheet;
  std::string heat_number;
  bool sent_before = false;    // an SN94 for this sheet was queued earlier
  std::string sigmanest_name;  // a remnant Sigmanest reported: its RemnantName, else ""
  // The change is a consumption in kerf that no Sigmanest program made (a manual consume).
  bool consumed_outside_programs = false;
};

// A mapped row: the TransAct row (trans_id empty: the ledger assigns it) and what it is about.
struct MappedRow {
  TransActRow row;
  std::string entity;  // "job" | "sheet" | "nest"
  int64_t entity_id = 0;
};

// The job's laser operation (first kLaserCut operation), or nullptr.
const model::Operation* laser_operation(const std::vector<model::Operation>& operations);
// "S000123": the Sigmanest stock ItemName of kerf sheet 123.
std::string sheet_item_name(int64_t sheet_id);
// "YYYY-MM-DD HH:MM:SS" plant-local.
std::string transact_datetime(TimePoint t, const TimeZone& zone);
// Decimal text without trailing zeros ("1.5", "3000").
std::string transact_number(double v);

// Rows for a job change. Release: SN87 header (DueDate, Customer, Priority, OnHold 0) + SN84
// for the laser part (absolute Qty = job quantity - pieces already cut good on the laser
// operation; Material, Thickness, DueDate, Customer, DwgNumber, RevNumber, Length, Width, the
// ItemData slots). Update: SN87 + SN84 overwrite (SN81 when SN84 is disabled). Hold/unhold:
// SN87 OnHold 1/0. Cancel: SN89. Nothing for jobs without a laser operation, and nothing but a
// release for a work order not sent before. Codes disabled in the config are left out.
std::vector<MappedRow> map_job_change(JobChange change, const JobFacts& facts,
                                      const SigmanestConfig& config, const TimeZone& zone);
// Rows for a stock receipt or a stock quantity change: SN94 (new item: ItemName = sheet code,
// Qty, Material, Thickness, Length, Width, HeatNumber, Location, sheet id slot) for a sheet not
// sent before, else SN91A (absolute Qty). Remnants come from Sigmanest: nothing for them, but
// SN92 (ItemName = Sigmanest's name) when one is used up in kerf outside a program, so Sigmanest
// does not nest on an offcut that is gone.
std::vector<MappedRow> map_sheet(const SheetFacts& facts, const SigmanestConfig& config);

// An operator action on a program in kerf (the events' origin "kerf"), for Sigmanest.
enum class ProgramChange { kStart, kStop, kDone, kReject, kDelete };

struct ProgramFacts {
  ProgramChange change = ProgramChange::kStart;
  int64_t nest_id = 0;
  std::string program_name;
  std::string machine;      // the laser (SN73N StringData1)
  int64_t cut_seconds = 0;  // seconds cut (SN73N stop and SN73C Param3); 0 = unknown
  std::string item_name;    // SN78R: the part number, the ItemName SN84 sent
  int64_t sheet_id = 0;     // the program's sheet (SN78R StringData4 = its stock ItemName)
  int64_t pieces = 0;       // SN78R Qty
};

// The facts of a nest.state (started/stopped), nest.cut, nest.part_rejected or nest.deleted
// event whose origin is "kerf"; nullopt for any other event, so a change that came from
// Sigmanest's own feedback is never echoed back to it.
std::optional<ProgramFacts> program_facts_of(std::string_view topic, const nlohmann::json& payload);
// Rows for an operator action: start SN73N (Param1 1, StringData1 machine), stop SN73N (Param1
// 3, Param3 seconds so far when known), done SN73C (Param3 actual seconds, when known) + SN70,
// reject SN78R (ItemName, StringData4 sheet, Qty), delete SN74. Codes disabled in the config
// are left out.
std::vector<MappedRow> map_program_change(const ProgramFacts& facts, const SigmanestConfig& config);

// ---- Queueing and sending ------------------------------------------------------------------

struct OutboundStats {
  int64_t events = 0;     // outbox events read
  int64_t queued = 0;     // rows queued
  int64_t refused = 0;    // rows refused by validation (field named in the row's error)
  int64_t sent = 0;       // rows submitted and marked sent
  int64_t recovered = 0;  // in-doubt rows found already in TransAct or applied
  int64_t consumed = 0;   // rows that left TransAct
  int64_t applied = 0;
  int64_t failed = 0;
  int64_t lost = 0;
  bool simtrans_stopped = false;
};

class Outbound {
 public:
  // `who` must hold the sigmanest_sync permission (system or integration principal).
  Outbound(app::Services& services, Gateway& gateway, const SigmanestConfig& config,
           app::Principal who);

  // Reads new outbox events, maps them and queues the rows (with the cursor, one transaction
  // per batch of events).
  Result<OutboundStats> queue_events();
  // Resolves in-doubt rows (crash between submit and mark), then submits queued rows in
  // batches of config.batch_size (one gateway transaction each) and marks them sent.
  Result<OutboundStats> send();
  // Follows sent rows: gone from TransAct -> consumed -> verified applied/lost; ErrorTag = 1
  // -> failed. Reports whether the oldest sent row waited longer than
  // config.stopped_after_polls poll intervals (SimTrans stopped).
  Result<OutboundStats> track();
  // With config.initial_load, once per database (the ledger remembers it): queues what releases and
  // receipts would have sent for the work orders already open (released, in progress) and the
  // sheets in stock when the sync first runs, so a plant switching the sync on (or the seeded demo)
  // starts complete.
  Result<OutboundStats> initial_load();
  // initial_load, queue_events, send, track.
  Result<OutboundStats> run_once();

 private:
  Result<std::vector<MappedRow>> rows_for(const store::OutboxEvent& event);
  Result<JobFacts> job_facts(int64_t job_id);
  Result<std::optional<SheetFacts>> sheet_facts(int64_t sheet_id);
  Result<bool> sent_before(const std::string& entity, int64_t id,
                           std::initializer_list<std::string_view> types);
  Result<TimeZone> zone();

  app::Services& services_;
  Gateway& gateway_;
  SigmanestConfig config_;
  app::Principal who_;
  std::optional<TimeZone> zone_;
};

}  // namespace kerf::integrations::sigmanest
