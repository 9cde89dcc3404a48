#include "kerf/ingest/mqtt/mqtt_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "ingest/mqtt/mqtt_session.h"
#include "ingest/mqtt/sample_batcher.h"
#include "kerf/ingest/mqtt/json_batch.h"
#include "kerf/ingest/mqtt/json_scheme.h"

namespace kerf::ingest::mqtt {

struct MqttJsonSource::State {
  std::atomic<uint64_t> rejected{0};
  mutable std::mutex mu;
  std::string last_error;  // the last rejected message
  std::unique_ptr<SampleBatcher> batcher;
};

namespace {

bool valid_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (c == '/' || c == '+' || c == '#' || c == '$' || static_cast<unsigned char>(c) < 0x20) {
      return false;
    }
  }
  return true;
}

int64_t now_ms(Env& env) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(env.now().time_since_epoch())
      .count();
}

}  // namespace

std::string subscription_filter(const MqttSourceOptions& opts) {
  if (opts.share_group.empty()) return fmt::format("kerf/{}/#", opts.plant);
  return fmt::format("$share/{}/kerf/{}/#", opts.share_group, opts.plant);
}

MqttJsonSource::MqttJsonSource(MqttSourceOptions opts)
    : opts_(std::move(opts)),
      name_(opts_.name.empty() ? "mqtt:" + opts_.connect.broker_uri : opts_.name),
      state_(std::make_unique<State>()) {}

MqttJsonSource::~MqttJsonSource() { stop(); }

Status MqttJsonSource::start(Handler handler) {
  if (!valid_name(opts_.plant)) return Error::invalid("plant", "must be 1..64 bytes, no / + # $");
  if (!opts_.share_group.empty() && !valid_name(opts_.share_group)) {
    return Error::invalid("share_group", "must be 1..64 bytes, no / + # $");
  }
  if (!handler) return Error::invalid("handler", "empty");
  if (session_) return Error::precondition("source already started");
  state_->batcher = std::make_unique<SampleBatcher>(
      name_, opts_.batching, std::move(handler),
      [this](int attempt) { return session_ && session_->sleep_backoff(attempt); });
  session_ = std::make_unique<MqttSession>(opts_.connect,
                                           std::vector<std::string>{subscription_filter(opts_)});
  Status st = session_->start(
      [this](const std::string& topic, const std::string& payload) { on_message(topic, payload); });
  if (!st.ok()) {
    session_.reset();
    state_->batcher.reset();
  }
  return st;
}

void MqttJsonSource::reject(const std::string& topic, const Error& e, size_t count) {
  std::string field = e.fields.empty() ? "" : e.fields.front().field;
  std::string reason = e.fields.empty() ? e.message : e.fields.front().message;
  state_->rejected.fetch_add(count);
  std::string msg = fmt::format("rejected {} on '{}': {}: {}",
                                count == 1 ? "message" : fmt::format("{} samples", count),
                                topic.substr(0, 200), field, reason);
  spdlog::warn("{}: {}", name_, msg);
  std::lock_guard lock(state_->mu);
  state_->last_error = std::move(msg);
}

void MqttJsonSource::on_message(const std::string& topic, const std::string& payload) {
  Env& env = opts_.connect.env != nullptr ? *opts_.connect.env : Env::system();
  std::vector<Sample> samples;
  if (is_batch_topic(topic)) {
    auto batch = parse_json_batch(topic, payload, now_ms(env), name_);
    if (!batch.ok()) return reject(topic, batch.error(), 1);
    // One log line per message: the first refused element, with the count.
    if (!batch->rejected.empty()) reject(topic, batch->rejected.front(), batch->rejected.size());
    samples = std::move(batch->samples);
  } else {
    auto sample = parse_json_message(topic, payload, now_ms(env), name_);
    if (!sample.ok()) return reject(topic, sample.error(), 1);
    samples.push_back(std::move(*sample));
  }
  // Paho has already sent the PUBACK (docs/mqtt_format.md); the batcher hands batches to the
  // pipeline. A full queue blocks this receive thread, so the broker holds back later messages.
  if (!samples.empty()) state_->batcher->add(std::move(samples));
}

void MqttJsonSource::stop() {
  if (session_) session_->stop();  // no more messages; then the queued ones are handed over
  if (state_->batcher) state_->batcher->stop();
}

SourceStats MqttJsonSource::stats() const {
  SourceStats s;
  s.name = name_;
  if (state_->batcher) s.samples = state_->batcher->delivered();
  s.rejected = state_->rejected.load();
  if (session_) {
    s.connected = session_->connected();
    s.reconnects = session_->reconnects();
  }
  std::lock_guard lock(state_->mu);
  s.last_error = state_->last_error;
  if (s.last_error.empty() && state_->batcher) s.last_error = state_->batcher->last_error();
  if (s.last_error.empty() && session_) s.last_error = session_->last_error();
  return s;
}

}  // namespace kerf::ingest::mqtt
