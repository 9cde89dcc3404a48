// Internal: one backend connection behind store::Database (not a public header).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/store/value.h"

namespace kerf::store::detail {

struct StatementResult {
  Rows rows;
  int64_t changes = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one parameterised statement (`?` placeholders). On failure, last_retryable() says
  // whether the failure is transient (busy, serialization, deadlock).
  virtual Result<StatementResult> execute(std::string_view sql, std::span<const Param> params) = 0;
  // Runs a parameterless multi-statement script (migrations).
  virtual Status exec_script(const std::string& sql) = 0;
  virtual Status begin(bool read_only) = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
  // True when the connection is unusable and should be re-established.
  virtual bool broken() const { return false; }
  bool last_retryable() const { return last_retryable_; }

 protected:
  bool last_retryable_ = false;
};

// Replaces `?` placeholders outside quotes/comments with $1..$n (PostgreSQL).
std::string to_dollar_placeholders(std::string_view sql);

// Builds the error for a failed constraint. `kind`: 'u' unique, 'f' foreign key, 'c' check,
// 'n' not null. `table`/`column` may be empty when unknown.
Error constraint_error(char kind, const std::string& table, const std::string& column,
                       const std::string& detail);

}  // namespace kerf::store::detail
