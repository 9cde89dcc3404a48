#include "kerf/core/clock.h"

#include <fstream>
#include <stdexcept>

namespace kerf {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now());
}

std::chrono::steady_clock::time_point SystemClock::steady_now() const {
  return std::chrono::steady_clock::now();
}

ManualClock::ManualClock(TimePoint start)
    : now_us_(start.time_since_epoch().count()), start_us_(start.time_since_epoch().count()) {}

TimePoint ManualClock::now() const { return TimePoint(Micros(now_us_.load())); }

std::chrono::steady_clock::time_point ManualClock::steady_now() const {
  return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          Micros(now_us_.load() - start_us_)));
}

void ManualClock::set(TimePoint t) { now_us_.store(t.time_since_epoch().count()); }

void ManualClock::advance(Micros d) { now_us_.fetch_add(d.count()); }

Env& Env::system() {
  static SystemClock clock;
  static Env env(clock, std::random_device{}());
  return env;
}

uint64_t Env::random_u64() {
  std::lock_guard lock(rng_mu_);
  return rng_();
}

void Env::secure_random(unsigned char* out, std::size_t n) {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  if (!urandom.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n))) {
    throw std::runtime_error("cannot read /dev/urandom");
  }
}

}  // namespace kerf
