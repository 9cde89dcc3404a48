#include "kerf/ingest/mqtt/sparkplug_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>

#include "ingest/mqtt/mqtt_session.h"
#include "ingest/mqtt/sample_batcher.h"

namespace kerf::ingest::mqtt {

struct SparkplugSource::State {
  explicit State(std::string source, int64_t interval) : host(std::move(source), interval) {}
  mutable std::mutex mu;  // guards everything below (Paho delivers on one thread; stats read)
  SparkplugHost host;
  uint64_t rejected = 0;
  std::string last_error;  // the last rejection
  std::unique_ptr<SampleBatcher> batcher;
};

SparkplugSource::SparkplugSource(SparkplugSourceOptions opts)
    : opts_(std::move(opts)),
      name_(opts_.name.empty()
                ? fmt::format("sparkplug:{}@{}", opts_.group, opts_.connect.broker_uri)
                : opts_.name),
      state_(std::make_unique<State>(name_, opts_.rebirth_interval_ms)) {}

SparkplugSource::~SparkplugSource() { stop(); }

Status SparkplugSource::start(Handler handler) {
  if (opts_.group.empty() || opts_.group.size() > 128 ||
      opts_.group.find_first_of("/+#") != std::string::npos) {
    return Error::invalid("group", "must be 1..128 bytes without / + #");
  }
  if (!handler) return Error::invalid("handler", "empty");
  if (session_) return Error::precondition("source already started");
  state_->batcher = std::make_unique<SampleBatcher>(
      name_, opts_.batching, std::move(handler),
      [this](int attempt) { return session_ && session_->sleep_backoff(attempt); });
  session_ = std::make_unique<MqttSession>(
      opts_.connect, std::vector<std::string>{fmt::format("spBv1.0/{}/#", opts_.group)});
  Status st = session_->start(
      [this](const std::string& topic, const std::string& payload) { on_message(topic, payload); });
  if (!st.ok()) {
    session_.reset();
    state_->batcher.reset();
  }
  return st;
}

void SparkplugSource::on_message(const std::string& topic, const std::string& payload) {
  Env& env = opts_.connect.env != nullptr ? *opts_.connect.env : Env::system();
  int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(env.now().time_since_epoch()).count();
  SparkplugOutput out;
  {
    std::lock_guard lock(state_->mu);
    out = state_->host.on_message(topic, payload, now);
    state_->rejected += out.rejected.size();
    for (const Error& e : out.rejected) {
      std::string field = e.fields.empty() ? "" : e.fields.front().field;
      std::string reason = e.fields.empty() ? e.message : e.fields.front().message;
      state_->last_error =
          fmt::format("rejected on '{}': {}: {}", topic.substr(0, 200), field, reason);
      spdlog::warn("{}: {}", name_, state_->last_error);
    }
  }
  for (const RebirthRequest& r : out.rebirths) {
    spdlog::info("{}: requesting rebirth: {}", name_, r.topic);
    Status st = session_->publish(r.topic, r.payload, 0, false);
    if (!st.ok()) spdlog::warn("{}: rebirth request failed: {}", name_, st.error().message);
  }
  if (!out.samples.empty()) state_->batcher->add(std::move(out.samples));
}

void SparkplugSource::stop() {
  if (session_) session_->stop();  // no more messages; then the queued ones are handed over
  if (state_->batcher) state_->batcher->stop();
}

SourceStats SparkplugSource::stats() const {
  SourceStats s;
  s.name = name_;
  if (session_) {
    s.connected = session_->connected();
    s.reconnects = session_->reconnects();
  }
  if (state_->batcher) s.samples = state_->batcher->delivered();
  std::lock_guard lock(state_->mu);
  s.rejected = state_->rejected;
  s.last_error = state_->last_error;
  if (s.last_error.empty() && state_->batcher) s.last_error = state_->batcher->last_error();
  if (s.last_error.empty() && session_) s.last_error = session_->last_error();
  return s;
}

SparkplugHostStats SparkplugSource::host_stats() const {
  std::lock_guard lock(state_->mu);
  return state_->host.stats();
}

}  // namespace kerf::ingest::mqtt
