// Internal: PostgreSQL (libpq) implementation of detail::Connection; statements are prepared
// once per connection and SQL text/parameter-type signature.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/connection.h"

namespace kerf::store::detail {

class PgConnection final : public Connection {
 public:
  // Connects with a libpq URI or conninfo string; kUnavailable when unreachable.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& conninfo);
  ~PgConnection() override;

  Result<StatementResult> execute(std::string_view sql, std::span<const Param> params) override;
  Status exec_script(const std::string& sql) override;
  Status begin(bool read_only) override;
  Status commit() override;
  void rollback() override;
  bool broken() const override;

 private:
  struct Prepared {
    std::string name;
  };
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  Error make_error(PGresult* res, std::string_view sql);

  PGconn* conn_;
  std::unordered_map<std::string, Prepared> cache_;
  int next_statement_ = 0;
};

}  // namespace kerf::store::detail
