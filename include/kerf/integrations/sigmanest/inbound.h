// Inbound half of the Sigmanest sync: reads feedback packets through the gateway, ingests them
// idempotently into kerf through app use cases (NestService, SigmanestLedger) and acknowledges
// them only after kerf committed. docs/sigmanest_inbound.md narrates the rules.
//
// One poll: read packets after the high-water mark (kHighWater) or from the start (kDelete,
// where acknowledged packets are gone) -> per packet in order: skip when the ledger has its key
// (ArchivePacketID, TransType, "ProgramName#RepeatID"); collapse re-posts; resolve names to kerf
// ids; apply (SN100 post_program, SN102 cut_program / set_state / post_program, SN101
// delete_program); record the key with a sync-log row -> acknowledge every recorded or skipped
// packet. A refused packet (bad row, unknown job, heat lot mismatch...) is recorded with status
// "error" and the field named, so it is not retried forever; ingestion goes on. A transient
// failure (database or peer unavailable) stops the poll before that packet: it is retried next
// poll. A crash between record and acknowledge re-reads the packet, skips it by key and
// acknowledges it then.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/config.h"
#include "kerf/integrations/sigmanest/gateway.h"
#include "kerf/integrations/sigmanest/program_event.h"

namespace kerf::app {
class Services;
}

namespace kerf::integrations::sigmanest {

struct InboundOptions {
  AckMode ack_mode = AckMode::kDelete;
  int batch_packets = 200;  // new packets per read_feedback, >= 1
  // High-water mode: packet ids re-read below the mark each poll (skipped by key when ingested),
  // so a packet completed after a higher one (its STPrgArc row written late) is not passed over.
  int high_water_lookback = 50;
  FeedbackIdColumns slots;
  std::string username = "sigmanest";  // audit actor of the integration's writes
};

// The options of `config`: ack mode, feedback batch, the job and part id ItemData columns.
InboundOptions inbound_options(const SigmanestConfig& config);

struct InboundStats {
  int64_t packets_read = 0;
  int64_t rows_read = 0;
  int64_t applied = 0;           // changed kerf (nest posted, cut, state, deleted)
  int64_t already_applied = 0;   // second cut / delete of an absent program / same state
  int64_t skipped_ingested = 0;  // key already in the ledger (re-read after a crash, duplicate)
  int64_t collapsed = 0;         // SN101 netted with an SN100 (re-post)
  int64_t refused = 0;           // bad packet: logged with the field named, recorded
  int64_t acknowledged = 0;
  int64_t duplicate_rows = 0;  // identical feedback rows dropped inside packets
  int64_t high_water = 0;      // after the poll
};

class Inbound {
 public:
  Inbound(app::Services& services, Gateway& gateway, InboundOptions options, Env& env);

  // One poll (see the file comment). Error: the gateway could not be read (kUnavailable), the
  // ledger or a use case failed transiently, or the acknowledgement failed; everything recorded
  // before stays recorded, and the next poll resumes.
  Result<InboundStats> poll();

 private:
  struct Outcome;
  Result<Outcome> apply(const ProgramEvent& event);
  Result<Outcome> post(const ProgramEvent& event);
  Result<Outcome> update(const ProgramEvent& event);
  Result<Outcome> remove(const ProgramEvent& event);

  app::Services& services_;
  Gateway& gateway_;
  InboundOptions options_;
  Env& env_;
  app::Principal who_;
};

}  // namespace kerf::integrations::sigmanest
