#include "kerf/ingest/opcua/client.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio.hpp>

namespace kerf::ingest::opcua {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

struct Client::Impl {
  asio::io_context io;
  tcp::socket socket{io};
  bool open = false;
  std::atomic<bool> cancelled{false};
  std::atomic<bool> drop_requested{false};
  ChannelIds ids;
  uint32_t next_sequence = 1;
  uint32_t next_request_id = 1;
  uint32_t next_handle = 1;
  TransportLimits server;
  std::unique_ptr<ChunkAssembler> assembler;
  SteadyTime renew_at{};
  // Session state survives channel drops so the session can be re-activated elsewhere.
  bool has_session = false;
  NodeId auth_token;
  std::vector<EndpointDescription> endpoints;

  void close() {
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    open = false;
  }

  // Runs the io_context until `done` or the deadline / a cancel(); on timeout or cancel the
  // socket is closed (the protocol state would be undefined after a half-finished exchange).
  Status run_until(const bool& done, SteadyTime deadline, std::string_view what) {
    while (!done) {
      if (drop_requested.exchange(false)) {
        close();
        io.restart();
        io.run();
        return Error::unavailable(fmt::format("{}: connection dropped", what));
      }
      io.restart();
      io.run_for(std::chrono::milliseconds(50));
      if (done) break;
      const bool timed_out = std::chrono::steady_clock::now() >= deadline;
      if (cancelled.load() || timed_out) {
        close();
        io.restart();
        io.run();  // let the aborted handlers finish
        if (cancelled.load()) return Error::make(ErrorCode::kCancelled, "cancelled");
        return Error::unavailable(fmt::format("{}: timed out", what));
      }
    }
    return {};
  }

  Status write(std::span<const uint8_t> bytes, SteadyTime deadline) {
    bool done = false;
    boost::system::error_code result;
    asio::async_write(socket, asio::buffer(bytes.data(), bytes.size()),
                      [&](boost::system::error_code ec, std::size_t) {
                        result = ec;
                        done = true;
                      });
    Status s = run_until(done, deadline, "send");
    if (!s.ok()) return s;
    if (result) {
      close();
      return Error::unavailable("send failed: " + result.message());
    }
    return {};
  }

