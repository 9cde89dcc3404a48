// The SQL gateway: TransAct and the STxxArc feedback tables reached through ODBC (SQL Server on
// site via FreeTDS or Microsoft's driver; PostgreSQL / SQLite for the simulator and tests).
// Parameterised statements only; table qualifiers come from configuration and are validated as
// identifiers. docs/odbc.md describes the statements and what verify() checks per code.
//
// The connection is opened on first use and dropped after a connect or retryable failure, so the
// next call reconnects transparently (the failing call still reports kUnavailable).
// Not thread-safe: one gateway per sync thread.
#pragma once

#include <memory>
#include <string>

#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/sigmanest/gateway.h"

namespace kerf::integrations::sigmanest {

struct OdbcGatewayOptions {
  odbc::ConnectOptions connect;
  // Qualifier put before TransAct ("SimTrans.dbo" -> SimTrans.dbo.TransAct); empty = the
  // connection's default database and schema.
  std::string transact_schema;
  // Qualifier of the STxxArc feedback tables and the SNDBase tables verify() reads ("SNDBase.dbo").
  std::string feedback_schema;
  AckMode ack_mode = AckMode::kDelete;
  // TransIDs per states() query (IN list size).
  int states_chunk = 200;
};

// Checks a qualifier: empty, or dot-separated parts of letters, digits and '_' (each part may be
// bracketed as [name]). kInvalidArgument naming `field` otherwise.
Status validate_qualifier(const std::string& qualifier, const std::string& field);

class OdbcGateway final : public Gateway {
 public:
  // Validates the options (qualifiers, states_chunk >= 1) without connecting.
  static Result<std::unique_ptr<OdbcGateway>> create(OdbcGatewayOptions options);
  ~OdbcGateway() override;

  Status submit(const std::vector<TransActRow>& rows) override;
  Result<std::vector<RowState>> states(const std::vector<std::string>& trans_ids) override;
  Result<std::optional<bool>> verify(const TransActRow& row) override;
  Result<std::vector<FeedbackPacket>> read_feedback(int64_t after, int limit) override;
  Status acknowledge(const std::vector<int64_t>& archive_packet_ids) override;
  std::string kind() const override { return "odbc"; }

  // Whether a connection is currently open (for the status page and tests).
  bool connected() const { return conn_ != nullptr; }

 private:
  explicit OdbcGateway(OdbcGatewayOptions options);
  // The open connection, connecting first when there is none.
  Result<odbc::Connection*> connection();
  // Drops the connection after a connect/retryable failure; passes `error` through.
  Error after_failure(Error error);
  std::string transact_table() const;
  std::string feedback_table(std::string_view name) const;

  OdbcGatewayOptions options_;
  std::unique_ptr<odbc::Connection> conn_;
};

}  // namespace kerf::integrations::sigmanest
