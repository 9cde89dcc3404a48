// An in-memory CheckpointStore for tests (header-only): every saved checkpoint and step record
// kept in order, the same kConflict rule as the ledger, and an optional injected save failure
// (to simulate a crash before a super-step's checkpoint).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kerf/agents/graph/checkpoint_json.h"
#include "kerf/agents/graph/runner.h"

namespace kerf::agents::testing {

class MemoryCheckpointStore final : public CheckpointStore {
 public:
  // Saves through the JSON document (so every test also round-trips the format).
  Status save(const Checkpoint& cp, const std::vector<StepRecord>& steps) override {
    std::lock_guard lock(mu_);
    ++save_calls_;
    if (fail_at_step_ && *fail_at_step_ == cp.step) {
      fail_at_step_.reset();
      return Error::unavailable("injected failure saving step " + std::to_string(cp.step));
    }
    auto& thread = threads_[cp.thread_id];
    if (!thread.checkpoints.empty() &&
        thread.checkpoints.back()["step"].get<int64_t>() >= cp.step) {
      return Error::conflict("thread '" + cp.thread_id + "' already has step " +
                             std::to_string(thread.checkpoints.back()["step"].get<int64_t>()));
    }
    thread.checkpoints.push_back(to_json(cp));
    for (const auto& s : steps) thread.steps.push_back(s);
    return ok_status();
  }

  Result<Checkpoint> latest(const std::string& thread_id) override {
    std::lock_guard lock(mu_);
    auto it = threads_.find(thread_id);
    if (it == threads_.end() || it->second.checkpoints.empty()) {
      return Error::not_found("no thread '" + thread_id + "'");
    }
    return checkpoint_from_json(it->second.checkpoints.back());
  }

  // The next save of a checkpoint with this step fails once (kUnavailable).
  void fail_save_at_step(int64_t step) {
    std::lock_guard lock(mu_);
    fail_at_step_ = step;
  }
  // Every checkpoint document of a thread, oldest first.
  std::vector<Json> checkpoints(const std::string& thread_id) const {
    std::lock_guard lock(mu_);
    auto it = threads_.find(thread_id);
    return it == threads_.end() ? std::vector<Json>{} : it->second.checkpoints;
  }
  // Every step record of a thread, in save order.
  std::vector<StepRecord> steps(const std::string& thread_id) const {
    std::lock_guard lock(mu_);
    auto it = threads_.find(thread_id);
    return it == threads_.end() ? std::vector<StepRecord>{} : it->second.steps;
  }
  int64_t save_calls() const {
    std::lock_guard lock(mu_);
    return save_calls_;
  }

 private:
  struct Thread {
    std::vector<Json> checkpoints;
    std::vector<StepRecord> steps;
  };
  mutable std::mutex mu_;
  std::map<std::string, Thread> threads_;
  std::optional<int64_t> fail_at_step_;
  int64_t save_calls_ = 0;
};

}  // namespace kerf::agents::testing
