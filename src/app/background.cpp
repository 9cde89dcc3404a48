#include "kerf/app/background.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace kerf::app {

Background::~Background() { stop(); }

void Background::add_periodic(std::string name, std::chrono::milliseconds period,
                              std::function<Status()> run) {
  std::lock_guard lock(mu_);
  if (started_) throw std::logic_error("Background::add_periodic after start: " + name);
  auto task = std::make_unique<Task>();
  task->name = std::move(name);
  task->period = std::max(period, std::chrono::milliseconds(1));
  task->run = std::move(run);
  tasks_.push_back(std::move(task));
}

void Background::start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  stop_ = false;
  for (auto& task : tasks_) task->thread = std::thread([this, t = task.get()] { loop(*t); });
}

void Background::stop() {
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& task : tasks_) {
    if (task->thread.joinable()) task->thread.join();
  }
  std::lock_guard lock(mu_);
  started_ = false;
}

void Background::loop(Task& task) {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    Status outcome = ok_status();
    try {
      outcome = task.run();
    } catch (const std::exception& e) {
      outcome = Error::internal("uncaught exception (a bug): " + std::string(e.what()));
    }
    lock.lock();
    record(task, outcome);
    // A failing task (database down) is retried no faster than kRetryAfterFailure, so a
    // continuous task cannot spin and flood the log.
    const auto wait = outcome.ok()
                          ? task.period
                          : std::max<std::chrono::milliseconds>(task.period, kRetryAfterFailure);
    wake_.wait_for(lock, wait, [this] { return stop_; });
  }
}

void Background::record(Task& task, const Status& outcome) {
  ++task.runs;
  if (outcome.ok()) return;
  ++task.failures;
  const Error& e = outcome.error();
  task.last_error = e.message;
  spdlog::error("background task {} failed ({} of {} runs): {}: {}", task.name, task.failures,
                task.runs, error_code_name(e.code), e.message);
}

std::vector<BackgroundTaskStats> Background::stats() const {
  std::lock_guard lock(mu_);
  std::vector<BackgroundTaskStats> out;
  out.reserve(tasks_.size());
  for (const auto& t : tasks_) out.push_back({t->name, t->runs, t->failures, t->last_error});
  return out;
}

}  // namespace kerf::app
