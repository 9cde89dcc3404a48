#include "kerf/ingest/opcua/opcua_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "kerf/ingest/opcua/node_mapping.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest::opcua {

namespace {

// One monitored variable; its client handle is its index + 1.
struct Item {
  std::string machine;
  const char* signal = nullptr;
  NodeId node;
};

std::string describe(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += (out.empty() ? "" : "; ") + f.field + ": " + f.message;
  return out;
}

}  // namespace

struct OpcUaSource::Impl {
  OpcUaSourceOptions opt;
  Env* env = nullptr;
  std::string source_name;
  Client client;
  Handler handler;
  std::thread thread;
  std::atomic<bool> stopping{false};
  bool started = false;
  std::mutex sleep_mu;
  std::condition_variable sleep_cv;

  mutable std::mutex stats_mu;
  SourceStats stats;
  OpcUaSourceCounters counters;

  // Subscription state, touched by the source thread only.
  std::vector<Item> items;
  uint32_t subscription_id = 0;
  uint32_t last_sequence = 0;  // highest notification sequence number delivered
  std::vector<SubscriptionAcknowledgement> acks;
  std::vector<uint32_t> undelivered;  // sequence numbers the handler refused (retried)
  uint64_t next_seq = 0;
  std::chrono::milliseconds publish_wait{5000};

  Impl(OpcUaSourceOptions o, std::string name)
      : opt(std::move(o)),
        env(opt.env ? opt.env : &Env::system()),
        source_name(std::move(name)),
        client([&] {
          ClientOptions c = opt.client;
          if (c.clock == nullptr) c.clock = &(opt.env ? opt.env : &Env::system())->clock();
          return c;
        }()) {}

  template <typename F>
  void with_stats(F&& f) {
    std::lock_guard lock(stats_mu);
    f(stats, counters);
  }

  void reject(const std::string& why) {
    spdlog::warn("{}: rejected a value: {}", source_name, why);
    with_stats([&](SourceStats& s, OpcUaSourceCounters&) { ++s.rejected; });
  }

