#include "kerf/ingest/edge_gateway.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "kerf/core/toml_parse.h"
#include "kerf/ingest/mqtt/json_batch.h"
#include "kerf/ingest/mqtt/mqtt_publisher.h"

namespace kerf::ingest {

namespace {

constexpr size_t kForwardBatch = 2000;  // samples per batch message (about 200 KB)

// Reads a string at `path` of `t` into `out`; records an error naming `key` when mistyped.
void read_string(const toml::node_view<const toml::node>& node, const std::string& key,
                 std::string& out, std::vector<FieldError>& errors, bool required) {
  if (!node) {
    if (required) errors.push_back({key, "is required"});
    return;
  }
  if (auto v = node.value<std::string>()) {
    out = *v;
  } else {
    errors.push_back({key, "must be a string"});
  }
}

bool valid_level(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<EdgeConfig> parse_edge_config(const std::string& toml_text) {
  auto parsed = parse_toml(toml_text);
  if (!parsed.ok()) return parsed.error();
  const toml::table& t = *parsed;
  const toml::table& ct = t;
  EdgeConfig c;
  std::vector<FieldError> errors;
  std::string buffer_dir;
  read_string(ct.at_path("edge.id"), "edge.id", c.id, errors, true);
  read_string(ct.at_path("edge.buffer_dir"), "edge.buffer_dir", buffer_dir, errors, true);
  c.buffer_dir = buffer_dir;
  if (auto node = ct.at_path("edge.buffer_max_mb")) {
    auto mb = node.value<int64_t>();
    if (!mb || *mb < 1 || *mb > 1'000'000) {
      errors.push_back({"edge.buffer_max_mb", "must be an integer in 1..1000000"});
    } else {
      c.buffer_max_bytes = static_cast<uint64_t>(*mb) << 20;
    }
  }
  read_string(ct.at_path("central.mqtt_url"), "central.mqtt_url", c.mqtt_url, errors, true);
  read_string(ct.at_path("central.plant"), "central.plant", c.plant, errors, false);
  if (!c.id.empty() && !valid_level(c.id)) {
    errors.push_back({"edge.id", "must be 1..64 characters of A-Z a-z 0-9 _ - ."});
  }
  if (!c.mqtt_url.empty() && c.mqtt_url.rfind("tcp://", 0) != 0) {
    errors.push_back({"central.mqtt_url", "must start with tcp://"});
  }
  if (!valid_level(c.plant)) errors.push_back({"central.plant", "must be a valid topic level"});
  if (const auto* list = ct.get_as<toml::array>("mtconnect")) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string prefix = "mtconnect[" + std::to_string(i) + "].";
      const auto* entry = list->get(i)->as_table();
      if (entry == nullptr) {
        errors.push_back({prefix.substr(0, prefix.size() - 1), "must be a table"});
        continue;
      }
      mtconnect::MtconnectConfig m;
      read_string((*entry)["agent_url"], prefix + "agent_url", m.agent_url, errors, true);
      read_string((*entry)["device"], prefix + "device", m.device, errors, false);
      if (const auto* map = (*entry)["machines"].as_table()) {
        for (const auto& [device, code] : *map) {
          if (auto v = code.value<std::string>()) m.machines[std::string(device.str())] = *v;
        }
      }
      if (auto st = m.validate(); !st) {
        for (const auto& f : st.error().fields) errors.push_back({prefix + f.field, f.message});
        if (st.error().fields.empty()) errors.push_back({prefix + "agent_url", st.error().message});
        continue;
      }
      c.mtconnect.push_back(std::move(m));
    }
  }
  if (const auto* list = ct.get_as<toml::array>("opcua")) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string prefix = "opcua[" + std::to_string(i) + "].";
      const auto* entry = list->get(i)->as_table();
      if (entry == nullptr) {
        errors.push_back({prefix.substr(0, prefix.size() - 1), "must be a table"});
        continue;
      }
      opcua::OpcUaSourceOptions o;
      read_string((*entry)["endpoint"], prefix + "endpoint", o.client.endpoint_url, errors, true);
      read_string((*entry)["user"], prefix + "user", o.client.user, errors, false);
      read_string((*entry)["password"], prefix + "password", o.client.password, errors, false);
      if (const auto* codes = (*entry)["machines"].as_array()) {
        for (const auto& code : *codes) {
          if (auto v = code.value<std::string>()) o.machines.push_back(*v);
        }
      }
      if (!o.client.endpoint_url.empty() && !opcua::parse_endpoint_url(o.client.endpoint_url)) {
        errors.push_back({prefix + "endpoint", "must be opc.tcp://host:port"});
      }
      c.opcua.push_back(std::move(o));
    }
  }
  if (errors.empty() && c.mtconnect.empty() && c.opcua.empty()) {
    errors.push_back({"mtconnect", "no source configured ([[mtconnect]] or [[opcua]])"});
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return c;
}

struct EdgeGateway::Impl {
  EdgeConfig config;
  Env& env;
  std::unique_ptr<EdgeBuffer> buffer;
  std::unique_ptr<mqtt::MqttPublisher> publisher;
  std::vector<std::unique_ptr<Source>> sources;
  std::thread forwarder;
  mutable std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;
  std::atomic<uint64_t> forwarded{0};
  std::atomic<uint64_t> publish_failures{0};

