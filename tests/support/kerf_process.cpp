#include "support/kerf_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_env.h"

extern char** environ;

namespace kerf::testing {

KerfProcess::KerfProcess(std::vector<std::string> args, std::map<std::string, std::string> env) {
  dir_ = make_temp_dir("kerf-process");
  log_path_ = dir_ + "/kerf.log";
  std::vector<std::string> argv = {KERF_BINARY, "serve"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--port", "0"});
  // Everything the child needs is built before fork: only async-signal-safe calls after it.
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::vector<std::string> envs;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    if (!env.contains(entry.substr(0, entry.find('=')))) envs.push_back(std::move(entry));
  }
  for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
  std::vector<char*> cenv;
  for (auto& e : envs) cenv.push_back(e.data());
  cenv.push_back(nullptr);
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
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(cargv[0], cargv.data(), cenv.data());
    std::_Exit(127);
  }
  const std::regex ready(R"(kerf is running on http://[0-9.]+:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string text = log();
    if (std::regex_search(text, m, ready)) {
      port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
      return;
    }
    if (wait_exit(std::chrono::milliseconds(0))) {
      throw std::runtime_error("kerf exited before it was ready (" + describe_wait_status(status_) +
                               "):\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  signal(SIGKILL);
  wait_exit(std::chrono::seconds(10));
  throw std::runtime_error("kerf did not become ready within two minutes:\n" + log());
}

KerfProcess::~KerfProcess() {
  if (!exited_ && pid_ > 0) {
    signal(SIGKILL);
    wait_exit(std::chrono::seconds(30));
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void KerfProcess::signal(int sig) {
  if (!exited_ && pid_ > 0) ::kill(pid_, sig);
}

std::optional<int> KerfProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (exited_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      status_ = status;
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string KerfProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           ::strsignal(WTERMSIG(status)) + ")";
  }
  return "wait status " + std::to_string(status);
}

}  // namespace kerf::testing
