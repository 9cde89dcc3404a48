// Prometheus metrics of the HTTP server: request counters by route pattern and status, a latency
// histogram, in-flight requests, WebSocket and event counters, plus gauges read from callbacks.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "kerf/core/event_bus.h"

namespace kerf::api {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets (+Inf is implicit).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // Counts one finished request. Label values are bounded: a method outside the standard
  // ones counts as "other", a status outside 100..599 as 0; `route` must be a route pattern or
  // one of the fixed labels ("unmatched", "static"), never a raw path.
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void request_started() { in_flight_.fetch_add(1); }
  void request_finished() { in_flight_.fetch_sub(1); }
  void websocket_opened() {
    ws_open_.fetch_add(1);
    ws_total_.fetch_add(1);
  }
  void websocket_closed() { ws_open_.fetch_sub(1); }
  void event_sent() { events_sent_.fetch_add(1); }
  // Registers a gauge `name` (a valid Prometheus metric name) read at each scrape.
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  // Registers a collector whose text (complete exposition lines: HELP, TYPE, samples) is
  // appended at each scrape. Its label values must be bounded (never from request input).
  void add_collector(std::function<std::string()> render);
  // Includes the bus counters (published/delivered/dropped/subscribers) in the exposition.
  void set_event_bus(const EventBus* bus) { bus_ = bus; }

  // Total requests counted for (method, route, status); 0 if none. For tests.
  uint64_t requests(const std::string& method, const std::string& route, int status) const;
  // The text exposition format (version 0.0.4).
  std::string render() const;
  // The method label for `method`: itself if standard (GET, POST, ...), else "other".
  static std::string method_label(std::string_view method);
  // The status label: `status` if in 100..599, else 0.
  static int status_label(int status);

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;  // by route
  std::vector<Gauge> gauges_;
  std::vector<std::function<std::string()>> collectors_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> ws_open_{0};
  std::atomic<uint64_t> ws_total_{0};
  std::atomic<uint64_t> events_sent_{0};
  const EventBus* bus_ = nullptr;
};

}  // namespace kerf::api
