// The Clock/Env seam: every read of wall time and every random draw goes through here, so tests
// can simulate a week of shop floor in microseconds and inject faults (modelled on LevelDB's Env).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

namespace kerf {

using Micros = std::chrono::microseconds;
using TimePoint = std::chrono::sys_time<Micros>;  // UTC, microsecond resolution

class Clock {
 public:
  virtual ~Clock() = default;
  // Current UTC time. Monotonic non-decreasing is NOT guaranteed for SystemClock.
  virtual TimePoint now() const = 0;
  // Monotonic time for measuring durations and timeouts.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  std::chrono::steady_clock::time_point steady_now() const override;
};

// A clock that only moves when told to; thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start);
  TimePoint now() const override;
  std::chrono::steady_clock::time_point steady_now() const override;
  void set(TimePoint t);
  void advance(Micros d);

 private:
  std::atomic<int64_t> now_us_;
  int64_t start_us_;
};

// Process-wide services. Tests build their own Env with a ManualClock and a fixed seed.
class Env {
 public:
  Env(const Clock& clock, uint64_t seed) : clock_(&clock), rng_(seed) {}
  // The default Env: system clock, seed from std::random_device.
  static Env& system();

  const Clock& clock() const { return *clock_; }
  TimePoint now() const { return clock_->now(); }
  // A uniformly random 64-bit number from the Env's seeded generator (thread-safe).
  uint64_t random_u64();
  // Fills `out` with `n` cryptographically random bytes (libsodium-independent: /dev/urandom).
  void secure_random(unsigned char* out, std::size_t n);

 private:
  const Clock* clock_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
};

}  // namespace kerf
