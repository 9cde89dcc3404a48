#include "kerf/app/event_fanout.h"

#include <nlohmann/json.hpp>

#include "kerf/app/change.h"
#include "kerf/app/services.h"
#include "kerf/store/outbox_repo.h"

namespace kerf::app {

EventFanout::EventFanout(Services& services, std::string url)
    : services_(services), url_(std::move(url)) {}

EventFanout::~EventFanout() = default;

void EventFanout::add_background_tasks(Background& background) {
  // poll_once waits for up to 500 ms itself; the period only spaces out reconnect attempts.
  background.add_periodic("events.fanout", std::chrono::milliseconds(10),
                          [this] { return poll_once(std::chrono::milliseconds(500)); });
}

Status EventFanout::poll_once(std::chrono::milliseconds wait) {
  if (!listener_) {
    auto opened = store::Listener::open(url_, kEventChannel);
    if (!opened.ok()) return opened.error();
    listener_ = std::move(*opened);
  }
  auto announcements = listener_->wait(wait);
  if (!announcements.ok()) {
    listener_.reset();
    return announcements.error();
  }
  Status first_failure = ok_status();
  for (const auto& a : *announcements) {
    auto published = publish_announced(a);
    if (!published.ok() && first_failure.ok()) first_failure = published;
  }
  return first_failure;
}

Status EventFanout::publish_announced(const std::string& announcement) {
  std::vector<int64_t> ids;
  try {
    auto doc = nlohmann::json::parse(announcement);
    if (doc.at("node").get<std::string>() == services_.changes().node_id()) return ok_status();
    ids = doc.at("ids").get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception& e) {
    return Error::invalid("announcement", "malformed event announcement: " + std::string(e.what()));
  }
  auto events = services_.db().read([&](store::Tx& tx) { return store::get_events(tx, ids); });
  if (!events.ok()) return events.error();
  for (const auto& e : *events) {
    services_.bus().publish(Event{e.id, e.topic, e.payload, e.created_at});
  }
  return ok_status();
}

}  // namespace kerf::app
