#include "support/fake_agent.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_env.h"

namespace kerf::testing {
namespace {

std::string find_node() {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    auto candidate = std::filesystem::path(dir) / "node";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw std::runtime_error(
      "node (Node.js 20) is not on PATH: the MTConnect tests run the fake agent with it "
      "(install it with scripts/setup)");
}

}  // namespace

std::string mtconnect_fixtures_dir() {
  const char* shared = std::getenv("KERF_SHARED_DIR");
  std::string base = shared ? shared : std::string(KERF_SOURCE_DIR) + "/../shared";
  std::string dir = base + "/fixtures/mtconnect";
  if (!std::filesystem::exists(dir + "/Devices.xml")) {
    throw std::runtime_error("MTConnect fixtures not found at " + dir +
                             " (set KERF_SHARED_DIR to the shared folder)");
  }
  return dir;
}

HttpResult http_request(uint16_t port, const std::string& method, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to the fake agent: " + std::string(std::strerror(errno)));
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                    "Content-Length: 0\r\nConnection: close\r\n\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string raw;
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.size() < 12) {
    throw std::runtime_error("bad HTTP answer from the fake agent: " + raw.substr(0, 200));
  }
  HttpResult r;
  r.status = std::stoi(raw.substr(9, 3));
  r.headers = raw.substr(0, head_end);
  r.body = raw.substr(head_end + 4);
  return r;
}

FakeAgent::FakeAgent(std::vector<std::string> args) {
  const std::string node = find_node();
  const std::string fixtures = mtconnect_fixtures_dir();
  dir_ = make_temp_dir("fake-agent");
  log_path_ = dir_ + "/agent.log";
  std::vector<std::string> argv = {
      node,        std::string(KERF_SOURCE_DIR) + "/tests/fakes/mtconnect_agent/agent.mjs",
      "--devices", fixtures + "/Devices.xml",
      "--port",    "0"};
  for (auto& a : args) {
    // "@fixtures/" names a file of the fixtures folder.
    if (a.rfind("@fixtures/", 0) == 0) a = fixtures + a.substr(9);
    argv.push_back(a);
  }
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  const std::string log_path = log_path_;
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
  if (pid_ == 0) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) ::dup2(null_in, STDIN_FILENO);
    ::execv(cargv[0], cargv.data());
    std::_Exit(127);
  }
  const std::regex ready(R"(listening on port ([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string text = log();
    if (std::regex_search(text, m, ready)) {
      port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the fake MTConnect agent exited before listening:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the fake MTConnect agent did not listen within a minute:\n" + log());
}

FakeAgent::~FakeAgent() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string FakeAgent::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeAgent::put(const std::string& device, const std::string& query) const {
  auto r = http_request(port_, "PUT", "/" + device + "?" + query);
  if (r.status != 200) {
    throw std::runtime_error("PUT " + query + ": HTTP " + std::to_string(r.status) + " " + r.body);
  }
}

void FakeAgent::restart() const {
  auto r = http_request(port_, "POST", "/_control/restart");
  if (r.status != 200) throw std::runtime_error("restart: HTTP " + std::to_string(r.status));
}

void FakeAgent::drop_connections() const {
  auto r = http_request(port_, "POST", "/_control/drop");
  if (r.status != 200) throw std::runtime_error("drop: HTTP " + std::to_string(r.status));
}

std::string FakeAgent::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kerf::testing