  int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               env->clock().now().time_since_epoch())
        .count();
  }

  // --- discovery and subscription ---

  Status discover() {
    auto folders = client.browse(NodeId::numeric(0, ids::kObjectsFolder));
    if (!folders.ok()) return folders.error();
    std::vector<Item> found;
    std::vector<std::string> seen;
    for (const auto& f : *folders) {
      if (f.node_class != NodeClass::kObject || f.node.server_index != 0) continue;
      const std::string& machine = f.browse_name.name;
      if (!opt.machines.empty() &&
          std::find(opt.machines.begin(), opt.machines.end(), machine) == opt.machines.end()) {
        continue;
      }
      if (machine == "Server" && f.browse_name.ns == 0) continue;
      auto vars = client.browse(f.node.node);
      if (!vars.ok()) return vars.error();
      std::vector<Item> mine;
      bool has_strokes = false;
      for (const auto& v : *vars) {
        if (v.node_class != NodeClass::kVariable) continue;
        const char* signal = signal_for_variable(v.browse_name.name);
        if (signal == nullptr) continue;
        has_strokes = has_strokes || std::string_view(signal) == signals::kStrokeCount;
        mine.push_back({machine, signal, v.node.node});
      }
      if (opt.machines.empty() && !has_strokes) continue;
      seen.push_back(machine);
      for (auto& i : mine) found.push_back(std::move(i));
    }
    for (const auto& m : opt.machines) {
      if (std::find(seen.begin(), seen.end(), m) == seen.end()) {
        spdlog::warn("{}: machine folder {} not found under Objects", source_name, m);
      }
    }
    if (found.empty()) {
      return Error::not_found("no punch variables under the Objects folder of " +
                              opt.client.endpoint_url);
    }
    items = std::move(found);
    return {};
  }

  Status create_subscription() {
    Status s = discover();
    if (!s.ok()) return s;
    CreateSubscriptionRequest req;
    req.publishing_interval_ms = opt.publishing_interval_ms;
    req.max_keep_alive_count = opt.max_keep_alive_count;
    req.lifetime_count = std::max(opt.lifetime_count, 3 * opt.max_keep_alive_count);
    auto sub = client.create_subscription(req);
    if (!sub.ok()) return sub.error();
    subscription_id = sub->subscription_id;
    last_sequence = 0;
    acks.clear();
    undelivered.clear();
    publish_wait = std::chrono::milliseconds(
        static_cast<int64_t>(sub->revised_publishing_interval_ms *
                             std::max<uint32_t>(1, sub->revised_max_keep_alive_count) * 1.5));
    std::vector<MonitoredItemCreateRequest> reqs;
    for (std::size_t i = 0; i < items.size(); ++i) {
      MonitoredItemCreateRequest m;
      m.item.node = items[i].node;
      m.client_handle = static_cast<uint32_t>(i + 1);
      m.sampling_interval_ms = opt.sampling_interval_ms;
      reqs.push_back(std::move(m));
    }
    auto created = client.create_monitored_items(subscription_id, std::move(reqs));
    if (!created.ok()) return created.error();
    uint64_t good = 0;
    for (std::size_t i = 0; i < created->size(); ++i) {
      if (is_bad((*created)[i].status)) {
        spdlog::warn("{}: cannot monitor {} ({}): {}", source_name, to_string(items[i].node),
                     items[i].signal, status_name((*created)[i].status));
      } else {
        ++good;
      }
    }
    with_stats([&](SourceStats&, OpcUaSourceCounters& c) {
      ++c.subscriptions_created;
      c.monitored_items = good;
    });
    spdlog::info("{}: subscription {} with {} monitored items", source_name, subscription_id, good);
    return {};
  }

  // --- delivery ---

  // Hands the data changes of `msg` to the handler; acknowledges it when the handler accepts.
  Status deliver(const NotificationMessage& msg) {
    std::vector<Sample> batch;
    batch.reserve(msg.data_changes.size());
    for (const auto& dc : msg.data_changes) {
      if (dc.client_handle == 0 || dc.client_handle > items.size()) {
        reject(fmt::format("notification for unknown client handle {}", dc.client_handle));
        continue;
      }
      const Item& item = items[dc.client_handle - 1];
      auto sample = to_sample(item.machine, item.signal, dc.value, now_ms(), source_name);
      if (!sample.ok()) {
        reject(
            fmt::format("{} {}: {}", item.machine, to_string(item.node), describe(sample.error())));
        Sample bad;
        bad.machine = item.machine;
        bad.signal = item.signal;
        bad.ts_ms = now_ms();
        bad.quality = Quality::kBad;
        bad.source = source_name;
        sample = bad;
      }
      sample->seq = ++next_seq;
      batch.push_back(std::move(*sample));
    }
    last_sequence = std::max(last_sequence, msg.sequence_number);
    const std::size_t n = batch.size();
    if (n > 0) {
      Status s = handler(std::move(batch));
      if (!s.ok()) {
        with_stats(
            [&](SourceStats& st, OpcUaSourceCounters&) { st.last_error = s.error().message; });
        return s;
      }
    }
    acks.push_back({subscription_id, msg.sequence_number});
    with_stats([&](SourceStats& st, OpcUaSourceCounters&) { st.samples += n; });
    return {};
  }

  // Fetches and delivers notification `seq` again; false when the server no longer has it.
  Result<bool> republish_one(uint32_t seq) {
    auto msg = client.republish(subscription_id, seq);
    if (!msg.ok()) {
      const StatusCode st = client.last_status();
      if (st == status::kBadMessageNotAvailable) return false;
      if (st == status::kBadSubscriptionIdInvalid) {
        subscription_id = 0;
        return false;
      }
      return msg.error();
    }
    with_stats([&](SourceStats&, OpcUaSourceCounters& c) { ++c.republished; });
    Status s = deliver(*msg);
    if (!s.ok()) undelivered.push_back(seq);
    return true;
  }

  // Republishes every notification after last_sequence that the server still holds.
  Status republish_missed(std::vector<uint32_t> available) {
    std::sort(available.begin(), available.end());
    for (uint32_t seq : available) {
      if (seq <= last_sequence) continue;
      auto r = republish_one(seq);
      if (!r.ok()) return r.error();
      if (subscription_id == 0) return {};
    }
    return {};
  }

  Status retry_undelivered() {
    std::vector<uint32_t> todo;
    todo.swap(undelivered);
    for (uint32_t seq : todo) {
      auto r = republish_one(seq);
      if (!r.ok()) return r.error();
      if (!*r)
        spdlog::error(
            "{}: notification {} is lost (refused by the pipeline, no longer "
            "held by the server)",
            source_name, seq);
    }
    return {};
  }

  // --- connection life cycle ---

  // Opens a channel and gets a usable session and subscription, reusing what survived.
  Status recover() {
    Status s = client.open_channel();
    if (!s.ok()) return s;
    if (client.has_session()) {
      s = client.activate_session();
      if (s.ok()) {
        with_stats([](SourceStats&, OpcUaSourceCounters& c) { ++c.sessions_reactivated; });
        spdlog::info("{}: session re-activated on a new channel", source_name);
        if (subscription_id != 0) {
          // The server keeps unacknowledged notifications: ask for everything after the last.
          for (uint32_t seq = last_sequence + 1; subscription_id != 0; ++seq) {
            auto r = republish_one(seq);
            if (!r.ok()) return r.error();
            if (!*r) break;
          }
        }
        if (subscription_id != 0) return {};
        return create_subscription();
      }
      if (s.error().code == ErrorCode::kUnauthenticated || !client.channel_open()) return s;
      spdlog::info("{}: old session is gone ({}); creating a new one", source_name,
                   s.error().message);
      client.forget_session();
    }
    s = client.create_session();
    if (!s.ok()) return s;
    s = client.activate_session();
    if (!s.ok()) return s;
    with_stats([](SourceStats&, OpcUaSourceCounters& c) { ++c.sessions_created; });
    if (subscription_id != 0) {
      auto t = client.transfer_subscriptions({subscription_id}, true);
      if (t.ok() && t->size() == 1 && !is_bad((*t)[0].status)) {
        with_stats([](SourceStats&, OpcUaSourceCounters& c) { ++c.subscriptions_transferred; });
        spdlog::info("{}: subscription {} transferred to the new session", source_name,
                     subscription_id);
        return republish_missed((*t)[0].available_sequence_numbers);
      }
      spdlog::info("{}: subscription {} cannot be transferred ({}); resubscribing", source_name,
                   subscription_id,
                   t.ok() && t->size() == 1 ? status_name((*t)[0].status) : "service failed");
      if (!t.ok() && !client.channel_open()) return t.error();
      subscription_id = 0;
    }
    return create_subscription();
  }

  Status publish_loop() {
    while (!stopping.load()) {
      std::vector<SubscriptionAcknowledgement> to_ack;
      to_ack.swap(acks);
      auto resp = client.publish(to_ack, publish_wait);
      if (!resp.ok()) {
        const StatusCode st = client.last_status();
        if (st == status::kBadNoSubscription || st == status::kBadSubscriptionIdInvalid) {
          spdlog::info("{}: subscription lost ({}); resubscribing", source_name, status_name(st));
          subscription_id = 0;
          Status s = create_subscription();
          if (!s.ok()) return s;
          continue;
        }
        if (st == status::kBadTimeout && client.channel_open()) {
          acks = std::move(to_ack);
          continue;
        }
        // The acknowledgements may not have arrived: send them again after reconnecting (an
        // unknown sequence number only yields a per-ack Bad result).
        acks.insert(acks.begin(), to_ack.begin(), to_ack.end());
        return resp.error();
      }
      const NotificationMessage& msg = resp->message;
      if (msg.status_change && is_bad(*msg.status_change)) {
        spdlog::info("{}: subscription status {}; resubscribing", source_name,
                     status_name(*msg.status_change));
        subscription_id = 0;
        Status s = create_subscription();
        if (!s.ok()) return s;
        continue;
      }
      if (msg.keep_alive()) {
        with_stats([](SourceStats&, OpcUaSourceCounters& c) { ++c.keep_alives; });
      } else {
        // A gap: fetch what came between (lost responses) before this message.
        if (last_sequence != 0 && msg.sequence_number > last_sequence + 1) {
          for (uint32_t seq = last_sequence + 1; seq < msg.sequence_number; ++seq) {
            auto r = republish_one(seq);
            if (!r.ok()) return r.error();
          }
        }
        Status s = deliver(msg);
        if (!s.ok()) {
          spdlog::warn("{}: pipeline refused notification {}: {}", source_name, msg.sequence_number,
                       s.error().message);
          undelivered.push_back(msg.sequence_number);
        }
      }
      if (!undelivered.empty()) {
        Status s = retry_undelivered();
        if (!s.ok()) return s;
      }
    }
    return {};
  }

  void sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(sleep_mu);
    sleep_cv.wait_for(lock, d, [&] { return stopping.load(); });
  }

  void run() {
    auto backoff = opt.min_backoff;
    while (!stopping.load()) {
      Status s = recover();
      if (s.ok()) {
        with_stats([&](SourceStats& st, OpcUaSourceCounters&) { st.connected = true; });
        backoff = opt.min_backoff;
        s = publish_loop();
      }
      if (stopping.load()) break;
      // Counted when a reconnect starts: a source that was up and lost its connection.
      with_stats([&](SourceStats& st, OpcUaSourceCounters&) {
        if (st.connected) ++st.reconnects;
        st.connected = false;
        if (!s.ok()) st.last_error = describe(s.error());
      });
      spdlog::warn("{}: {}; reconnecting in about {} ms", source_name, describe(s.error()),
                   backoff.count());
      client.drop_connection();
      // Jitter: a random 50..100% of the backoff, so a fleet does not reconnect in lockstep.
      const int64_t half = std::max<int64_t>(1, backoff.count() / 2);
      sleep_for(std::chrono::milliseconds(
          half + static_cast<int64_t>(env->random_u64() % static_cast<uint64_t>(half))));
      backoff = std::min(backoff * 2, opt.max_backoff);
    }
  }
};

