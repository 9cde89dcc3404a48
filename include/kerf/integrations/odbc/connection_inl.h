// Template definitions for connection.h.
#pragma once

namespace kerf::integrations::odbc {

template <typename F>
Status in_transaction(Connection& c, F&& body, int attempts) {
  Status last = ok_status();
  for (int i = 0; i < attempts; ++i) {
    if (Status s = c.begin(); !s.ok()) return s;
    Status s = body();
    if (s.ok()) s = c.commit();
    if (s.ok()) return s;
    if (c.in_transaction()) (void)c.rollback();
    last = s;
    if (failure_of(s.error()) != Failure::kRetryable) return s;
  }
  return last;
}

}  // namespace kerf::integrations::odbc
