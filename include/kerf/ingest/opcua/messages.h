// OPC UA service messages kerf's client uses (OPC 10000-4), with their binary encodings: each
// request encodes to a message body (encoding NodeId + fields), each response decodes from one.
// Pure: no I/O. A response body that is a ServiceFault decodes into the expected response type
// with only `header` set (its service_result is Bad), so callers check one place.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/opcua/binary.h"
#include "kerf/ingest/opcua/types.h"

namespace kerf::ingest::opcua {

// DefaultBinary encoding ids (namespace 0) of the structures used.
namespace ids {
inline constexpr uint32_t kServiceFault = 397;
inline constexpr uint32_t kOpenSecureChannelRequest = 446;
inline constexpr uint32_t kOpenSecureChannelResponse = 449;
inline constexpr uint32_t kCloseSecureChannelRequest = 452;
inline constexpr uint32_t kCreateSessionRequest = 461;
inline constexpr uint32_t kCreateSessionResponse = 464;
inline constexpr uint32_t kActivateSessionRequest = 467;
inline constexpr uint32_t kActivateSessionResponse = 470;
inline constexpr uint32_t kCloseSessionRequest = 473;
inline constexpr uint32_t kCloseSessionResponse = 476;
inline constexpr uint32_t kBrowseRequest = 527;
inline constexpr uint32_t kBrowseResponse = 530;
inline constexpr uint32_t kBrowseNextRequest = 533;
inline constexpr uint32_t kBrowseNextResponse = 536;
inline constexpr uint32_t kReadRequest = 631;
inline constexpr uint32_t kReadResponse = 634;
inline constexpr uint32_t kCreateMonitoredItemsRequest = 751;
inline constexpr uint32_t kCreateMonitoredItemsResponse = 754;
inline constexpr uint32_t kCreateSubscriptionRequest = 787;
inline constexpr uint32_t kCreateSubscriptionResponse = 790;
inline constexpr uint32_t kDataChangeNotification = 811;
inline constexpr uint32_t kStatusChangeNotification = 820;
inline constexpr uint32_t kPublishRequest = 826;
inline constexpr uint32_t kPublishResponse = 829;
inline constexpr uint32_t kRepublishRequest = 832;
inline constexpr uint32_t kRepublishResponse = 835;
inline constexpr uint32_t kTransferSubscriptionsRequest = 841;
inline constexpr uint32_t kTransferSubscriptionsResponse = 844;
inline constexpr uint32_t kAnonymousIdentityToken = 321;
inline constexpr uint32_t kUserNameIdentityToken = 324;
// Well-known nodes.
inline constexpr uint32_t kObjectsFolder = 85;
inline constexpr uint32_t kHierarchicalReferences = 33;
}  // namespace ids

// Attribute ids (OPC 10000-6 A.1).
enum class AttributeId : uint32_t {
  kNodeId = 1,
  kNodeClass = 2,
  kBrowseName = 3,
  kDisplayName = 4,
  kValue = 13,
  kDataType = 14
};
enum class MessageSecurityMode : int32_t {
  kInvalid = 0,
  kNone = 1,
  kSign = 2,
  kSignAndEncrypt = 3
};
enum class UserTokenType : int32_t { kAnonymous = 0, kUserName = 1, kCertificate = 2, kIssued = 3 };
enum class TimestampsToReturn : int32_t { kSource = 0, kServer = 1, kBoth = 2, kNeither = 3 };
enum class NodeClass : int32_t {
  kUnspecified = 0,
  kObject = 1,
  kVariable = 2,
  kMethod = 4,
  kObjectType = 8,
  kVariableType = 16,
  kReferenceType = 32,
  kDataType = 64,
  kView = 128
};

struct RequestHeader {
  NodeId authentication_token;
  DateTime timestamp = 0;
  uint32_t request_handle = 0;
  uint32_t timeout_hint_ms = 0;
};

struct ResponseHeader {
  DateTime timestamp = 0;
  uint32_t request_handle = 0;
  StatusCode service_result = kGood;
  std::vector<std::string> string_table;
};

// --- secure channel ---
struct OpenSecureChannelRequest {
  RequestHeader header;
  uint32_t client_protocol_version = 0;
  int32_t request_type = 0;  // 0 Issue, 1 Renew
  MessageSecurityMode security_mode = MessageSecurityMode::kNone;
  std::vector<uint8_t> client_nonce;
  uint32_t requested_lifetime_ms = 3600000;
};
struct OpenSecureChannelResponse {
  ResponseHeader header;
  uint32_t server_protocol_version = 0;
  uint32_t channel_id = 0;
  uint32_t token_id = 0;
  DateTime created_at = 0;
  uint32_t revised_lifetime_ms = 0;
  std::vector<uint8_t> server_nonce;
};
struct CloseSecureChannelRequest {
  RequestHeader header;
};

// --- session ---
struct UserTokenPolicy {
  std::string policy_id;
  UserTokenType token_type = UserTokenType::kAnonymous;
  std::string security_policy_uri;  // "" = the channel's policy
};
struct EndpointDescription {
  std::string endpoint_url;
  MessageSecurityMode security_mode = MessageSecurityMode::kNone;
  std::string security_policy_uri;
  std::vector<UserTokenPolicy> user_identity_tokens;
};
struct CreateSessionRequest {
  RequestHeader header;
  std::string application_uri = "urn:kerf:opcua-client";
  std::string application_name = "kerf";
  std::string endpoint_url;
  std::string session_name;
  std::vector<uint8_t> client_nonce;
  double requested_session_timeout_ms = 60000;
  uint32_t max_response_message_size = 0;
};
struct CreateSessionResponse {
  ResponseHeader header;
  NodeId session_id;
  NodeId authentication_token;
  double revised_session_timeout_ms = 0;
  std::vector<uint8_t> server_nonce;
  std::vector<EndpointDescription> server_endpoints;
  uint32_t max_request_message_size = 0;
};
struct ActivateSessionRequest {
  RequestHeader header;
  // Identity: anonymous when user_name is empty, else UserName with `password` as given (the
  // security policy of the token decides whether it was encrypted before it gets here).
  std::string policy_id;
  std::string user_name;
  std::vector<uint8_t> password;
  std::string encryption_algorithm;  // "" = plain
};
struct ActivateSessionResponse {
  ResponseHeader header;
  std::vector<uint8_t> server_nonce;
  std::vector<StatusCode> results;
};
struct CloseSessionRequest {
  RequestHeader header;
  bool delete_subscriptions = true;
};

// --- view / attribute ---
struct BrowseDescription {
  NodeId node;
  int32_t direction = 0;  // 0 forward, 1 inverse, 2 both
  NodeId reference_type = NodeId::numeric(0, ids::kHierarchicalReferences);
  bool include_subtypes = true;
  uint32_t node_class_mask = 0;
  uint32_t result_mask = 0x3F;  // everything
};
struct ReferenceDescription {
  NodeId reference_type;
  bool is_forward = true;
  ExpandedNodeId node;
  QualifiedName browse_name;
  LocalizedText display_name;
  NodeClass node_class = NodeClass::kUnspecified;
  ExpandedNodeId type_definition;
};
struct BrowseResult {
  StatusCode status = kGood;
  std::vector<uint8_t> continuation_point;
  std::vector<ReferenceDescription> references;
};
struct BrowseRequest {
  RequestHeader header;
  uint32_t max_references_per_node = 0;
  std::vector<BrowseDescription> nodes;
};
struct BrowseNextRequest {
  RequestHeader header;
  bool release_continuation_points = false;
  std::vector<std::vector<uint8_t>> continuation_points;
};
struct BrowseResponse {  // also BrowseNextResponse
  ResponseHeader header;
  std::vector<BrowseResult> results;
};
struct ReadValueId {
  NodeId node;
  AttributeId attribute = AttributeId::kValue;
};
struct ReadRequest {
  RequestHeader header;
  double max_age_ms = 0;
  TimestampsToReturn timestamps = TimestampsToReturn::kBoth;
  std::vector<ReadValueId> nodes;
};
struct ReadResponse {
  ResponseHeader header;
  std::vector<DataValue> results;
};

// --- subscriptions ---
struct CreateSubscriptionRequest {
  RequestHeader header;
  double publishing_interval_ms = 250;
  uint32_t lifetime_count = 600;
  uint32_t max_keep_alive_count = 10;
  uint32_t max_notifications_per_publish = 0;
  bool publishing_enabled = true;
  uint8_t priority = 0;
};
struct CreateSubscriptionResponse {
  ResponseHeader header;
  uint32_t subscription_id = 0;
  double revised_publishing_interval_ms = 0;
  uint32_t revised_lifetime_count = 0;
  uint32_t revised_max_keep_alive_count = 0;
};
struct MonitoredItemCreateRequest {
  ReadValueId item;
  int32_t monitoring_mode = 2;  // Reporting
  uint32_t client_handle = 0;
  double sampling_interval_ms = 100;
  uint32_t queue_size = 10;
  bool discard_oldest = true;
};
struct CreateMonitoredItemsRequest {
  RequestHeader header;
  uint32_t subscription_id = 0;
  TimestampsToReturn timestamps = TimestampsToReturn::kBoth;
  std::vector<MonitoredItemCreateRequest> items;
};
struct MonitoredItemCreateResult {
  StatusCode status = kGood;
  uint32_t monitored_item_id = 0;
  double revised_sampling_interval_ms = 0;
  uint32_t revised_queue_size = 0;
};
struct CreateMonitoredItemsResponse {
  ResponseHeader header;
  std::vector<MonitoredItemCreateResult> results;
};
struct SubscriptionAcknowledgement {
  uint32_t subscription_id = 0;
  uint32_t sequence_number = 0;
  friend bool operator==(const SubscriptionAcknowledgement&,
                         const SubscriptionAcknowledgement&) = default;
};
struct PublishRequest {
  RequestHeader header;
  std::vector<SubscriptionAcknowledgement> acknowledgements;
};
struct MonitoredItemNotification {
  uint32_t client_handle = 0;
  DataValue value;
};
// A NotificationMessage with its DataChange items decoded; other notification kinds (events)
// are counted in `other_notifications`; a StatusChange sets `status_change`.
struct NotificationMessage {
  uint32_t sequence_number = 0;
  DateTime publish_time = 0;
  std::vector<MonitoredItemNotification> data_changes;
  std::optional<StatusCode> status_change;
  uint32_t other_notifications = 0;
  bool keep_alive() const {
    return data_changes.empty() && !status_change && other_notifications == 0;
  }
};
struct PublishResponse {
  ResponseHeader header;
  uint32_t subscription_id = 0;
  std::vector<uint32_t> available_sequence_numbers;
  bool more_notifications = false;
  NotificationMessage message;
  std::vector<StatusCode> results;  // of the acknowledgements
};
struct RepublishRequest {
  RequestHeader header;
  uint32_t subscription_id = 0;
  uint32_t retransmit_sequence_number = 0;
};
struct RepublishResponse {
  ResponseHeader header;
  NotificationMessage message;
};
struct TransferSubscriptionsRequest {
  RequestHeader header;
  std::vector<uint32_t> subscription_ids;
  bool send_initial_values = true;
};
struct TransferResult {
  StatusCode status = kGood;
  std::vector<uint32_t> available_sequence_numbers;
};
struct TransferSubscriptionsResponse {
  ResponseHeader header;
  std::vector<TransferResult> results;
};

// Request encoders: the message body (encoding NodeId first) of each request.
std::vector<uint8_t> encode(const OpenSecureChannelRequest& r);
std::vector<uint8_t> encode(const CloseSecureChannelRequest& r);
std::vector<uint8_t> encode(const CreateSessionRequest& r);
std::vector<uint8_t> encode(const ActivateSessionRequest& r);
std::vector<uint8_t> encode(const CloseSessionRequest& r);
std::vector<uint8_t> encode(const BrowseRequest& r);
std::vector<uint8_t> encode(const BrowseNextRequest& r);
std::vector<uint8_t> encode(const ReadRequest& r);
std::vector<uint8_t> encode(const CreateSubscriptionRequest& r);
std::vector<uint8_t> encode(const CreateMonitoredItemsRequest& r);
std::vector<uint8_t> encode(const PublishRequest& r);
std::vector<uint8_t> encode(const RepublishRequest& r);
std::vector<uint8_t> encode(const TransferSubscriptionsRequest& r);

// Response decoders over an untrusted message body. Errors name the message and the field.
Result<OpenSecureChannelResponse> decode_open_secure_channel_response(std::span<const uint8_t> b);
Result<CreateSessionResponse> decode_create_session_response(std::span<const uint8_t> b);
Result<ActivateSessionResponse> decode_activate_session_response(std::span<const uint8_t> b);
Result<ResponseHeader> decode_close_session_response(std::span<const uint8_t> b);
Result<BrowseResponse> decode_browse_response(std::span<const uint8_t> b);  // and BrowseNext
Result<ReadResponse> decode_read_response(std::span<const uint8_t> b);
Result<CreateSubscriptionResponse> decode_create_subscription_response(std::span<const uint8_t> b);
Result<CreateMonitoredItemsResponse> decode_create_monitored_items_response(
    std::span<const uint8_t> b);
Result<PublishResponse> decode_publish_response(std::span<const uint8_t> b);
Result<RepublishResponse> decode_republish_response(std::span<const uint8_t> b);
Result<TransferSubscriptionsResponse> decode_transfer_subscriptions_response(
    std::span<const uint8_t> b);

// The encoding id (namespace 0 numeric) a message body starts with, or an error.
Result<uint32_t> peek_type_id(std::span<const uint8_t> body);

}  // namespace kerf::ingest::opcua
