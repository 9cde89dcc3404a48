// The SimTrans file-exchange gateway: TransAct batches as CSV files in an outbound folder that
// SimTrans polls, Sigmanest's feedback as STxxArc CSV files in an inbound folder.
// docs/simtrans_format.md ("CSV file exchange") specifies names, contents and the protocol:
//   outbound/TransAct_<yyyymmddhhmmss>_<seq>.csv  written as .tmp, fsync'ed, renamed
//   <error dir>/TransAct_...csv                   where SimTrans moves a file it failed
//   inbound/<STxxArc>_<anything>.csv.ready        complete feedback files (others ignored)
//   inbound/archive/                              files whose packets kerf acknowledged
//   inbound/rejected/<file> + <file>.error        malformed files, with the reason
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/csv.h"
#include "kerf/integrations/sigmanest/gateway.h"

namespace kerf::integrations::sigmanest {

struct FileGatewayOptions {
  std::string outbound_dir;  // SimTrans's pick-up folder for TransAct files
  std::string inbound_dir;   // Sigmanest's feedback folder
  std::string archive_dir;   // empty: <inbound_dir>/archive
  std::string error_dir;     // where SimTrans moves failed files; empty: <outbound_dir>/error
  std::string rejected_dir;  // empty: <inbound_dir>/rejected
  CsvLimits limits;          // for the feedback files kerf reads
};

class FileGateway final : public Gateway {
 public:
  // Creates the folders that are missing and rebuilds the TransID index from the TransAct files
  // in the outbound and error folders. kUnavailable when a folder cannot be created or read.
  static Result<std::unique_ptr<FileGateway>> open(FileGatewayOptions options, Env& env);

  // One file per batch, written atomically (.tmp, fsync, rename, fsync of the folder).
  // kInvalidArgument for an empty batch, a TransID twice in the batch or a row validate()
  // refuses (fields "rows/<i>/<Column>"); kUnavailable on I/O failure (no file is left behind).
  // A TransID submitted again (a retry) maps to its newest file.
  Status submit(const std::vector<TransActRow>& rows) override;
  // kWaiting while the row's file is in the outbound folder, kErrored when it is in the error
  // folder, else kGone (unknown TransIDs too).
  Result<std::vector<RowState>> states(const std::vector<std::string>& trans_ids) override;
  // Always nullopt: files show nothing of Sigmanest's own tables.
  Result<std::optional<bool>> verify(const TransActRow& row) override;
  // Reads every *.csv.ready file of the inbound folder (malformed ones are moved to rejected/
  // with a .error file and counted), drops exact duplicate rows (same table and AutoID), and
  // returns the complete packets (with an STPrgArc row) with id > after, at most `limit`.
  Result<std::vector<FeedbackPacket>> read_feedback(int64_t after, int limit) override;
  // Remembers the packets as acknowledged and moves to archive/ every inbound file all of whose
  // packets are acknowledged. Idempotent; unknown ids are fine.
  Status acknowledge(const std::vector<int64_t>& archive_packet_ids) override;
  std::string kind() const override { return "file"; }

  // Inbound files moved to rejected/ since open.
  int64_t rejected_files() const;
  // The resolved folders.
  const FileGatewayOptions& options() const { return options_; }

 private:
  FileGateway(FileGatewayOptions options, Env& env);
  Status rebuild_index();
  struct Inbound;  // one parsed .ready file
  Result<std::vector<Inbound>> scan_inbound();
  void reject(const std::string& file, const std::string& reason);
  std::string next_file_name();

  FileGatewayOptions options_;
  Env* env_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> file_of_;  // TransID -> TransAct file name
  std::set<int64_t> acked_;                     // acknowledged packets still in inbound files
  uint64_t seq_ = 0;
  int64_t rejected_ = 0;
};

}  // namespace kerf::integrations::sigmanest
