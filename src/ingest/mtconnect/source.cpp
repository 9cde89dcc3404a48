#include "kerf/ingest/mtconnect/source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "ingest/mtconnect/agent_http.h"
#include "kerf/ingest/mtconnect/document.h"
#include "kerf/ingest/mtconnect/mapping.h"
#include "kerf/ingest/mtconnect/multipart.h"

namespace kerf::ingest::mtconnect {

using std::chrono::milliseconds;

Result<AgentUrl> parse_agent_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Error::invalid("agent_url", fmt::format("'{}' must start with http://", url));
  }
  std::string_view rest = url.substr(kScheme.size());
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string prefix(slash == std::string_view::npos ? "" : rest.substr(slash));
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (prefix.find_first_of("?# ") != std::string::npos) {
    return Error::invalid("agent_url", "the path may not hold '?', '#' or spaces");
  }
  AgentUrl out;
  out.prefix = prefix;
  auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    out.host = std::string(authority);
  } else {
    out.host = std::string(authority.substr(0, colon));
    auto p = authority.substr(colon + 1);
    unsigned v = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    if (p.empty() || ec != std::errc() || end != p.data() + p.size() || v == 0 || v > 65535) {
      return Error::invalid("agent_url", fmt::format("port '{}' is not 1..65535", p));
    }
    out.port = static_cast<uint16_t>(v);
  }
  if (out.host.empty()) return Error::invalid("agent_url", "no host");
  return out;
}

Status MtconnectConfig::validate() const {
  if (auto u = parse_agent_url(agent_url); !u.ok()) return u.error();
  if (machines.empty()) return Error::invalid("machines", "map at least one device to a machine");
  for (const auto& [device, code] : machines) {
    if (device.empty() || code.empty()) {
      return Error::invalid("machines", "device names and machine codes must not be empty");
    }
  }
  if (device.find_first_of("/?# ") != std::string::npos) {
    return Error::invalid("device", "may not hold '/', '?', '#' or spaces");
  }
  if (interval_ms < 0) return Error::invalid("interval_ms", "must be >= 0");
  if (heartbeat_ms < 10) return Error::invalid("heartbeat_ms", "must be >= 10");
  if (count < 1) return Error::invalid("count", "must be >= 1");
  if (request_timeout_ms < 1) return Error::invalid("request_timeout_ms", "must be >= 1");
  if (backoff_initial_ms < 1 || backoff_max_ms < backoff_initial_ms) {
    return Error::invalid("backoff_initial_ms", "need 1 <= backoff_initial_ms <= backoff_max_ms");
  }
  return ok_status();
}

