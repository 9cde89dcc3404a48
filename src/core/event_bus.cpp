#include "kerf/core/event_bus.h"

#include <algorithm>
#include <atomic>

namespace kerf {
namespace detail {

struct EventSubscriberState {
  std::string prefix;
  std::size_t capacity = 0;
  mutable std::mutex mu;
  std::condition_variable cv;
  std::deque<Event> queue;
  uint64_t dropped = 0;
  std::shared_ptr<std::function<void()>> notify;  // swapped atomically under mu
};

struct EventBusCore {
  std::size_t default_capacity = EventBus::kDefaultQueueCapacity;
  mutable std::mutex mu;
  std::vector<std::shared_ptr<EventSubscriberState>> subscribers;
  int64_t last_id = 0;
  uint64_t published = 0;
  uint64_t delivered = 0;
  uint64_t dropped = 0;

  void remove(const EventSubscriberState* state) {
    std::lock_guard lock(mu);
    std::erase_if(subscribers, [&](const auto& s) { return s.get() == state; });
  }
};

}  // namespace detail

EventSubscription::EventSubscription(std::weak_ptr<detail::EventBusCore> core,
                                     std::shared_ptr<detail::EventSubscriberState> state)
    : core_(std::move(core)), state_(std::move(state)) {}

EventSubscription::EventSubscription(EventSubscription&& other) noexcept
    : core_(std::move(other.core_)), state_(std::move(other.state_)) {}

EventSubscription& EventSubscription::operator=(EventSubscription&& other) noexcept {
  if (this != &other) {
    reset();
    core_ = std::move(other.core_);
    state_ = std::move(other.state_);
  }
  return *this;
}

EventSubscription::~EventSubscription() { reset(); }

bool EventSubscription::active() const { return state_ != nullptr && !core_.expired(); }

void EventSubscription::reset() {
  if (state_ == nullptr) return;
  if (auto core = core_.lock()) core->remove(state_.get());
  core_.reset();
}

std::optional<Event> EventSubscription::try_pop() {
  if (state_ == nullptr) return std::nullopt;
  std::lock_guard lock(state_->mu);
  if (state_->queue.empty()) return std::nullopt;
  Event e = std::move(state_->queue.front());
  state_->queue.pop_front();
  return e;
}

std::vector<Event> EventSubscription::drain(std::size_t max) {
  std::vector<Event> out;
  if (state_ == nullptr) return out;
  std::lock_guard lock(state_->mu);
  while (!state_->queue.empty() && out.size() < max) {
    out.push_back(std::move(state_->queue.front()));
    state_->queue.pop_front();
  }
  return out;
}

std::optional<Event> EventSubscription::pop_wait(std::chrono::milliseconds timeout) {
  if (state_ == nullptr) return std::nullopt;
  std::unique_lock lock(state_->mu);
  if (!state_->cv.wait_for(lock, timeout, [&] { return !state_->queue.empty(); })) {
    return std::nullopt;
  }
  Event e = std::move(state_->queue.front());
  state_->queue.pop_front();
  return e;
}

uint64_t EventSubscription::dropped() const {
  if (state_ == nullptr) return 0;
  std::lock_guard lock(state_->mu);
  return state_->dropped;
}

std::size_t EventSubscription::queued() const {
  if (state_ == nullptr) return 0;
  std::lock_guard lock(state_->mu);
  return state_->queue.size();
}

void EventSubscription::set_notify(std::function<void()> notify) {
  if (state_ == nullptr) return;
  auto fn = notify ? std::make_shared<std::function<void()>>(std::move(notify)) : nullptr;
  std::lock_guard lock(state_->mu);
  state_->notify = std::move(fn);
}

EventBus::EventBus(std::size_t default_queue_capacity)
    : core_(std::make_shared<detail::EventBusCore>()) {
  core_->default_capacity = std::max<std::size_t>(1, default_queue_capacity);
}

EventBus::~EventBus() = default;

EventSubscription EventBus::subscribe(std::string topic_prefix, std::size_t queue_capacity) {
  auto state = std::make_shared<detail::EventSubscriberState>();
  state->prefix = std::move(topic_prefix);
  state->capacity = queue_capacity == 0 ? core_->default_capacity : queue_capacity;
  {
    std::lock_guard lock(core_->mu);
    core_->subscribers.push_back(state);
  }
  return EventSubscription(core_, std::move(state));
}

int64_t EventBus::publish(Event event) {
  std::vector<std::shared_ptr<std::function<void()>>> to_notify;
  int64_t id = 0;
  {
    // The bus lock is held for the fan-out so every subscriber sees events in id order; each
    // push is O(1) (drop-oldest), so a slow consumer never holds a publisher up.
    std::lock_guard lock(core_->mu);
    if (event.id <= 0) {
      event.id = core_->last_id + 1;
    }
    core_->last_id = std::max(core_->last_id, event.id);
    id = event.id;
    ++core_->published;
    for (const auto& sub : core_->subscribers) {
      if (!event.topic.starts_with(sub->prefix)) continue;
      std::lock_guard sub_lock(sub->mu);
      if (sub->queue.size() >= sub->capacity) {
        sub->queue.pop_front();
        ++sub->dropped;
        ++core_->dropped;
      }
      sub->queue.push_back(event);
      ++core_->delivered;
      sub->cv.notify_one();
      if (sub->notify) to_notify.push_back(sub->notify);
    }
  }
  for (const auto& fn : to_notify) (*fn)();
  return id;
}

int64_t EventBus::publish(std::string topic, std::string payload_json, TimePoint at) {
  return publish(Event{0, std::move(topic), std::move(payload_json), at});
}

EventBusStats EventBus::stats() const {
  std::lock_guard lock(core_->mu);
  return {core_->published, core_->delivered, core_->dropped, core_->subscribers.size()};
}

}  // namespace kerf
