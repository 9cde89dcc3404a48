#include "ingest/mqtt/mqtt_session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace kerf::ingest::mqtt {

std::chrono::milliseconds reconnect_delay(const MqttConnectOptions& opts, int attempt, Env& env) {
  int64_t base = std::max<int64_t>(1, opts.backoff_min.count());
  int64_t cap = std::max<int64_t>(base, opts.backoff_max.count());
  int64_t delay = base;
  for (int i = 0; i < attempt && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  int64_t half = delay / 2;
  int64_t jitter = static_cast<int64_t>(env.random_u64() % static_cast<uint64_t>(half + 1));
  return std::chrono::milliseconds(delay - half + jitter);
}

MqttSession::MqttSession(MqttConnectOptions opts, std::vector<std::string> filters)
    : opts_(std::move(opts)),
      filters_(std::move(filters)),
      env_(opts_.env != nullptr ? opts_.env : &Env::system()) {}

MqttSession::~MqttSession() { stop(); }

Status MqttSession::start(MessageFn on_message) {
  if (opts_.broker_uri.empty()) return Error::invalid("broker_uri", "empty");
  if (opts_.client_id.empty() || opts_.client_id.size() > 128) {
    return Error::invalid("client_id", "must be 1..128 bytes (stable for a persistent session)");
  }
  if (thread_.joinable()) return Error::precondition("mqtt session already started");
  try {
    client_ = std::make_unique<::mqtt::async_client>(opts_.broker_uri, opts_.client_id);
  } catch (const std::exception& e) {
    return Error::invalid("broker_uri", e.what());
  }
  on_message_ = std::move(on_message);
  client_->set_connection_lost_handler([this](const std::string& cause) {
    std::lock_guard lock(mu_);
    connected_ = false;
    last_error_ = cause.empty() ? "connection lost" : "connection lost: " + cause;
    spdlog::warn("mqtt {}: {}", opts_.client_id, last_error_);
    cv_.notify_all();
  });
  client_->set_message_callback([this](::mqtt::const_message_ptr msg) {
    if (on_message_) on_message_(msg->get_topic(), msg->get_payload_str());
  });
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  return ok_status();
}

void MqttSession::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  if (client_) {
    try {
      if (client_->is_connected()) client_->disconnect()->wait_for(opts_.op_timeout);
    } catch (const std::exception& e) {
      spdlog::debug("mqtt {}: disconnect: {}", opts_.client_id, e.what());
    }
  }
  std::lock_guard lock(mu_);
  connected_ = false;
}

Status MqttSession::connect_once() {
  try {
    ::mqtt::connect_options co;
    co.set_clean_session(opts_.clean_session);
    co.set_keep_alive_interval(opts_.keep_alive);
    co.set_automatic_reconnect(false);
    // Pin 3.1.1: by default Paho falls back to MQTT 3.1 after a failed attempt, which has no
    // shared subscriptions and limits client ids to 23 bytes.
    co.set_mqtt_version(MQTTVERSION_3_1_1);
    co.set_connect_timeout(std::chrono::duration_cast<std::chrono::seconds>(opts_.op_timeout));
    auto tok = client_->connect(co);
    if (!tok->wait_for(opts_.op_timeout)) return Error::unavailable("connect timed out");
    for (const std::string& f : filters_) {
      auto st = client_->subscribe(f, 1);
      if (!st->wait_for(opts_.op_timeout)) return Error::unavailable("subscribe timed out: " + f);
    }
  } catch (const std::exception& e) {
    try {
      if (client_->is_connected()) client_->disconnect()->wait_for(opts_.op_timeout);
    } catch (const std::exception&) {
    }
    return Error::unavailable(fmt::format("connect {}: {}", opts_.broker_uri, e.what()));
  }
  return ok_status();
}

void MqttSession::run() {
  int attempt = 0;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (connected_) {
      cv_.wait(lock, [&] { return stopping_ || !connected_; });
      continue;
    }
    lock.unlock();
    Status st = connect_once();
    lock.lock();
    if (st.ok()) {
      connected_ = true;
      if (ever_connected_) ++reconnects_;
      ever_connected_ = true;
      attempt = 0;
      last_error_.clear();
      spdlog::info("mqtt {}: connected to {}", opts_.client_id, opts_.broker_uri);
      cv_.notify_all();
      continue;
    }
    last_error_ = st.error().message;
    auto delay = reconnect_delay(opts_, attempt++, *env_);
    spdlog::debug("mqtt {}: {}; retry in {} ms", opts_.client_id, last_error_, delay.count());
    cv_.wait_for(lock, delay, [&] { return stopping_.load(); });
  }
}

Status MqttSession::publish(const std::string& topic, const std::string& payload, int qos,
                            bool retain) {
  if (!client_) return Error::precondition("mqtt session not started");
  try {
    auto tok = client_->publish(topic, payload.data(), payload.size(), qos, retain);
    if (qos == 0) return ok_status();
    if (!tok->wait_for(opts_.op_timeout)) {
      return Error::unavailable(
          fmt::format("no PUBACK for {} within {} ms", topic, opts_.op_timeout.count()));
    }
  } catch (const std::exception& e) {
    return Error::unavailable(fmt::format("publish {}: {}", topic, e.what()));
  }
  return ok_status();
}

bool MqttSession::wait_connected(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return connected_ || stopping_.load(); }) && connected_;
}

bool MqttSession::sleep_backoff(int attempt) {
  auto delay = reconnect_delay(opts_, attempt, *env_);
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, delay, [&] { return stopping_.load(); });
  return !stopping_;
}

bool MqttSession::connected() const {
  std::lock_guard lock(mu_);
  return connected_;
}

uint64_t MqttSession::reconnects() const {
  std::lock_guard lock(mu_);
  return reconnects_;
}

std::string MqttSession::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

}  // namespace kerf::ingest::mqtt
