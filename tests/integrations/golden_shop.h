// The world a Sigmanest golden scenario runs in (tests/integrations/golden_test.cpp): kerf on a
// fresh SQLite database with app::Services, the SimTrans + Sigmanest simulator on a fresh SQLite
// database reached through ODBC (libsqliteodbc), the ODBC gateway between them, the sync
// (outbound + inbound) and a gateway decorator that records what inbound read and can lose an
// acknowledgement (a crash between recording and deleting feedback).
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kerf/app/services.h"
#include "kerf/core/clock.h"
#include "kerf/core/event_bus.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/sigmanest/config.h"
#include "kerf/integrations/sigmanest/gateway.h"
#include "kerf/integrations/sigmanest/inbound.h"
#include "kerf/integrations/sigmanest/sync.h"
#include "kerf/integrations/simtrans_sim/simulator.h"
#include "kerf/store/database.h"

namespace kerf::integrations::sigmanest::golden {

// Wraps the real gateway: remembers the packets of the last read_feedback and fails the next
// `lose_acks` acknowledgements (as if kerf crashed after recording, before deleting).
class RecordingGateway final : public Gateway {
 public:
  explicit RecordingGateway(Gateway& inner) : inner_(inner) {}
  Status submit(const std::vector<TransActRow>& rows) override { return inner_.submit(rows); }
  Result<std::vector<RowState>> states(const std::vector<std::string>& ids) override {
    return inner_.states(ids);
  }
  Result<std::optional<bool>> verify(const TransActRow& row) override { return inner_.verify(row); }
  Result<std::vector<FeedbackPacket>> read_feedback(int64_t after, int limit) override;
  Status acknowledge(const std::vector<int64_t>& ids) override;
  std::string kind() const override { return inner_.kind(); }

  std::vector<FeedbackPacket> last_read;  // packets of the last read_feedback
  int lose_acks = 0;

 private:
  Gateway& inner_;
};

// Serves a fixed list of packets (a second delivery of what was already read).
class ReplayGateway final : public Gateway {
 public:
  explicit ReplayGateway(std::vector<FeedbackPacket> packets) : packets_(std::move(packets)) {}
  Status submit(const std::vector<TransActRow>&) override { return ok_status(); }
  Result<std::vector<RowState>> states(const std::vector<std::string>& ids) override {
    return std::vector<RowState>(ids.size(), RowState::kGone);
  }
  Result<std::optional<bool>> verify(const TransActRow&) override { return std::optional<bool>{}; }
  Result<std::vector<FeedbackPacket>> read_feedback(int64_t after, int limit) override;
  Status acknowledge(const std::vector<int64_t>&) override { return ok_status(); }
  std::string kind() const override { return "replay"; }

 private:
  std::vector<FeedbackPacket> packets_;
};

class Shop {
 public:
  // Opens kerf, the simulator and the gateway; kerf master data from `setup` (parts, jobs,
  // sheets: docs/sigmanest_golden.md). Errors are returned as text ("" = ok).
  std::string open(const nlohmann::json& scenario);
  ~Shop();

  // Runs one step; "" or the failure.
  std::string step(const nlohmann::json& step);
  // The state compared by "expect" blocks and by the ingest-twice check.
  nlohmann::json kerf_state();
  nlohmann::json sim_state();
  // Compares `expect` with the current state; the mismatches, one per line.
  std::vector<std::string> check(const nlohmann::json& expect);

  // Polls inbound a second time over what the last poll read; "" when kerf did not change.
  std::string replay_last_read();

 private:
  std::string program_name(const std::string& ref);
  int64_t job_id(const std::string& number);
  std::string inbound_poll();

  ManualClock clock_{TimePoint{}};
  std::unique_ptr<Env> env_;
  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
  SigmanestConfig config_;
  std::string sim_conn_;
  std::unique_ptr<simtrans_sim::SimTransSimulator> sim_;
  std::unique_ptr<odbc::Connection> peek_;  // reads the simulator's tables
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<RecordingGateway> recording_;
  std::unique_ptr<Sync> sync_;
  std::unique_ptr<Inbound> inbound_;
  InboundStats last_stats_;
  std::map<std::string, int64_t> jobs_;
  std::map<std::string, int64_t> parts_;
  std::map<std::string, int64_t> work_centers_;
  int64_t customer_id_ = 0;
};

}  // namespace kerf::integrations::sigmanest::golden