OpcUaSource::OpcUaSource(OpcUaSourceOptions options)
    : name_("opcua:" + options.client.endpoint_url),
      impl_(std::make_unique<Impl>(std::move(options), name_)) {
  impl_->stats.name = name_;
}

OpcUaSource::~OpcUaSource() { stop(); }

Status OpcUaSource::start(Handler handler) {
  if (impl_->started) return Error::precondition(name_ + ": already started");
  auto addr = parse_endpoint_url(impl_->opt.client.endpoint_url);
  if (!addr.ok()) return addr.error();
  if (impl_->opt.publishing_interval_ms <= 0 || impl_->opt.sampling_interval_ms < 0) {
    return Error::invalid("publishing_interval_ms", "must be > 0");
  }
  impl_->handler = std::move(handler);
  impl_->started = true;
  impl_->thread = std::thread([this] { impl_->run(); });
  return {};
}

void OpcUaSource::stop() {
  if (!impl_->started) return;
  impl_->started = false;
  impl_->stopping.store(true);
  impl_->client.cancel();
  impl_->sleep_cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->client.reset_cancel();
  impl_->client.disconnect();  // best effort: CloseSession, CloseSecureChannel
}

SourceStats OpcUaSource::stats() const {
  std::lock_guard lock(impl_->stats_mu);
  return impl_->stats;
}

OpcUaSourceCounters OpcUaSource::counters() const {
  std::lock_guard lock(impl_->stats_mu);
  return impl_->counters;
}

void OpcUaSource::drop_connection() { impl_->client.request_drop(); }

}  // namespace kerf::ingest::opcua
