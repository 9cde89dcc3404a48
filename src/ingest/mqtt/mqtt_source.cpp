#include "kerf/ingest/mqtt/mqtt_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "ingest/mqtt/mqtt_session.h"
#include "kerf/ingest/mqtt/json_scheme.h"

namespace kerf::ingest::mqtt {

struct MqttJsonSource::State {
  Handler handler;
  std::atomic<uint64_t> samples{0};
  std::atomic<uint64_t> rejected{0};
  mutable std::mutex mu;
  std::string last_error;
  // Parsed samples waiting for the flusher (guarded by queue_mu).
  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<Sample> pending;
  bool stopping = false;
  std::thread flusher;
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
  state_->handler = std::move(handler);
  state_->stopping = false;
  state_->flusher = std::thread([this] { flush_loop(); });
  session_ = std::make_unique<MqttSession>(opts_.connect,
                                           std::vector<std::string>{subscription_filter(opts_)});
  Status st = session_->start(
      [this](const std::string& topic, const std::string& payload) { on_message(topic, payload); });
  if (!st.ok()) {
    session_.reset();
    stop_flusher();
  }
  return st;
}

void MqttJsonSource::on_message(const std::string& topic, const std::string& payload) {
  Env& env = opts_.connect.env != nullptr ? *opts_.connect.env : Env::system();
  auto sample = parse_json_message(topic, payload, now_ms(env), name_);
  if (!sample.ok()) {
    const Error& e = sample.error();
    std::string field = e.fields.empty() ? "" : e.fields.front().field;
    std::string reason = e.fields.empty() ? e.message : e.fields.front().message;
    state_->rejected.fetch_add(1);
    std::string msg =
        fmt::format("rejected message on '{}': {}: {}", topic.substr(0, 200), field, reason);
    spdlog::warn("{}: {}", name_, msg);
    std::lock_guard lock(state_->mu);
    state_->last_error = std::move(msg);
    return;
  }
  // Paho has already sent the PUBACK (docs/mqtt_format.md); the flusher hands batches to the
  // pipeline. A full queue blocks this receive thread, so the broker holds back later messages.
  std::unique_lock lock(state_->queue_mu);
  state_->queue_cv.wait(lock, [&] {
    return state_->pending.size() < opts_.max_pending || state_->stopping;
  });
  if (state_->stopping) return;
  state_->pending.push_back(std::move(*sample));
  state_->queue_cv.notify_all();
}

void MqttJsonSource::flush_loop() {
  std::unique_lock lock(state_->queue_mu);
  while (true) {
    state_->queue_cv.wait(lock, [&] { return !state_->pending.empty() || state_->stopping; });
    if (state_->pending.empty()) return;  // stopping with nothing left
    // Linger so that a burst becomes one batch.
    state_->queue_cv.wait_for(lock, opts_.linger, [&] {
      return state_->pending.size() >= opts_.max_batch || state_->stopping;
    });
    const size_t n = std::min(state_->pending.size(), opts_.max_batch);
    std::vector<Sample> batch(std::make_move_iterator(state_->pending.begin()),
                              std::make_move_iterator(state_->pending.begin() + n));
    state_->pending.erase(state_->pending.begin(), state_->pending.begin() + n);
    state_->queue_cv.notify_all();  // room for the receive thread
    lock.unlock();
    // A failing handler is retried with backoff, holding back every later message, until it
    // succeeds or the source stops.
    for (int attempt = 0;; ++attempt) {
      Status st = state_->handler(batch);
      if (st.ok()) {
        state_->samples.fetch_add(batch.size());
        break;
      }
      {
        std::lock_guard error_lock(state_->mu);
        state_->last_error = "handler: " + st.error().message;
      }
      spdlog::warn("{}: handler failed ({}), retrying", name_, st.error().message);
      if (!session_ || !session_->sleep_backoff(std::min(attempt, 16))) break;
    }
    lock.lock();
  }
}

void MqttJsonSource::stop_flusher() {
  {
    std::lock_guard lock(state_->queue_mu);
    state_->stopping = true;
  }
  state_->queue_cv.notify_all();
  if (state_->flusher.joinable()) state_->flusher.join();
}

void MqttJsonSource::stop() {
  if (session_) session_->stop();  // no more messages; then the queued ones are handed over
  stop_flusher();
}

SourceStats MqttJsonSource::stats() const {
  SourceStats s;
  s.name = name_;
  s.samples = state_->samples.load();
  s.rejected = state_->rejected.load();
  if (session_) {
    s.connected = session_->connected();
    s.reconnects = session_->reconnects();
  }
  std::lock_guard lock(state_->mu);
  s.last_error = state_->last_error;
  if (s.last_error.empty() && session_) s.last_error = session_->last_error();
  return s;
}

}  // namespace kerf::ingest::mqtt