  Status read_exact(uint8_t* out, std::size_t n, SteadyTime deadline) {
    bool done = false;
    boost::system::error_code result;
    asio::async_read(socket, asio::buffer(out, n), [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    Status s = run_until(done, deadline, "receive");
    if (!s.ok()) return s;
    if (result) {
      close();
      return Error::unavailable(result == asio::error::eof ? "server closed the connection"
                                                           : "receive failed: " + result.message());
    }
    return {};
  }

  // One whole chunk (header included).
  Result<std::vector<uint8_t>> read_chunk(SteadyTime deadline, uint32_t max_size) {
    std::vector<uint8_t> chunk(kHeaderSize);
    Status s = read_exact(chunk.data(), kHeaderSize, deadline);
    if (!s.ok()) return s.error();
    auto h = decode_chunk_header(chunk);
    if (!h.ok()) {
      close();
      return Error::unavailable(
          "bad chunk from server: " + h.error().message +
          (h.error().fields.empty() ? "" : " " + h.error().fields[0].message));
    }
    if (max_size != 0 && h->size > max_size) {
      close();
      return Error::unavailable(
          fmt::format("server sent a {} byte chunk, our buffer is {}", h->size, max_size));
    }
    chunk.resize(h->size);
    s = read_exact(chunk.data() + kHeaderSize, h->size - kHeaderSize, deadline);
    if (!s.ok()) return s.error();
    return chunk;
  }
};

namespace {

std::string describe(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += (out.empty() ? "" : "; ") + f.field + ": " + f.message;
  return out;
}

bool is_auth_failure(StatusCode s) {
  return s == status::kBadUserAccessDenied || s == status::kBadIdentityTokenRejected ||
         s == status::kBadIdentityTokenInvalid;
}

}  // namespace

Client::Client(ClientOptions options) : options_(std::move(options)), impl_(new Impl) {
  if (!options_.policy) options_.policy = std::make_shared<NoneSecurityPolicy>();
  if (options_.clock == nullptr) options_.clock = &Env::system().clock();
}

Client::~Client() { impl_->close(); }

void Client::cancel() { impl_->cancelled.store(true); }
void Client::reset_cancel() { impl_->cancelled.store(false); }
void Client::request_drop() { impl_->drop_requested.store(true); }
bool Client::has_session() const { return impl_->has_session; }
void Client::forget_session() {
  impl_->has_session = false;
  impl_->auth_token = {};
}
bool Client::channel_open() const { return impl_->open; }
void Client::drop_connection() { impl_->close(); }

Status Client::connect() {
  Status s = open_channel();
  if (!s.ok()) return s;
  s = create_session();
  if (!s.ok()) return s;
  return activate_session();
}

Status Client::open_channel() {
  Impl& m = *impl_;
  m.close();
  m.ids = {};
  m.next_sequence = 1;
  auto addr = parse_endpoint_url(options_.endpoint_url);
  if (!addr.ok()) return addr.error();
  const SteadyTime deadline = std::chrono::steady_clock::now() + options_.connect_timeout;
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(addr->host, ec);
  tcp::endpoint target;
  if (ec) {
    tcp::resolver resolver(m.io);
    auto results = resolver.resolve(addr->host, std::to_string(addr->port), ec);
    if (ec || results.empty()) {
      return Error::unavailable("cannot resolve " + addr->host + ": " + ec.message());
    }
    target = *results.begin();
  } else {
    target = tcp::endpoint(ip, addr->port);
  }
  bool done = false;
  boost::system::error_code result;
  m.socket = tcp::socket(m.io);
  m.socket.async_connect(target, [&](boost::system::error_code e) {
    result = e;
    done = true;
  });
  Status s = m.run_until(done, deadline, "connect to " + options_.endpoint_url);
  if (!s.ok()) return s;
  if (result) {
    m.close();
    return Error::unavailable("connect to " + options_.endpoint_url + ": " + result.message());
  }
  m.socket.set_option(tcp::no_delay(true), ec);
  m.open = true;

  // Hello / Acknowledge.
  auto hello = encode_hello(options_.limits, options_.endpoint_url);
  s = m.write(hello, deadline);
  if (!s.ok()) return s;
  auto ack_bytes = m.read_chunk(deadline, 1 << 16);
  if (!ack_bytes.ok()) return ack_bytes.error();
  auto ack = decode_acknowledge(*ack_bytes);
  if (!ack.ok()) {
    m.close();
    return Error::unavailable("Hello: " + describe(ack.error()));
  }
  m.server = *ack;
  stats_.server_limits = *ack;
  m.assembler = std::make_unique<ChunkAssembler>(options_.limits, *options_.policy);

  // OpenSecureChannel (Issue).
  OpenSecureChannelRequest req;
  req.header.timestamp = unix_ms_to_datetime(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 options_.clock->now().time_since_epoch())
                                                 .count());
  req.header.request_handle = m.next_handle++;
  req.header.timeout_hint_ms = static_cast<uint32_t>(options_.request_timeout.count());
  req.security_mode = static_cast<MessageSecurityMode>(options_.policy->security_mode());
  req.requested_lifetime_ms = options_.channel_lifetime_ms;
  auto body = encode(req);
  const uint32_t request_id = m.next_request_id++;
  auto chunks =
      encode_chunks("OPN", m.ids, request_id, body, m.server, *options_.policy, m.next_sequence);
  if (!chunks.ok()) return chunks.error();
  for (const auto& c : *chunks) {
    s = m.write(c, deadline);
    if (!s.ok()) return s;
    ++stats_.chunks_sent;
  }
  ++stats_.messages_sent;
  for (;;) {
    auto chunk = m.read_chunk(deadline, options_.limits.receive_buffer_size);
    if (!chunk.ok()) return chunk.error();
    ++stats_.chunks_received;
    auto msg = m.assembler->feed(std::move(*chunk));
    if (!msg.ok()) {
      m.close();
      return Error::unavailable("OpenSecureChannel: " + describe(msg.error()));
    }
    if (!msg->has_value()) continue;
    ++stats_.messages_received;
    auto resp = decode_open_secure_channel_response((*msg)->body);
    if (!resp.ok()) {
      m.close();
      return Error::unavailable("OpenSecureChannel: " + describe(resp.error()));
    }
    last_status_ = resp->header.service_result;
    if (is_bad(resp->header.service_result)) {
      m.close();
      return Error::unavailable("OpenSecureChannel: " + status_name(resp->header.service_result));
    }
    m.ids = {resp->channel_id, resp->token_id};
    const auto lifetime = std::chrono::milliseconds(resp->revised_lifetime_ms * 3 / 4);
    m.renew_at = std::chrono::steady_clock::now() + lifetime;
    return {};
  }
}

namespace {

// One service round trip on an open channel: the body goes out in chunks, the response with
// the same request id is reassembled and decoded. Responses to other (timed-out) requests are
// skipped. `m` is the client's Impl.
template <typename Decoded>
Result<Decoded> exchange(Client::Impl& m, ClientStats& stats, const ClientOptions& options,
                         std::string_view service, const std::vector<uint8_t>& body,
                         Result<Decoded> (*decode)(std::span<const uint8_t>),
                         std::chrono::milliseconds wait) {
  if (!m.open) return Error::unavailable(std::string(service) + ": not connected");
  const SteadyTime deadline = std::chrono::steady_clock::now() + options.request_timeout + wait;
  const uint32_t request_id = m.next_request_id++;
  auto chunks =
      encode_chunks("MSG", m.ids, request_id, body, m.server, *options.policy, m.next_sequence);
  if (!chunks.ok()) return chunks.error();
  for (const auto& c : *chunks) {
    Status s = m.write(c, deadline);
    if (!s.ok())
      return Error::make(s.error().code, std::string(service) + ": " + s.error().message);
    ++stats.chunks_sent;
  }
  ++stats.messages_sent;
  for (;;) {
    auto chunk = m.read_chunk(deadline, options.limits.receive_buffer_size);
    if (!chunk.ok()) {
      return Error::make(chunk.error().code, std::string(service) + ": " + chunk.error().message);
    }
    ++stats.chunks_received;
    auto msg = m.assembler->feed(std::move(*chunk));
    if (!msg.ok()) {
      if (!m.assembler->last_error_was_abort()) m.close();
      return Error::unavailable(std::string(service) + ": " + describe(msg.error()));
    }
    if (!msg->has_value()) continue;
    ++stats.messages_received;
    if ((*msg)->request_id != request_id) continue;
    stats.largest_message = std::max<uint64_t>(stats.largest_message, (*msg)->body.size());
    auto decoded = decode((*msg)->body);
    if (!decoded.ok()) {
      return Error::unavailable(std::string(service) +
                                ": malformed response: " + describe(decoded.error()));
    }
    return decoded;
  }
}

}  // namespace

namespace {
// The request header of the next request: session token, time, a fresh handle, and a timeout
// hint covering the server's wait (`extra_ms`, for Publish) plus our request timeout.
RequestHeader header_for(Client::Impl& m, const ClientOptions& o, int64_t extra_ms) {
  RequestHeader h;
  h.authentication_token = m.auth_token;
  h.timestamp = unix_ms_to_datetime(
      std::chrono::duration_cast<std::chrono::milliseconds>(o.clock->now().time_since_epoch())
          .count());
  h.request_handle = m.next_handle++;
  h.timeout_hint_ms = static_cast<uint32_t>(o.request_timeout.count() + extra_ms);
  return h;
}
}  // namespace

namespace {
// Turns a Bad service result into an error; records it.
template <typename R>
Status check_service(const R& header, std::string_view service, StatusCode& last) {
  last = header.service_result;
  if (!is_bad(header.service_result)) return {};
  const ErrorCode code = is_auth_failure(header.service_result) ? ErrorCode::kUnauthenticated
                                                                : ErrorCode::kUnavailable;
  return Error::make(code, fmt::format("{}: {} (0x{:08X})", service,
                                       status_name(header.service_result), header.service_result));
}
}  // namespace

Status Client::create_session() {
  CreateSessionRequest req;
  req.header = header_for(*impl_, options_, 0);
  req.header.authentication_token = {};
  req.endpoint_url = options_.endpoint_url;
  req.session_name = options_.session_name;
  req.client_nonce.resize(32);
  Env::system().secure_random(req.client_nonce.data(), req.client_nonce.size());
  req.requested_session_timeout_ms = options_.session_timeout_ms;
  req.max_response_message_size = options_.limits.max_message_size;
  auto resp = exchange(*impl_, stats_, options_, "CreateSession", encode(req),
                       &decode_create_session_response, std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "CreateSession", last_status_);
  if (!s.ok()) return s;
  impl_->auth_token = resp->authentication_token;
  impl_->endpoints = resp->server_endpoints;
  impl_->has_session = true;
  return {};
}

Status Client::activate_session() {
  if (!impl_->has_session) return Error::precondition("ActivateSession: no session");
  ActivateSessionRequest req;
  req.header = header_for(*impl_, options_, 0);
  const bool anonymous = options_.user.empty();
  const UserTokenType wanted = anonymous ? UserTokenType::kAnonymous : UserTokenType::kUserName;
  // Pick a token policy of the wanted type whose own security policy we can satisfy: for a
  // password that is one with no (or the None) policy, i.e. the password travels as given.
  std::string policy_id;
  std::string encrypted_only;
  for (const auto& ep : impl_->endpoints) {
    if (ep.security_policy_uri != options_.policy->uri()) continue;
    for (const auto& t : ep.user_identity_tokens) {
      if (t.token_type != wanted) continue;
      const bool plain = t.security_policy_uri.empty() ||
                         t.security_policy_uri == NoneSecurityPolicy::kUri ||
                         t.security_policy_uri == options_.policy->uri();
      if (plain || anonymous) {
        if (policy_id.empty()) policy_id = t.policy_id;
      } else if (encrypted_only.empty()) {
        encrypted_only = t.security_policy_uri;
      }
    }
  }
  if (policy_id.empty()) {
    if (!encrypted_only.empty()) {
      return Error::make(ErrorCode::kFailedPrecondition,
                         "ActivateSession: the server accepts passwords only encrypted with " +
                             encrypted_only +
                             "; kerf sends passwords with SecurityPolicy None only");
    }
    if (!impl_->endpoints.empty()) {
      return Error::make(ErrorCode::kFailedPrecondition,
                         std::string("ActivateSession: the server offers no ") +
                             (anonymous ? "anonymous" : "user name") + " identity token");
    }
    policy_id = anonymous ? "anonymous" : "username";
  }
  req.policy_id = policy_id;
  req.user_name = options_.user;
  req.password.assign(options_.password.begin(), options_.password.end());
  auto resp = exchange(*impl_, stats_, options_, "ActivateSession", encode(req),
                       &decode_activate_session_response, std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "ActivateSession", last_status_);
  if (!s.ok()) {
    if (is_auth_failure(last_status_)) {
      return Error::make(ErrorCode::kUnauthenticated,
                         s.error().message + ": the server rejected " +
                             (anonymous ? std::string("anonymous access")
                                        : "user '" + options_.user + "' or its password"));
    }
    if (last_status_ == status::kBadSessionIdInvalid || last_status_ == status::kBadSessionClosed) {
      forget_session();
    }
    return s;
  }
  return {};
}

void Client::disconnect() {
  Impl& m = *impl_;
  if (m.open && m.has_session) {
    CloseSessionRequest req;
    req.header = header_for(*impl_, options_, 0);
    auto saved = options_.request_timeout;
    options_.request_timeout = std::chrono::milliseconds(1000);
    (void)exchange(m, stats_, options_, "CloseSession", encode(req), &decode_close_session_response,
                   std::chrono::milliseconds(0));
    options_.request_timeout = saved;
  }
  forget_session();
  if (m.open) {
    CloseSecureChannelRequest req;
    req.header = header_for(*impl_, options_, 0);
    auto body = encode(req);
    auto chunks = encode_chunks("CLO", m.ids, m.next_request_id++, body, m.server, *options_.policy,
                                m.next_sequence);
    const SteadyTime deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    if (chunks.ok()) {
      for (const auto& c : *chunks) {
        if (!m.write(c, deadline).ok()) break;
      }
    }
  }
  m.close();
}

Result<std::vector<ReferenceDescription>> Client::browse(const NodeId& node) {
  BrowseRequest req;
  req.header = header_for(*impl_, options_, 0);
  BrowseDescription d;
  d.node = node;
  req.nodes.push_back(d);
  auto resp = exchange(*impl_, stats_, options_, "Browse", encode(req), &decode_browse_response,
                       std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "Browse", last_status_);
  if (!s.ok()) return s.error();
  if (resp->results.size() != 1) return Error::unavailable("Browse: expected one result");
  if (is_bad(resp->results[0].status)) {
    last_status_ = resp->results[0].status;
    return Error::unavailable("Browse " + to_string(node) + ": " +
                              status_name(resp->results[0].status));
  }
  std::vector<ReferenceDescription> refs = std::move(resp->results[0].references);
  std::vector<uint8_t> cp = std::move(resp->results[0].continuation_point);
  while (!cp.empty()) {
    BrowseNextRequest next;
    next.header = header_for(*impl_, options_, 0);
    next.continuation_points.push_back(cp);
    auto more = exchange(*impl_, stats_, options_, "BrowseNext", encode(next),
                         &decode_browse_response, std::chrono::milliseconds(0));
    if (!more.ok()) return more.error();
    s = check_service(more->header, "BrowseNext", last_status_);
    if (!s.ok()) return s.error();
    if (more->results.size() != 1 || is_bad(more->results[0].status)) {
      return Error::unavailable("BrowseNext: bad result");
    }
    for (auto& r : more->results[0].references) refs.push_back(std::move(r));
    cp = std::move(more->results[0].continuation_point);
  }
  return refs;
}

Result<std::vector<DataValue>> Client::read(const std::vector<ReadValueId>& nodes) {
  ReadRequest req;
  req.header = header_for(*impl_, options_, 0);
  req.nodes = nodes;
  auto resp = exchange(*impl_, stats_, options_, "Read", encode(req), &decode_read_response,
                       std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "Read", last_status_);
  if (!s.ok()) return s.error();
  if (resp->results.size() != nodes.size()) {
    return Error::unavailable(
        fmt::format("Read: {} results for {} nodes", resp->results.size(), nodes.size()));
  }
  return std::move(resp->results);
}

Result<CreateSubscriptionResponse> Client::create_subscription(const CreateSubscriptionRequest& r) {
  CreateSubscriptionRequest req = r;
  req.header = header_for(*impl_, options_, 0);
  auto resp = exchange(*impl_, stats_, options_, "CreateSubscription", encode(req),
                       &decode_create_subscription_response, std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "CreateSubscription", last_status_);
  if (!s.ok()) return s.error();
  return resp;
}

Result<std::vector<MonitoredItemCreateResult>> Client::create_monitored_items(
    uint32_t subscription_id, std::vector<MonitoredItemCreateRequest> items) {
  CreateMonitoredItemsRequest req;
  req.header = header_for(*impl_, options_, 0);
  req.subscription_id = subscription_id;
  const std::size_t n = items.size();
  req.items = std::move(items);
  auto resp = exchange(*impl_, stats_, options_, "CreateMonitoredItems", encode(req),
                       &decode_create_monitored_items_response, std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "CreateMonitoredItems", last_status_);
  if (!s.ok()) return s.error();
  if (resp->results.size() != n) {
    return Error::unavailable("CreateMonitoredItems: result count differs from the request");
  }
  return std::move(resp->results);
}

Result<PublishResponse> Client::publish(std::vector<SubscriptionAcknowledgement> acks,
                                        std::chrono::milliseconds wait) {
  // Renew the channel's security token before it expires (the server holds the old one a while).
  if (impl_->open && std::chrono::steady_clock::now() >= impl_->renew_at) {
    spdlog::debug("opcua {}: security token due for renewal; reopening the channel",
                  options_.endpoint_url);
    Status s = open_channel();
    if (!s.ok()) return s.error();
    s = activate_session();
    if (!s.ok()) return s.error();
  }
  PublishRequest req;
  req.header = header_for(*impl_, options_, wait.count());
  req.acknowledgements = std::move(acks);
  auto resp =
      exchange(*impl_, stats_, options_, "Publish", encode(req), &decode_publish_response, wait);
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "Publish", last_status_);
  if (!s.ok()) return s.error();
  return resp;
}

Result<NotificationMessage> Client::republish(uint32_t subscription_id, uint32_t sequence_number) {
  RepublishRequest req;
  req.header = header_for(*impl_, options_, 0);
  req.subscription_id = subscription_id;
  req.retransmit_sequence_number = sequence_number;
  auto resp = exchange(*impl_, stats_, options_, "Republish", encode(req),
                       &decode_republish_response, std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "Republish", last_status_);
  if (!s.ok()) return s.error();
  return std::move(resp->message);
}

Result<std::vector<TransferResult>> Client::transfer_subscriptions(std::vector<uint32_t> ids,
                                                                   bool send_initial_values) {
  TransferSubscriptionsRequest req;
  req.header = header_for(*impl_, options_, 0);
  req.subscription_ids = std::move(ids);
  req.send_initial_values = send_initial_values;
  auto resp = exchange(*impl_, stats_, options_, "TransferSubscriptions", encode(req),
                       &decode_transfer_subscriptions_response, std::chrono::milliseconds(0));
  if (!resp.ok()) return resp.error();
  Status s = check_service(resp->header, "TransferSubscriptions", last_status_);
  if (!s.ok()) return s.error();
  return std::move(resp->results);
}

}  // namespace kerf::ingest::opcua
