#include "kerf/store/notify.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>

namespace kerf::store {

namespace {

constexpr std::size_t kMaxPayload = 7999;  // PostgreSQL's limit is 8000 bytes with the NUL

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 63 || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status notify(Tx& tx, std::string_view channel, std::string_view payload) {
  if (tx.backend() != Backend::kPostgres) return ok_status();
  if (payload.size() > kMaxPayload) {
    return Error::invalid("payload", "longer than " + std::to_string(kMaxPayload) + " bytes");
  }
  auto r = tx.query("SELECT pg_notify(?, ?)", {std::string(channel), std::string(payload)});
  if (!r.ok()) return r.error();
  return ok_status();
}

struct Listener::Impl {
  PGconn* conn = nullptr;
  ~Impl() {
    if (conn != nullptr) PQfinish(conn);
  }
};

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Listener::~Listener() = default;

Result<std::unique_ptr<Listener>> Listener::open(const std::string& url,
                                                 const std::string& channel) {
  if (!url.starts_with("postgres")) {
    return Error::invalid("url", "LISTEN/NOTIFY needs a PostgreSQL database");
  }
  if (!is_identifier(channel)) {
    return Error::invalid("channel", "must be a lower-case identifier");
  }
  auto impl = std::make_unique<Impl>();
  impl->conn = PQconnectdb(url.c_str());
  if (PQstatus(impl->conn) != CONNECTION_OK) {
    return Error::unavailable("cannot connect to listen for notifications: " +
                              std::string(PQerrorMessage(impl->conn)));
  }
  PGresult* res = PQexec(impl->conn, ("LISTEN " + channel).c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  if (!ok) return Error::unavailable("LISTEN failed: " + std::string(PQerrorMessage(impl->conn)));
  return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

Result<std::vector<std::string>> Listener::wait(std::chrono::milliseconds timeout) {
  PGconn* conn = impl_->conn;
  auto lost = [conn] {
    return Error::unavailable("notification connection lost: " + std::string(PQerrorMessage(conn)));
  };
  std::vector<std::string> out;
  auto drain = [&] {
    while (PGnotify* n = PQnotifies(conn)) {
      out.emplace_back(n->extra);
      PQfreemem(n);
    }
  };
  if (PQconsumeInput(conn) == 0) return lost();
  drain();
  if (!out.empty()) return out;
  pollfd pfd{PQsocket(conn), POLLIN, 0};
  if (pfd.fd < 0) return lost();
  const int ready = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
  if (ready < 0) return lost();
  if (ready == 0) return out;
  if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) return lost();
  drain();
  return out;
}

}  // namespace kerf::store