  Impl(EdgeConfig c, Env& e) : config(std::move(c)), env(e) {}

  // A source's batch: durable in the buffer before the source may acknowledge it.
  Status accept(std::vector<Sample> batch) {
    for (auto& s : batch) {
      s.source = "edge:" + config.id;
      s.seq = 0;  // the buffer numbers them: the per-gateway sequence the central side checks
    }
    if (batch.empty()) return {};
    const Sample last = batch.back();
    auto appended = buffer->append(std::move(batch));
    if (!appended) return appended.error();
    spdlog::debug("edge: durable up to position {} (last {} {}={})", *appended, last.machine,
                  last.signal, as_text(last.value));
    wake.notify_one();
    return {};
  }

  // Sends the oldest records in order; commits what the broker acknowledged.
  void forward_loop() {
    int attempt = 0;
    std::unique_lock lock(mu);
    while (!stopping) {
      lock.unlock();
      bool failed = false;
      bool idle = true;
      auto records = buffer->peek(kForwardBatch);
      if (records && !records->empty()) {
        idle = false;
        std::vector<Sample> samples;
        samples.reserve(records->size());
        for (const auto& r : *records) samples.push_back(r.sample);
        // One batch message (json_batch.h) per peek: one broker round trip for all of them.
        const std::string source = "edge:" + config.id;
        if (auto st = publisher->publish(mqtt::make_batch_topic(config.plant, config.id),
                                         mqtt::encode_json_batch(samples, source));
            !st) {
          ++publish_failures;
          failed = true;
        } else {
          forwarded += samples.size();
          if (auto c = buffer->commit(records->back().pos); !c) {
            spdlog::error("edge: commit of {} failed: {}", records->back().pos, c.error().message);
            failed = true;
          }
        }
      } else if (!records) {
        spdlog::error("edge: buffer read failed: {}", records.error().message);
        failed = true;
      }
      lock.lock();
      if (failed) {
        // Backoff with jitter, interrupted by stop().
        const int64_t cap = std::min<int64_t>(10'000, 200LL << std::min(attempt, 6));
        const int64_t delay = cap / 2 + static_cast<int64_t>(env.random_u64() % (cap / 2 + 1));
        ++attempt;
        wake.wait_for(lock, std::chrono::milliseconds(delay), [this] { return stopping; });
      } else {
        attempt = 0;
        if (idle) {
          wake.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping; });
        }
      }
    }
  }
};

Result<std::unique_ptr<EdgeGateway>> EdgeGateway::start(EdgeConfig config, Env& env) {
  auto impl = std::make_unique<Impl>(std::move(config), env);
  EdgeBufferOptions buffer_options;
  buffer_options.max_bytes = impl->config.buffer_max_bytes;
  buffer_options.segment_bytes = std::min<uint64_t>(4ull << 20, buffer_options.max_bytes / 4);
  auto buffer = EdgeBuffer::open(impl->config.buffer_dir, buffer_options);
  if (!buffer) return buffer.error();
  impl->buffer = std::move(*buffer);
  mqtt::MqttConnectOptions connect;
  connect.broker_uri = impl->config.mqtt_url;
  connect.client_id = "kerf-edge-" + impl->config.id;
  connect.env = &env;
  impl->publisher = std::make_unique<mqtt::MqttPublisher>(connect);
  if (auto st = impl->publisher->start(std::chrono::seconds(5)); !st) {
    spdlog::warn("edge: broker {} not reachable yet ({}); buffering", impl->config.mqtt_url,
                 st.error().message);
  }
  for (const auto& m : impl->config.mtconnect) {
    impl->sources.push_back(std::make_unique<mtconnect::MtconnectSource>(m, env));
  }
  for (auto o : impl->config.opcua) {
    o.env = &env;
    impl->sources.push_back(std::make_unique<opcua::OpcUaSource>(o));
  }
  Impl* raw = impl.get();
  for (auto& source : impl->sources) {
    auto started =
        source->start([raw](std::vector<Sample> batch) { return raw->accept(std::move(batch)); });
    if (!started) return started.error();
  }
  impl->forwarder = std::thread([raw] { raw->forward_loop(); });
  return std::unique_ptr<EdgeGateway>(new EdgeGateway(std::move(impl)));
}

EdgeGateway::EdgeGateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EdgeGateway::~EdgeGateway() { stop(); }

void EdgeGateway::stop() {
  for (auto& source : impl_->sources) source->stop();
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->forwarder.joinable()) impl_->forwarder.join();
  if (impl_->publisher) impl_->publisher->stop();
}

EdgeStats EdgeGateway::stats() const {
  EdgeStats s;
  s.buffer = impl_->buffer->stats();
  s.forwarded = impl_->forwarded;
  s.publish_failures = impl_->publish_failures;
  s.broker_connected = impl_->publisher && impl_->publisher->connected();
  for (const auto& source : impl_->sources) s.sources.push_back(source->stats());
  return s;
}

}  // namespace kerf::ingest
