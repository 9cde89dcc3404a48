// Raw TCP helpers for tests that must send bytes no well-behaved client would send (malformed
// requests, WebSocket clients that never answer).
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <string>

namespace kerf::api::testing {

// A connected TCP socket to 127.0.0.1:`port` whose reads give up after 20 s (a watchdog so a
// server that never answers fails the test instead of hanging it).
inline boost::asio::ip::tcp::socket raw_connect(boost::asio::io_context& ioc, uint16_t port) {
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  timeval tv{20, 0};
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return s;
}

// Writes `bytes`, then reads until the server closes the connection (or the watchdog fires);
// returns everything read.
inline std::string raw_exchange(uint16_t port, const std::string& bytes) {
  boost::asio::io_context ioc;
  auto s = raw_connect(ioc, port);
  boost::system::error_code ec;
  boost::asio::write(s, boost::asio::buffer(bytes), ec);
  std::string out;
  char buf[4096];
  for (;;) {
    std::size_t n = s.read_some(boost::asio::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

// The status code of a raw HTTP/1.x response ("HTTP/1.1 431 ..." -> 431), 0 if none.
inline int raw_status(const std::string& response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

}  // namespace kerf::api::testing
