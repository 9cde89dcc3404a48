#include "kerf/api/metrics.h"

#include <fmt/format.h>

namespace kerf::api {
namespace {

// Escapes a label value per the exposition format.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string Metrics::method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 9> kKnown = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"};
  for (auto m : kKnown) {
    if (m == method) return std::string(m);
  }
  return "other";
}

int Metrics::status_label(int status) { return status >= 100 && status <= 599 ? status : 0; }

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method_label(method), route, status_label(status)}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

void Metrics::add_collector(std::function<std::string()> render) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(render));
}

uint64_t Metrics::requests(const std::string& method, const std::string& route, int status) const {
  std::lock_guard lock(mu_);
  auto it = requests_.find({method_label(method), route, status_label(status)});
  return it == requests_.end() ? 0 : it->second;
}

std::string Metrics::render() const {
  std::string out;
  std::vector<Gauge> gauges;
  std::vector<std::function<std::string()>> collectors;
  {
    std::lock_guard lock(mu_);
    out += "# HELP kerf_http_requests_total HTTP requests by method, route pattern and status.\n";
    out += "# TYPE kerf_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      out +=
          fmt::format("kerf_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                      label(method), label(route), status, n);
    }
    out += "# HELP kerf_http_request_duration_seconds HTTP request latency by route pattern.\n";
    out += "# TYPE kerf_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out +=
            fmt::format("kerf_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                        label(route), kBuckets[i], h.buckets[i]);
      }
      out +=
          fmt::format("kerf_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                      label(route), h.count);
      out += fmt::format("kerf_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                         label(route), h.sum);
      out += fmt::format("kerf_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                         label(route), h.count);
    }
    gauges = gauges_;
    collectors = collectors_;
  }
  out += "# HELP kerf_http_requests_in_flight Requests being handled now.\n";
  out += "# TYPE kerf_http_requests_in_flight gauge\n";
  out += fmt::format("kerf_http_requests_in_flight {}\n", in_flight_.load());
  out += "# HELP kerf_websocket_connections Open WebSocket event streams.\n";
  out += "# TYPE kerf_websocket_connections gauge\n";
  out += fmt::format("kerf_websocket_connections {}\n", ws_open_.load());
  out += "# TYPE kerf_websocket_connections_total counter\n";
  out += fmt::format("kerf_websocket_connections_total {}\n", ws_total_.load());
  out += "# HELP kerf_websocket_events_sent_total Events written to WebSocket clients.\n";
  out += "# TYPE kerf_websocket_events_sent_total counter\n";
  out += fmt::format("kerf_websocket_events_sent_total {}\n", events_sent_.load());
  if (bus_ != nullptr) {
    auto s = bus_->stats();
    out += "# TYPE kerf_events_published_total counter\n";
    out += fmt::format("kerf_events_published_total {}\n", s.published);
    out += "# TYPE kerf_events_delivered_total counter\n";
    out += fmt::format("kerf_events_delivered_total {}\n", s.delivered);
    out += "# HELP kerf_events_dropped_total Events dropped on full subscriber queues.\n";
    out += "# TYPE kerf_events_dropped_total counter\n";
    out += fmt::format("kerf_events_dropped_total {}\n", s.dropped);
    out += "# TYPE kerf_event_subscribers gauge\n";
    out += fmt::format("kerf_event_subscribers {}\n", s.subscribers);
  }
  for (const auto& g : gauges) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name,
                       g.read());
  }
  for (const auto& collect : collectors) out += collect();
  return out;
}

}  // namespace kerf::api
