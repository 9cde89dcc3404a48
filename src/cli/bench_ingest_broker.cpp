#include "cli/bench_ingest_broker.h"

#include <mqtt/async_client.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

namespace kerf::cli {

struct PipelinedPublisher::Impl {
  // Paho refuses to queue more than maxBufferedMessages commands: room for the whole window.
  Impl(std::string u, std::string id, int w)
      : url(std::move(u)), client(url, id, w + 16, nullptr), window(w) {}
  std::string url;
  mqtt::async_client client;
  int window;
  std::deque<mqtt::delivery_token_ptr> outstanding;
};

PipelinedPublisher::PipelinedPublisher(std::string url, std::string client_id, int window)
    : impl_(std::make_unique<Impl>(std::move(url), std::move(client_id), std::max(1, window))) {}

PipelinedPublisher::~PipelinedPublisher() { disconnect(); }

Status PipelinedPublisher::connect() {
  try {
    auto opts = mqtt::connect_options_builder()
                    .clean_session(true)
                    .max_inflight(impl_->window)
                    .connect_timeout(std::chrono::seconds(10))
                    .finalize();
    impl_->client.connect(opts)->wait();
    return {};
  } catch (const mqtt::exception& e) {
    return Error::unavailable("MQTT connect to " + impl_->url + ": " + e.what());
  }
}

Status PipelinedPublisher::publish(const std::string& topic, std::string_view payload) {
  try {
    while (static_cast<int>(impl_->outstanding.size()) >= impl_->window) {
      impl_->outstanding.front()->wait();
      impl_->outstanding.pop_front();
    }
    impl_->outstanding.push_back(
        impl_->client.publish(topic, payload.data(), payload.size(), 1, false));
    return {};
  } catch (const mqtt::exception& e) {
    return Error::unavailable(std::string("MQTT publish: ") + e.what());
  }
}

Status PipelinedPublisher::flush() {
  try {
    while (!impl_->outstanding.empty()) {
      impl_->outstanding.front()->wait();
      impl_->outstanding.pop_front();
    }
    return {};
  } catch (const mqtt::exception& e) {
    return Error::unavailable(std::string("MQTT PUBACK: ") + e.what());
  }
}

void PipelinedPublisher::disconnect() {
  try {
    (void)flush();
    if (impl_->client.is_connected()) impl_->client.disconnect()->wait();
  } catch (const mqtt::exception&) {
  }
}

}  // namespace kerf::cli
