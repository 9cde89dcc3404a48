#include "cli/bench_ingest_broker.h"

#include <mqtt/async_client.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

namespace kerf::cli {

namespace fs = std::filesystem;

namespace {

Result<uint16_t> free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Error::unavailable("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::optional<uint16_t> port;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  if (!port) return Error::unavailable("no free TCP port on 127.0.0.1");
  return *port;
}

bool accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return up;
}

}  // namespace

Result<BenchBroker> start_bench_broker(const std::string& dir) {
  auto port = free_port();
  if (!port) return port.error();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::unavailable("cannot create " + dir + ": " + ec.message());
  const fs::path conf = fs::path(dir) / "mosquitto.conf";
  {
    std::ofstream out(conf);
    // No persistence; an unbounded queue per subscriber (the default 1000 would drop QoS 1
    // messages while the ingest side catches up with the publishers).
    out << "listener " << *port << " 127.0.0.1\nallow_anonymous true\n"
        << "max_queued_messages 0\nmax_inflight_messages 100\n"
        << "log_dest stdout\nlog_type error\nlog_type warning\n";
    // As root mosquitto would drop to user "mosquitto".
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) {
      out << "user " << pw->pw_name << "\n";
    }
  }
  auto child = ChildProcess::start({"mosquitto", "-c", conf.string()},
                                   (fs::path(dir) / "mosquitto.log").string());
  if (!child) {
    return Error::unavailable("mosquitto (install package mosquitto): " + child.error().message);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!accepts(*port)) {
    if (!(*child)->running()) {
      return Error::unavailable("mosquitto exited; log: " + (*child)->log_tail());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Error::unavailable("mosquitto not listening after 30 s; log: " + (*child)->log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BenchBroker broker;
  broker.process = std::move(*child);
  broker.url = "tcp://127.0.0.1:" + std::to_string(*port);
  return broker;
}

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
