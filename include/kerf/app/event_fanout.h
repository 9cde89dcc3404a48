// Cross-node event fan-out: with several kerf nodes on one PostgreSQL database, every committed
// event reaches the WebSocket clients (and other bus subscribers) of every node exactly once.
//
// The node that claims an outbox event (its writer right after the commit, or a relay after a
// crash) publishes it on its own bus and, in the claiming transaction, NOTIFYs kEventChannel
// with its node id and the event ids. Each other node LISTENs, reads those events from the
// outbox and publishes them on its bus. An event is claimed once, so it is announced once and
// published once per node. Notifications sent while a node's listening connection is down are
// not replayed (clients re-read state over REST after a reconnect, as after any WS drop).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "kerf/app/background.h"
#include "kerf/core/result.h"
#include "kerf/store/notify.h"

namespace kerf::app {

class Services;

class EventFanout {
 public:
  // Follows the announcements of the other nodes on the PostgreSQL database at `url` for the
  // node of `services`. `services` must outlive it.
  EventFanout(Services& services, std::string url);
  ~EventFanout();

  // Registers the listener ("events.fanout") with `background`.
  void add_background_tasks(Background& background);
  // Connects if needed, waits up to `wait` for announcements and publishes the announced events
  // of other nodes on the local bus. kUnavailable when the connection is lost (the next call
  // reconnects); kInvalidArgument for a malformed announcement (logged, others still handled).
  Status poll_once(std::chrono::milliseconds wait);

 private:
  Status publish_announced(const std::string& announcement);

  Services& services_;
  std::string url_;
  std::unique_ptr<store::Listener> listener_;
};

}  // namespace kerf::app
