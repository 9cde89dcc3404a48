// Helpers shared by the MQTT / Sparkplug tests: a thread-safe sample collector to use as a
// Source handler, and unique client ids.
#pragma once

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "kerf/ingest/pipeline.h"

namespace kerf::testing {

class SampleCollector {
 public:
  // A handler appending every batch; returns Ok.
  ingest::Source::Handler handler() {
    return [this](std::vector<ingest::Sample> batch) -> Status {
      std::lock_guard lock(mu_);
      for (auto& s : batch) samples_.push_back(std::move(s));
      cv_.notify_all();
      return ok_status();
    };
  }
  // Waits (up to `timeout`, a generous bound on a loaded machine, not a speed check) until
  // `done(samples)` holds; returns whether it did.
  bool wait_until(const std::function<bool(const std::vector<ingest::Sample>&)>& done,
                  std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return done(samples_); });
  }
  bool wait_count(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return wait_until([n](const auto& v) { return v.size() >= n; }, timeout);
  }
  std::vector<ingest::Sample> samples() const {
    std::lock_guard lock(mu_);
    return samples_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ingest::Sample> samples_;
};

// A client id unique to this process and call (persistent sessions must not collide).
inline std::string unique_client_id(const std::string& prefix) {
  static int n = 0;
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
}

}  // namespace kerf::testing
