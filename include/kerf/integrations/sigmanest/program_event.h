// Inbound feedback, the pure half: one feedback packet (feedback.h) read as a program event
// (what Sigmanest says happened to one program), and the re-post collapse over a batch of them.
// No kerf ids here: names are resolved by the inbound sync (inbound.h). docs/sigmanest_inbound.md
// specifies the columns read, the conversions and the collapse rule.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/feedback.h"

namespace kerf::integrations::sigmanest {

// The ItemData columns in which the outbound sync writes kerf's ids (config.h ItemDataSlots);
// Sigmanest copies them into the feedback part rows (STPIPArc / STPrtArc). "" = not used.
struct FeedbackIdColumns {
  std::string job_id = "ItemData1";
  std::string part_id = "ItemData3";
};

// A part line of a program: names as Sigmanest knows them, kerf ids when the ItemData slots
// carried them (0 = absent).
struct EventPart {
  std::string wo_number;  // WONumber (kerf job number)
  std::string part_name;  // PartName (kerf part number)
  int64_t job_id = 0;     // ItemData slot, 0 = absent
  int64_t part_id = 0;    // ItemData slot, 0 = absent
  int64_t qty = 0;        // >= 1: QtyInProcess (STPIPArc) or QtyProgram (STPrtArc)
  std::string table;      // "STPIPArc" | "STPrtArc", for error fields
  size_t row = 0;         // index among that table's rows of the packet, for error fields
};

struct EventRemnant {
  double length_mm = 0;
  double width_mm = 0;
  std::string location;  // "" = the parent sheet's location
  std::string name;      // RemnantName, "" = absent (a program nested on it names it as sheet)
};

struct ProgramEvent {
  int64_t archive_packet_id = 0;
  std::string trans_type;  // SN100 | SN101 | SN102
  std::string program_name;
  std::string repeat_id;             // RepeatID as text ("" when absent)
  std::string sheet_name;            // SheetName ("S000123"), SN100 / SN102
  std::string heat_number;           // STShtArc.HeatNumber (or STPrgArc.HeatNumber), "" = absent
  std::string machine_name;          // MachineName
  int64_t repeat = 1;                // sheets: sum of STShtArc.Qty, else 1
  int64_t cut_seconds = 0;           // CuttingTime (seconds, all repeats)
  int64_t cut_seconds_actual = 0;    // ActualCutTime (seconds), SN102
  double utilisation = 0;            // [0, 1]
  double scrap_fraction = 0;         // [0, 1]
  std::optional<std::string> state;  // STPrgArc.ProgramState (SN102 without parts)
  std::vector<EventPart> parts_in_process;  // STPIPArc
  std::vector<EventPart> parts_cut;         // STPrtArc
  std::vector<EventRemnant> remnants;       // STRemArc
  int64_t duplicate_rows = 0;  // rows dropped because an identical row (but AutoID) was seen

  // The natural key "ProgramName#RepeatID" (ledger.packet_ingested's key).
  std::string natural_key() const;
};

// The natural key of a packet even when it does not parse ("packet:<id>" without a program).
std::string packet_natural_key(const FeedbackPacket& packet);

// Reads `packet` into an event. kInvalidArgument naming "<Table>.<Column>" (e.g.
// "STPIPArc.QtyInProcess", "STPrgArc.ProgramName") for a missing required column, a bad number
// or an out-of-range value; "TransType" for a code other than SN100/SN101/SN102; "STPrgArc" when
// the packet has no (or several) program rows.
Result<ProgramEvent> parse_program_event(const FeedbackPacket& packet,
                                         const FeedbackIdColumns& slots);

// Re-post collapse over one batch (events in archive_packet_id order): returns the packet ids of
// the SN101 events that net with an SN100 of the same program (skipped; the SN100 is applied and
// replaces the posted program). `known_before` holds the program names kerf had before the batch.
// Rule (docs/sigmanest_inbound.md): per program, walking its events in packet order, an SN101
// immediately followed by an SN100 pairs (normal re-post); an SN100 immediately followed by an
// SN101 pairs only when the program existed before that SN100 (in `known_before` or posted by an
// earlier event of the batch), otherwise it is a fresh post then a delete and both apply. Each
// event pairs at most once.
std::set<int64_t> collapsed_deletes(const std::vector<ProgramEvent>& events,
                                    const std::set<std::string>& known_before);

}  // namespace kerf::integrations::sigmanest