Result<MtconnectConfig> config_for_machine(const model::Machine& machine) {
  std::string_view ep = machine.endpoint;
  while (!ep.empty() && ep.back() == '/') ep.remove_suffix(1);
  auto slash = ep.rfind('/');
  if (ep.substr(0, 7) != "http://" || slash == std::string_view::npos || slash < 7 ||
      ep.find('/', 7) == std::string_view::npos) {
    return Error::invalid("endpoint", fmt::format("'{}' must be http://host:port[/prefix]/<device>",
                                                  machine.endpoint));
  }
  MtconnectConfig c;
  c.agent_url = std::string(ep.substr(0, slash));
  c.device = std::string(ep.substr(slash + 1));
  c.machines[c.device] = machine.code;
  if (auto st = c.validate(); !st.ok()) {
    return Error::invalid("endpoint", st.error().message);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------

namespace {
enum class StreamEnd { kOutOfRange, kInstanceChanged };
}  // namespace

struct MtconnectSource::Impl {
  Impl(MtconnectConfig c, Env& e)
      : config(std::move(c)),
        env(e),
        name("mtconnect:" + config.agent_url + (config.device.empty() ? "" : "/" + config.device)),
        mapper(config.machines, name) {}

  MtconnectConfig config;
  Env& env;
  std::string name;
  AgentUrl url;
  std::unique_ptr<AgentHttp> http;
  Handler handler;
  std::thread thread;
  std::atomic<bool> stopping{false};
  bool started = false;

  mutable std::mutex mu;  // guards stats, counters, the stop wait
  std::condition_variable cv;
  SourceStats stats_;
  MtconnectCounters counters_;

  // Client state (source thread only).
  SampleMapper mapper;
  std::optional<DeviceModel> model;
  uint64_t instance_id = 0;
  uint64_t next = 0;       // 0: start from current
  uint64_t count = 0;      // sample?count=: the configured count, at most the agent's bufferSize
  bool delivered = false;  // this session delivered data (resets the backoff)

  std::string target(std::string_view request) const {
    std::string t = url.prefix;
    if (!config.device.empty()) t += "/" + config.device;
    t += "/";
    t += request;
    return t;
  }

  template <typename F>
  void update(F f) {
    std::lock_guard lock(mu);
    f();
  }

  void reject(const std::string& why) {
    spdlog::warn("{}: rejected: {}", name, why);
    update([&] {
      ++stats_.rejected;
      stats_.last_error = why;
    });
  }

  Status deliver(std::vector<Sample> samples) {
    if (samples.empty()) return ok_status();
    size_t n = samples.size();
    auto st = handler(std::move(samples));
    if (!st.ok()) return Error::unavailable("handler refused the batch: " + st.error().message);
    update([&] { stats_.samples += n; });
    delivered = true;
    return ok_status();
  }

  Result<HttpReply> get(const std::string& t) {
    return http->get(t, milliseconds(config.request_timeout_ms));
  }

  Status probe() {
    update([&] { ++counters_.probes; });
    auto reply = get(target("probe"));
    if (!reply.ok()) return reply.error();
    auto parsed = parse_devices(reply->body);
    if (!parsed.ok()) {
      auto doc = parse_streams(reply->body);  // an MTConnectError (NO_DEVICE ...)?
      if (doc.ok() && std::holds_alternative<ErrorDocument>(*doc)) {
        const auto& e = std::get<ErrorDocument>(*doc).errors.front();
        return Error::unavailable(fmt::format("probe: {} {}", e.code, e.message));
      }
      reject("probe: " + parsed.error().message);
      return Error::unavailable("probe: " + parsed.error().message);
    }
    model = std::move(*parsed);
    return ok_status();
  }

  Status current() {
    for (int attempt = 0;; ++attempt) {
      update([&] { ++counters_.currents; });
      auto reply = get(target("current"));
      if (!reply.ok()) return reply.error();
      auto parsed = parse_streams(reply->body);
      if (!parsed.ok()) {
        reject("current: " + parsed.error().message);
        return Error::unavailable("current: " + parsed.error().message);
      }
      if (auto* err = std::get_if<ErrorDocument>(&*parsed)) {
        return Error::unavailable(
            fmt::format("current: {} {}", err->errors.front().code, err->errors.front().message));
      }
      auto& doc = std::get<StreamsDocument>(*parsed);
      if (instance_id != 0 && doc.header.instance_id != instance_id && attempt == 0) {
        // The agent restarted since we last saw it: its device model may have changed too.
        spdlog::info("{}: agent restarted (instanceId {} -> {}); probing again", name, instance_id,
                     doc.header.instance_id);
        update([&] { ++counters_.instance_changes; });
        note_instance(doc.header.instance_id);
        mapper.reset();
        if (auto st = probe(); !st.ok()) return st;
        continue;
      }
      for (const auto& r : doc.rejected) reject("current: " + r);
      note_instance(doc.header.instance_id);
      if (doc.header.buffer_size > 0) {
        count = std::min<uint64_t>(static_cast<uint64_t>(config.count), doc.header.buffer_size);
      }
      if (auto st = deliver(mapper.map_current(doc, *model)); !st.ok()) return st;
      next = doc.header.next_sequence;
      update([&] { counters_.next_sequence = next; });
      return ok_status();
    }
  }

  void note_instance(uint64_t id) {
    instance_id = id;
    // Sequence numbers start over with each agent instance: samples carry the instance in their
    // source so that Dedup's per-source sequence check starts over too.
    mapper.set_source(name + "#" + std::to_string(id));
    update([&] { counters_.last_instance_id = id; });
  }

  // Streams from `next` until the stream ends: Ok(kOutOfRange / kInstanceChanged) for protocol
  // recoveries, an error for transport failures and refused batches.
  Result<StreamEnd> stream() {
    update([&] { ++counters_.streams; });
    std::string t = target(fmt::format("sample?from={}&interval={}&heartbeat={}&count={}", next,
                                       config.interval_ms, config.heartbeat_ms, count));
    std::optional<MultipartReader> reader;
    std::optional<StreamEnd> end;
    int status = 0;
    auto on_headers = [&](int s, std::string_view content_type) -> Status {
      status = s;
      if (s / 100 != 2) return ok_status();
      auto boundary = multipart_boundary(content_type);
      if (!boundary.ok()) {
        reject("sample: " + boundary.error().message);
        return Error::unavailable("sample: " + boundary.error().message);
      }
      reader.emplace(*boundary);
      update([&] { stats_.connected = true; });
      return ok_status();
    };
    auto handle_error_doc = [&](const ErrorDocument& err) -> Status {
      if (err.has("OUT_OF_RANGE")) {
        end = StreamEnd::kOutOfRange;
        update([&] { ++counters_.out_of_range; });
        return Error::unavailable("OUT_OF_RANGE");
      }
      return Error::unavailable(
          fmt::format("sample: {} {}", err.errors.front().code, err.errors.front().message));
    };
    auto handle_part = [&](const std::string& body) -> Status {
      update([&] { ++counters_.parts; });
      if (body.empty()) {
        update([&] { ++counters_.heartbeats; });
        return ok_status();
      }
      auto parsed = parse_streams(body);
      if (!parsed.ok()) {
        reject("sample part: " + parsed.error().message);
        return ok_status();  // the framing holds; go on with the next part
      }
      if (auto* err = std::get_if<ErrorDocument>(&*parsed)) return handle_error_doc(*err);
      auto& doc = std::get<StreamsDocument>(*parsed);
      if (doc.header.instance_id != instance_id) {
        end = StreamEnd::kInstanceChanged;  // counted by current()
        return Error::unavailable("instanceId changed");
      }
      for (const auto& r : doc.rejected) reject("sample: " + r);
      if (doc.observations.empty()) update([&] { ++counters_.heartbeats; });
      if (auto st = deliver(mapper.map_sample(doc, *model)); !st.ok()) return st;
      next = std::max(next, doc.header.next_sequence);
      update([&] { counters_.next_sequence = next; });
      return ok_status();
    };
    auto on_data = [&](std::string_view bytes) -> Status {
      if (status / 100 != 2) {
        auto parsed = parse_streams(bytes);
        if (parsed.ok() && std::holds_alternative<ErrorDocument>(*parsed)) {
          return handle_error_doc(std::get<ErrorDocument>(*parsed));
        }
        return Error::unavailable(fmt::format("sample: HTTP {}", status));
      }
      reader->feed(bytes);
      for (;;) {
        auto part = reader->next();
        if (!part.ok()) {
          reject("sample stream: " + part.error().message);
          return Error::unavailable("sample stream: " + part.error().message);
        }
        if (!*part) return ok_status();
        if (auto st = handle_part(**part); !st.ok()) return st;
      }
    };
    auto st = http->stream(t, milliseconds(config.request_timeout_ms),
                           milliseconds(2 * static_cast<int64_t>(config.heartbeat_ms)), on_headers,
                           on_data);
    if (end) return *end;
    if (!st.ok() && is_idle_timeout(st.error())) update([&] { ++counters_.heartbeat_timeouts; });
    return st.ok() ? Error::unavailable("stream ended") : st.error();
  }

  // One connected stretch: (probe, current,) stream, with protocol recoveries inline. Returns
  // why it ended.
  Status session() {
    int recoveries = 0;
    for (;;) {
      if (stopping) return ok_status();
      if (!model) {
        if (auto st = probe(); !st.ok()) return st;
      }
      if (next == 0) {
        if (auto st = current(); !st.ok()) return st;
      }
      auto end = stream();
      if (!end.ok()) return end.error();
      if (++recoveries > 3) return Error::unavailable("repeated OUT_OF_RANGE / restarts");
      if (*end == StreamEnd::kInstanceChanged) {
        // current() notices the new instanceId and probes again.
        spdlog::info("{}: agent restarted (new instanceId in the stream)", name);
      } else {
        spdlog::info(
            "{}: sample?from={} is OUT_OF_RANGE (buffer wrapped or agent restarted); "
            "resuming from current",
            name, next);
      }
      next = 0;
      if (delivered) recoveries = 0;
      delivered = false;
    }
  }

  void run() {
    int attempt = 0;
    while (!stopping) {
      delivered = false;
      auto st = session();
      if (stopping) break;
      std::string why = st.ok() ? "session ended" : st.error().message;
      spdlog::warn("{}: {}; reconnecting", name, why);
      update([&] {
        stats_.connected = false;
        stats_.last_error = why;
        ++stats_.reconnects;
      });
      if (delivered) attempt = 0;
      int64_t d =
          std::min<int64_t>(config.backoff_max_ms, static_cast<int64_t>(config.backoff_initial_ms)
                                                       << std::min(attempt, 20));
      ++attempt;
      int64_t wait =
          d / 2 + static_cast<int64_t>(env.random_u64() % static_cast<uint64_t>(d / 2 + 1));
      std::unique_lock lock(mu);
      cv.wait_for(lock, milliseconds(wait), [&] { return stopping.load(); });
    }
    update([&] { stats_.connected = false; });
  }
};

MtconnectSource::MtconnectSource(MtconnectConfig config, Env& env)
    : impl_(std::make_unique<Impl>(std::move(config), env)) {}

MtconnectSource::~MtconnectSource() { stop(); }

std::string_view MtconnectSource::name() const { return impl_->name; }

Status MtconnectSource::start(Handler handler) {
  if (impl_->started) return Error::precondition(impl_->name + ": already started");
  if (auto st = impl_->config.validate(); !st.ok()) return st;
  auto url = parse_agent_url(impl_->config.agent_url);
  impl_->url = *url;
  impl_->http = std::make_unique<AgentHttp>(url->host, url->port);
  impl_->handler = std::move(handler);
  impl_->stats_.name = impl_->name;
  impl_->count = static_cast<uint64_t>(impl_->config.count);
  impl_->started = true;
  impl_->thread = std::thread([this] { impl_->run(); });
  return ok_status();
}

void MtconnectSource::stop() {
  if (!impl_->started || impl_->stopping.exchange(true)) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->cv.notify_all();
  }
  impl_->http->cancel();
  if (impl_->thread.joinable()) impl_->thread.join();
}

SourceStats MtconnectSource::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats_;
}

MtconnectCounters MtconnectSource::counters() const {
  std::lock_guard lock(impl_->mu);
  return impl_->counters_;
}

}  // namespace kerf::ingest::mtconnect
