// A minimal OPC UA client over opc.tcp (UA TCP + UA Secure Conversation + UA Binary): one TCP
// connection, one secure channel, one session, one request in flight at a time. Blocking calls
// with timeouts; safe to use from one thread at a time (cancel() may be called from any thread).
// The OpcUaSource (opcua_source.h) drives it; tests use it directly.
//
// Errors: transport and protocol problems are kUnavailable; a Bad service result is returned as
// an error whose message starts with the service name and the status name ("Read:
// BadSessionIdInvalid (0x80250000)"), and last_status() holds the StatusCode.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/ingest/opcua/chunks.h"
#include "kerf/ingest/opcua/endpoint_url.h"
#include "kerf/ingest/opcua/messages.h"

namespace kerf::ingest::opcua {

struct ClientOptions {
  std::string endpoint_url;  // opc.tcp://host:port[/path]
  std::string user;          // "" = anonymous
  std::string password;
  // What we announce in Hello: our receive buffer is the largest chunk the server may send us.
  TransportLimits limits{.receive_buffer_size = 65536,
                         .send_buffer_size = 65536,
                         .max_message_size = 16 << 20,
                         .max_chunk_count = 4096};
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{10000};
  double session_timeout_ms = 60000;
  uint32_t channel_lifetime_ms = 600000;  // renewed at 75%
  std::string session_name = "kerf";
  std::shared_ptr<const SecurityPolicy> policy;  // default SecurityPolicy None
  const Clock* clock = nullptr;                  // default the system clock
};

struct ClientStats {
  uint64_t chunks_sent = 0;
  uint64_t chunks_received = 0;
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  uint64_t largest_message = 0;   // body bytes of the largest reassembled response
  TransportLimits server_limits;  // from the last Acknowledge
};

class Client {
 public:
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // TCP connect + Hello/Acknowledge + OpenSecureChannel + CreateSession + ActivateSession.
  Status connect();
  // TCP connect + Hello/Acknowledge + OpenSecureChannel (Issue). Drops any previous socket but
  // keeps the session's authentication token so activate_session() can move it here.
  Status open_channel();
  Status create_session();
  // Activates the current session on the current channel with the configured identity
  // (anonymous or user name + password, picking a matching token policy from the endpoints).
  Status activate_session();
  bool has_session() const;
  void forget_session();
  // Best-effort CloseSession + CloseSecureChannel, then closes the socket.
  void disconnect();
  // Closes the socket at once (a network drop, as far as the server can tell).
  void drop_connection();
  bool channel_open() const;

  // Every forward hierarchical reference of `node` (following continuation points).
  Result<std::vector<ReferenceDescription>> browse(const NodeId& node);
  Result<std::vector<DataValue>> read(const std::vector<ReadValueId>& nodes);
  Result<CreateSubscriptionResponse> create_subscription(const CreateSubscriptionRequest& r);
  Result<std::vector<MonitoredItemCreateResult>> create_monitored_items(
      uint32_t subscription_id, std::vector<MonitoredItemCreateRequest> items);
  // One Publish round trip; waits up to `wait` (plus the request timeout) for the response,
  // which the server holds back until it has notifications or a keep-alive is due.
  Result<PublishResponse> publish(std::vector<SubscriptionAcknowledgement> acks,
                                  std::chrono::milliseconds wait);
  Result<NotificationMessage> republish(uint32_t subscription_id, uint32_t sequence_number);
  Result<std::vector<TransferResult>> transfer_subscriptions(std::vector<uint32_t> ids,
                                                             bool send_initial_values);

  // Makes the blocking call in progress (and later ones) fail with kCancelled; thread-safe.
  void cancel();
  void reset_cancel();
  // Makes the blocking call in progress (or the next one) close the connection and fail as a
  // network drop would; thread-safe, one-shot.
  void request_drop();
  StatusCode last_status() const { return last_status_; }
  const ClientStats& stats() const { return stats_; }
  const ClientOptions& options() const { return options_; }

  struct Impl;  // opaque: the socket and the channel/session state

 private:
  ClientOptions options_;
  std::unique_ptr<Impl> impl_;
  ClientStats stats_;
  StatusCode last_status_ = kGood;
};

}  // namespace kerf::ingest::opcua
