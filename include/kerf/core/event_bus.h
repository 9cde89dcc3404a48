// In-process publish/subscribe of domain events. Publishers (app use cases) never block on slow
// subscribers (WebSocket clients, agents): each subscriber has a bounded queue and, when it is
// full, the oldest event is dropped and counted.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"

namespace kerf {

// One domain event, e.g. {42, "job.released", "{\"job_id\":7}", 2026-11-24T07:30:00Z}.
struct Event {
  int64_t id = 0;            // monotonically increasing; 0 on publish = let the bus assign one
  std::string topic;         // dotted name, e.g. "operation.completed"
  std::string payload_json;  // a JSON document (object), already serialised
  TimePoint at{};
};

// Process-wide counters of a bus (for /metrics).
struct EventBusStats {
  uint64_t published = 0;  // events passed to publish()
  uint64_t delivered = 0;  // events queued to a subscriber (one per matching subscriber)
  uint64_t dropped = 0;    // events dropped because a subscriber queue was full
  std::size_t subscribers = 0;
};

namespace detail {
struct EventBusCore;
struct EventSubscriberState;
}  // namespace detail

// A live subscription; unsubscribes when destroyed. Movable, not copyable. May outlive the bus
// (it then simply receives nothing more). Consumer methods are thread-safe.
class EventSubscription {
 public:
  EventSubscription() = default;
  EventSubscription(EventSubscription&&) noexcept;
  EventSubscription& operator=(EventSubscription&&) noexcept;
  EventSubscription(const EventSubscription&) = delete;
  EventSubscription& operator=(const EventSubscription&) = delete;
  ~EventSubscription();

  // True while attached to a bus (false for a default-constructed or reset subscription).
  bool active() const;
  // Pops the oldest queued event, or nullopt when the queue is empty. Never blocks.
  std::optional<Event> try_pop();
  // Pops up to `max` queued events in order. Never blocks.
  std::vector<Event> drain(std::size_t max = SIZE_MAX);
  // Waits up to `timeout` for an event (real time; for threads that own no event loop).
  std::optional<Event> pop_wait(std::chrono::milliseconds timeout);
  // Number of events this subscriber lost to queue overflow.
  uint64_t dropped() const;
  // Events currently queued.
  std::size_t queued() const;
  // Sets a callback run (on the publisher's thread, outside any bus lock) after each event is
  // queued for this subscriber. It must be cheap and non-blocking, e.g. post to an executor.
  void set_notify(std::function<void()> notify);
  // Detaches from the bus now (idempotent); queued events stay readable.
  void reset();

 private:
  friend class EventBus;
  EventSubscription(std::weak_ptr<detail::EventBusCore> core,
                    std::shared_ptr<detail::EventSubscriberState> state);
  std::weak_ptr<detail::EventBusCore> core_;
  std::shared_ptr<detail::EventSubscriberState> state_;
};

// The bus. Thread-safe. Subscribers match by topic prefix ("" = everything, "job." = job events).
class EventBus {
 public:
  static constexpr std::size_t kDefaultQueueCapacity = 1024;

  explicit EventBus(std::size_t default_queue_capacity = kDefaultQueueCapacity);
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Subscribes to every event whose topic starts with `topic_prefix`. `queue_capacity` 0 means
  // the bus default. Events published before the call are not delivered.
  EventSubscription subscribe(std::string topic_prefix, std::size_t queue_capacity = 0);

  // Delivers `event` to every matching subscriber and returns its id. When event.id is 0 the bus
  // assigns the next id (greater than every id seen so far). Never blocks on subscribers.
  int64_t publish(Event event);
  // Convenience: publish {0, topic, payload_json, at}.
  int64_t publish(std::string topic, std::string payload_json, TimePoint at);

  EventBusStats stats() const;

 private:
  std::shared_ptr<detail::EventBusCore> core_;
};

}  // namespace kerf
