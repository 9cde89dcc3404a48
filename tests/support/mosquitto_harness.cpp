#include "support/mosquitto_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_env.h"

namespace kerf::testing {
namespace {

constexpr const char* kMosquitto = "/usr/sbin/mosquitto";

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("mosquitto harness: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("mosquitto harness: cannot find a free port");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

MosquittoHarness::MosquittoHarness() : dir_(make_temp_dir("kerf-mosquitto")), port_(free_port()) {}

MosquittoHarness::~MosquittoHarness() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string MosquittoHarness::uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

std::string MosquittoHarness::log() const { return read_all(dir_ + "/mosquitto.log"); }

void MosquittoHarness::start() {
  if (running()) return;
  if (::access(kMosquitto, X_OK) != 0) {
    throw std::runtime_error(
        std::string("mosquitto harness: ") + kMosquitto +
        " is missing (apt-get install mosquitto; see scripts/apt-packages.txt)");
  }
  const passwd* pw = ::getpwuid(::geteuid());
  const std::string conf = dir_ + "/mosquitto.conf";
  {
    std::ofstream out(conf);
    out << "listener " << port_ << " 127.0.0.1\n"
        << "allow_anonymous true\n"
        << "persistence true\n"
        << "persistence_location " << dir_ << "/\n"
        << "autosave_interval 1\n"
        << "max_queued_messages 1000000\n"
        << "log_dest file " << dir_ << "/mosquitto.log\n"
        << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n";
    // As root mosquitto would drop to user "mosquitto", which cannot write our temp dir.
    if (pw != nullptr) out << "user " << pw->pw_name << "\n";
  }
  const std::size_t log_before = log().size();  // the log is appended to over restarts
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("mosquitto harness: fork failed");
  if (pid == 0) {
    const std::string out = dir_ + "/stdout.log";
    FILE* f = std::freopen(out.c_str(), "a", stdout);
    (void)f;
    ::dup2(::fileno(stdout), 2);
    ::execl(kMosquitto, kMosquitto, "-c", conf.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  pid_ = pid;
  for (int i = 0; i < 200; ++i) {  // up to ~10 s for a loaded machine
    int status = 0;
    const bool exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
    // Ours only once mosquitto says it runs (its listeners are bound) and is still alive.
    if (!exited && log().find(" running", log_before) != std::string::npos &&
        accepts_connections(port_)) {
      started_once_ = true;
      return;
    }
    if (exited) {
      pid_ = -1;
      // The free port was taken by someone else between probing and binding (tests run in
      // parallel): a first start may move to another port; a restart must keep its port.
      if (!started_once_ && ++port_retries_ < 5) {
        port_ = free_port();
        start();
        return;
      }
      throw std::runtime_error("mosquitto harness: broker exited at start (port " +
                               std::to_string(port_) + "):\n" + log() +
                               read_all(dir_ + "/stdout.log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  throw std::runtime_error("mosquitto harness: broker did not listen on port " +
                           std::to_string(port_) + ":\n" + log());
}

void MosquittoHarness::stop() {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void MosquittoHarness::restart() {
  stop();
  start();
}

}  // namespace kerf::testing
