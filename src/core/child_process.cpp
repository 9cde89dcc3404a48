#include "kerf/core/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace kerf {

std::optional<std::string> find_program(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (::access(program.c_str(), X_OK) == 0) return program;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
  // Daemons such as mosquitto live in sbin, which a user's PATH may lack.
  dirs += ":/usr/local/sbin:/usr/sbin:/sbin";
  std::stringstream in(dirs);
  std::string dir;
  while (std::getline(in, dir, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::start(std::vector<std::string> argv,
                                                          std::string log_path,
                                                          std::string work_dir,
                                                          bool pipe_stdin) {
  if (argv.empty()) return Error::invalid("argv", "must name a program");
  auto exe = find_program(argv[0]);
  if (!exe) return Error::unavailable("program '" + argv[0] + "' not found");
  int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return Error::unavailable("cannot open log " + log_path + ": " + std::strerror(errno));
  }
  // Everything the child needs is built before fork: only async-signal-safe calls after it.
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  int in_fds[2] = {-1, -1};
  if (pipe_stdin) {
    // A socket pair rather than a pipe: send(MSG_NOSIGNAL) reports a dead reader as EPIPE
    // instead of raising SIGPIPE in the server.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_fds) != 0) {
      ::close(log_fd);
      return Error::unavailable(std::string("pipe failed: ") + std::strerror(errno));
    }
  } else {
    in_fds[0] = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    for (int fd : in_fds) {
      if (fd >= 0) ::close(fd);
    }
    return Error::unavailable(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    if (in_fds[0] >= 0) ::dup2(in_fds[0], 0);
    if (in_fds[1] >= 0) ::close(in_fds[1]);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    if (!work_dir.empty() && ::chdir(work_dir.c_str()) != 0) ::_exit(126);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the server blocks SIGTERM; the child must not
    ::execv(exe->c_str(), args.data());
    ::_exit(127);
  }
  ::close(log_fd);
  if (in_fds[0] >= 0) ::close(in_fds[0]);
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, std::move(log_path), in_fds[1]));
}

ChildProcess::~ChildProcess() {
  stop();
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
}

Status ChildProcess::write_line(const std::string& line) {
  std::lock_guard lock(write_mu_);
  if (stdin_fd_ < 0) return Error::unavailable("the child's stdin is not a pipe");
  std::string data = line + "\n";
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(stdin_fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::unavailable(std::string("write to child failed: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

bool ChildProcess::running() {
  if (exited_ || pid_ <= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) exited_ = true;
  return !exited_;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
}

std::string ChildProcess::log_tail(size_t max_bytes) const {
  std::ifstream in(log_path_, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max_bytes) text = text.substr(text.size() - max_bytes);
  return text;
}

Result<std::string> ChildProcess::wait_for_line(
    const std::function<std::optional<std::string>(const std::string& line)>& match,
    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    {
      std::ifstream in(log_path_);
      std::string line;
      while (std::getline(in, line)) {
        if (auto found = match(line)) return *found;
      }
    }
    if (!running()) {
      return Error::unavailable("exited before it was ready; log: " + log_tail());
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return Error::unavailable("not ready in time; log: " + log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace kerf
