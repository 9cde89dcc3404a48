#include "cli/mosquitto_child.h"

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

namespace kerf::cli {

namespace fs = std::filesystem;

namespace {

Result<uint16_t> free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Error::unavailable("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::optional<uint16_t> port;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  if (!port) return Error::unavailable("no free TCP port on 127.0.0.1");
  return *port;
}

bool accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return up;
}

}  // namespace

Result<MosquittoChild> start_mosquitto(const std::string& dir, const std::string& extra_config) {
  auto port = free_port();
  if (!port) return port.error();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::unavailable("cannot create " + dir + ": " + ec.message());
  const fs::path conf = fs::path(dir) / "mosquitto.conf";
  {
    std::ofstream out(conf);
    out << "listener " << *port << " 127.0.0.1\nallow_anonymous true\n"
        << "log_dest stdout\nlog_type error\nlog_type warning\n"
        << extra_config;
    // As root mosquitto would drop to user "mosquitto".
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) {
      out << "user " << pw->pw_name << "\n";
    }
  }
  auto child = ChildProcess::start({"mosquitto", "-c", conf.string()},
                                   (fs::path(dir) / "mosquitto.log").string());
  if (!child) {
    return Error::unavailable("mosquitto (install package mosquitto): " + child.error().message);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!accepts(*port)) {
    if (!(*child)->running()) {
      return Error::unavailable("mosquitto exited; log: " + (*child)->log_tail());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Error::unavailable("mosquitto not listening after 30 s; log: " + (*child)->log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  MosquittoChild broker;
  broker.process = std::move(*child);
  broker.url = "tcp://127.0.0.1:" + std::to_string(*port);
  return broker;
}

}  // namespace kerf::cli
