// The SimTrans gateway: how kerf reaches Sigmanest. Two production implementations share this
// contract: SQL through ODBC (odbc_gateway.h: TransAct and the STxxArc tables in SQL Server)
// and file exchange (file_gateway.h: CSV files in shared folders). The sync (sync.h) knows
// nothing else about the transport.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/feedback.h"
#include "kerf/integrations/sigmanest/transact.h"

namespace kerf::integrations::sigmanest {

// Where a submitted row is, as far as SimTrans's side shows.
enum class RowState {
  kWaiting,  // still in TransAct with ErrorTag = 0 (SimTrans has not processed it)
  kErrored,  // still in TransAct with ErrorTag = 1 (SimTrans failed it)
  kGone,     // no longer in TransAct (processed: consumed)
};

// How feedback rows are acknowledged after kerf committed them.
enum class AckMode {
  kDelete,     // kerf is the consumer: delete the packets' rows
  kHighWater,  // another system consumes them: leave them, kerf keeps a high-water mark
};

class Gateway {
 public:
  virtual ~Gateway() = default;

  // Writes `rows` (each already validated) in one transaction, in order: all or none. SimTrans
  // never sees a half batch. kUnavailable when the peer cannot be reached (retry later).
  virtual Status submit(const std::vector<TransActRow>& rows) = 0;

  // The state of each of `trans_ids` (same order). A TransID not found in TransAct is kGone.
  virtual Result<std::vector<RowState>> states(const std::vector<std::string>& trans_ids) = 0;

  // Whether Sigmanest's own tables show the row's effect (SN84: the part is on the work order
  // with that quantity; SN89: the work order is gone; SN94/SN91A: the stock item exists with
  // that quantity; ...). nullopt when this transport cannot tell (file exchange).
  virtual Result<std::optional<bool>> verify(const TransActRow& row) = 0;

  // Complete feedback packets with archive_packet_id > `after`, oldest first, at most `limit`
  // packets. A packet is complete when its STPrgArc row is present (rows of a packet still
  // being written are left for the next poll).
  virtual Result<std::vector<FeedbackPacket>> read_feedback(int64_t after, int limit) = 0;

  // Acknowledges packets kerf has committed: in kDelete mode deletes their rows (one
  // transaction), in kHighWater mode does nothing on the peer (file exchange: moves the files to
  // archive/ either way). Acknowledging an unknown or already deleted packet is not an error.
  virtual Status acknowledge(const std::vector<int64_t>& archive_packet_ids) = 0;

  // "odbc" or "file", for logs and the status page.
  virtual std::string kind() const = 0;
};

}  // namespace kerf::integrations::sigmanest
