#include "support/opcua_sim.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_env.h"

namespace kerf::testing {

namespace {

std::string find_node() {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const std::string candidate = dir + "/node";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

}  // namespace

OpcUaSim::OpcUaSim(std::vector<std::string> args) {
  const std::string sim_dir = std::string(KERF_SOURCE_DIR) + "/tests/fakes/opcua_punch";
  const std::string node = find_node();
  if (node.empty()) {
    throw std::runtime_error(
        "OPC UA simulator: `node` (Node.js 20) is not on PATH; install it (scripts/setup deps)");
  }
  if (!std::filesystem::exists(sim_dir + "/node_modules/node-opcua/package.json")) {
    throw std::runtime_error("OPC UA simulator: " + sim_dir +
                             "/node_modules has no node-opcua; run scripts/setup (or `npm ci` in "
                             "that directory)");
  }
  dir_ = make_temp_dir("kerf-opcua-sim");
  const std::string log_path = dir_ + "/sim.log";
  int in_pipe[2], out_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv = {node, sim_dir + "/server.mjs", "--port", "0"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
  if (pid_ == 0) {
    ::dup2(in_pipe[0], STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) ::dup2(fd, STDERR_FILENO);
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::chdir(sim_dir.c_str());
    ::execv(cargv[0], cargv.data());
    std::_Exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  in_fd_ = in_pipe[1];
  out_fd_ = out_pipe[0];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string line = read_line(1000);
    if (line.empty()) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("OPC UA simulator exited before it was ready:\n" + log());
      }
      continue;
    }
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("event", "") == "ready") {
      port_ = j.at("port").get<uint16_t>();
      return;
    }
  }
  throw std::runtime_error("OPC UA simulator not ready within 90 s:\n" + log());
}

OpcUaSim::~OpcUaSim() {
  if (in_fd_ >= 0) ::close(in_fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string OpcUaSim::read_line(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) return {};
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

nlohmann::json OpcUaSim::command(const nlohmann::json& cmd) {
  const std::string line = cmd.dump() + "\n";
  if (::write(in_fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    throw std::runtime_error("OPC UA simulator: cannot write command:\n" + log());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string reply = read_line(1000);
    if (reply.empty()) continue;
    auto j = nlohmann::json::parse(reply, nullptr, false);
    if (!j.is_object() || !j.contains("ok")) continue;  // library chatter on stdout
    if (!j.value("ok", false)) {
      throw std::runtime_error("OPC UA simulator refused " + cmd.dump() + ": " + reply);
    }
    if (j.contains("port")) port_ = j.at("port").get<uint16_t>();
    return j;
  }
  throw std::runtime_error("OPC UA simulator did not answer " + cmd.dump() + ":\n" + log());
}

std::string OpcUaSim::log() const {
  std::ifstream in(dir_ + "/sim.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kerf::testing
