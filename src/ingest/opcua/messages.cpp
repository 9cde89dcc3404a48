#include "kerf/ingest/opcua/messages.h"

#include <fmt/format.h>

namespace kerf::ingest::opcua {

namespace {

void request_header(Writer& w, const RequestHeader& h) {
  w.node_id(h.authentication_token);
  w.datetime(h.timestamp);
  w.u32(h.request_handle);
  w.u32(0);         // ReturnDiagnostics
  w.null_string();  // AuditEntryId
  w.u32(h.timeout_hint_ms);
  w.extension_object({});  // AdditionalHeader
}

Writer start(uint32_t type_id, const RequestHeader& h) {
  Writer w;
  w.node_id(NodeId::numeric(0, type_id));
  request_header(w, h);
  return w;
}

ResponseHeader response_header(Reader& r) {
  ResponseHeader h;
  h.timestamp = r.datetime("ResponseHeader.Timestamp");
  h.request_handle = r.u32("ResponseHeader.RequestHandle");
  h.service_result = r.status("ResponseHeader.ServiceResult");
  r.diagnostic_info("ResponseHeader.ServiceDiagnostics");
  h.string_table = r.array<std::string>(
      "ResponseHeader.StringTable", [](Reader& rr) { return rr.string("StringTable"); }, 4);
  r.extension_object("ResponseHeader.AdditionalHeader");
  return h;
}

// Reads the encoding id and the header; `fault` is set when the body is a ServiceFault.
ResponseHeader begin(Reader& r, uint32_t expected, std::string_view what, bool& fault) {
  const NodeId type = r.node_id(fmt::format("{}.TypeId", what));
  fault = false;
  if (!r.ok()) return {};
  const auto* num = std::get_if<uint32_t>(&type.id);
  if (type.ns != 0 || num == nullptr || (*num != expected && *num != ids::kServiceFault)) {
    r.fail(fmt::format("{}.TypeId", what),
           fmt::format("expected encoding id {} but got {}", expected, to_string(type)));
    return {};
  }
  fault = *num == ids::kServiceFault;
  ResponseHeader h = response_header(r);
  if (fault && h.service_result == kGood) h.service_result = status::kBadCommunicationError;
  return h;
}

template <typename T>
Result<T> finish(Reader& r, T value, std::string_view what) {
  if (!r.ok()) return r.to_error(what);
  return value;
}

void read_value_id(Writer& w, const ReadValueId& v) {
  w.node_id(v.node);
  w.u32(static_cast<uint32_t>(v.attribute));
  w.null_string();  // IndexRange
  w.u16(0);         // DataEncoding: a null QualifiedName = the default encoding
  w.null_string();
}

NotificationMessage notification_message(Reader& r) {
  NotificationMessage m;
  m.sequence_number = r.u32("NotificationMessage.SequenceNumber");
  m.publish_time = r.datetime("NotificationMessage.PublishTime");
  const int32_t n = r.array_length("NotificationMessage.NotificationData", 3);
  for (int32_t i = 0; i < n && r.ok(); ++i) {
    ExtensionObject e = r.extension_object("NotificationMessage.NotificationData");
    const auto* id = std::get_if<uint32_t>(&e.type_id.id);
    if (!r.ok()) break;
    if (e.type_id.ns == 0 && id && *id == ids::kDataChangeNotification && e.encoding == 1) {
      Reader body(e.body);
      const int32_t items = body.array_length("DataChangeNotification.MonitoredItems", 5);
      for (int32_t k = 0; k < items && body.ok(); ++k) {
        MonitoredItemNotification item;
        item.client_handle = body.u32("MonitoredItemNotification.ClientHandle");
        item.value = body.data_value("MonitoredItemNotification.Value");
        m.data_changes.push_back(std::move(item));
      }
      body.skip_diagnostic_infos("DataChangeNotification.DiagnosticInfos");
      if (!body.ok()) r.fail("DataChangeNotification", body.error());
    } else if (e.type_id.ns == 0 && id && *id == ids::kStatusChangeNotification &&
               e.encoding == 1) {
      Reader body(e.body);
      m.status_change = body.status("StatusChangeNotification.Status");
      if (!body.ok()) r.fail("StatusChangeNotification", body.error());
    } else {
      ++m.other_notifications;
    }
  }
  return m;
}

std::vector<uint32_t> u32_array(Reader& r, std::string_view field) {
  return r.array<uint32_t>(
      field, [&](Reader& rr) { return rr.u32(field); }, 4);
}

std::vector<StatusCode> status_array(Reader& r, std::string_view field) {
  return u32_array(r, field);
}

void application_description(Reader& r) {
  r.string("ApplicationDescription.ApplicationUri");
  r.string("ApplicationDescription.ProductUri");
  r.localized_text("ApplicationDescription.ApplicationName");
  r.i32("ApplicationDescription.ApplicationType");
  r.string("ApplicationDescription.GatewayServerUri");
  r.string("ApplicationDescription.DiscoveryProfileUri");
  r.array<std::string>(
      "ApplicationDescription.DiscoveryUrls", [](Reader& rr) { return rr.string("DiscoveryUrls"); },
      4);
}

EndpointDescription endpoint_description(Reader& r) {
  EndpointDescription e;
  e.endpoint_url = r.string("EndpointDescription.EndpointUrl");
  application_description(r);
  r.byte_string("EndpointDescription.ServerCertificate");
  e.security_mode = static_cast<MessageSecurityMode>(r.i32("EndpointDescription.SecurityMode"));
  e.security_policy_uri = r.string("EndpointDescription.SecurityPolicyUri");
  e.user_identity_tokens = r.array<UserTokenPolicy>(
      "EndpointDescription.UserIdentityTokens",
      [](Reader& rr) {
        UserTokenPolicy p;
        p.policy_id = rr.string("UserTokenPolicy.PolicyId");
        p.token_type = static_cast<UserTokenType>(rr.i32("UserTokenPolicy.TokenType"));
        rr.string("UserTokenPolicy.IssuedTokenType");
        rr.string("UserTokenPolicy.IssuerEndpointUrl");
        p.security_policy_uri = rr.string("UserTokenPolicy.SecurityPolicyUri");
        return p;
      },
      20);
  r.string("EndpointDescription.TransportProfileUri");
  r.u8("EndpointDescription.SecurityLevel");
  return e;
}

}  // namespace

// ---------------------------------------------------------------- encoders

std::vector<uint8_t> encode(const OpenSecureChannelRequest& r) {
  Writer w = start(ids::kOpenSecureChannelRequest, r.header);
  w.u32(r.client_protocol_version);
  w.i32(r.request_type);
  w.i32(static_cast<int32_t>(r.security_mode));
  w.byte_string(r.client_nonce);
  w.u32(r.requested_lifetime_ms);
  return w.take();
}

std::vector<uint8_t> encode(const CloseSecureChannelRequest& r) {
  return start(ids::kCloseSecureChannelRequest, r.header).take();
}

std::vector<uint8_t> encode(const CreateSessionRequest& r) {
  Writer w = start(ids::kCreateSessionRequest, r.header);
  // ClientDescription (ApplicationDescription)
  w.string(r.application_uri);
  w.string("urn:kerf");
  w.localized_text({std::nullopt, r.application_name});
  w.i32(1);  // ApplicationType Client
  w.null_string();
  w.null_string();
  w.i32(0);         // DiscoveryUrls
  w.null_string();  // ServerUri
  w.string(r.endpoint_url);
  w.string(r.session_name);
  w.byte_string(r.client_nonce);
  w.null_byte_string();  // ClientCertificate
  w.f64(r.requested_session_timeout_ms);
  w.u32(r.max_response_message_size);
  return w.take();
}

std::vector<uint8_t> encode(const ActivateSessionRequest& r) {
  Writer w = start(ids::kActivateSessionRequest, r.header);
  w.null_string();       // ClientSignature.Algorithm
  w.null_byte_string();  // ClientSignature.Signature
  w.i32(0);              // ClientSoftwareCertificates
  w.i32(1);              // LocaleIds
  w.string("en");
  Writer token;
  token.string(r.policy_id);
  ExtensionObject identity;
  identity.encoding = 1;
  if (r.user_name.empty()) {
    identity.type_id = NodeId::numeric(0, ids::kAnonymousIdentityToken);
  } else {
    identity.type_id = NodeId::numeric(0, ids::kUserNameIdentityToken);
    token.string(r.user_name);
    token.byte_string(r.password);
    if (r.encryption_algorithm.empty()) {
      token.null_string();
    } else {
      token.string(r.encryption_algorithm);
    }
  }
  identity.body = token.take();
  w.extension_object(identity);
  w.null_string();  // UserTokenSignature.Algorithm
  w.null_byte_string();
  return w.take();
}

std::vector<uint8_t> encode(const CloseSessionRequest& r) {
  Writer w = start(ids::kCloseSessionRequest, r.header);
  w.boolean(r.delete_subscriptions);
  return w.take();
}

std::vector<uint8_t> encode(const BrowseRequest& r) {
  Writer w = start(ids::kBrowseRequest, r.header);
  w.node_id({});  // View.ViewId
  w.datetime(0);
  w.u32(0);
  w.u32(r.max_references_per_node);
  w.array(r.nodes, [](Writer& ww, const BrowseDescription& d) {
    ww.node_id(d.node);
    ww.i32(d.direction);
    ww.node_id(d.reference_type);
    ww.boolean(d.include_subtypes);
    ww.u32(d.node_class_mask);
    ww.u32(d.result_mask);
  });
  return w.take();
}

std::vector<uint8_t> encode(const BrowseNextRequest& r) {
  Writer w = start(ids::kBrowseNextRequest, r.header);
  w.boolean(r.release_continuation_points);
  w.array(r.continuation_points,
          [](Writer& ww, const std::vector<uint8_t>& cp) { ww.byte_string(cp); });
  return w.take();
}

std::vector<uint8_t> encode(const ReadRequest& r) {
  Writer w = start(ids::kReadRequest, r.header);
  w.f64(r.max_age_ms);
  w.i32(static_cast<int32_t>(r.timestamps));
  w.array(r.nodes, read_value_id);
  return w.take();
}

std::vector<uint8_t> encode(const CreateSubscriptionRequest& r) {
  Writer w = start(ids::kCreateSubscriptionRequest, r.header);
  w.f64(r.publishing_interval_ms);
  w.u32(r.lifetime_count);
  w.u32(r.max_keep_alive_count);
  w.u32(r.max_notifications_per_publish);
  w.boolean(r.publishing_enabled);
  w.u8(r.priority);
  return w.take();
}

std::vector<uint8_t> encode(const CreateMonitoredItemsRequest& r) {
  Writer w = start(ids::kCreateMonitoredItemsRequest, r.header);
  w.u32(r.subscription_id);
  w.i32(static_cast<int32_t>(r.timestamps));
  w.array(r.items, [](Writer& ww, const MonitoredItemCreateRequest& m) {
    read_value_id(ww, m.item);
    ww.i32(m.monitoring_mode);
    ww.u32(m.client_handle);
    ww.f64(m.sampling_interval_ms);
    ww.extension_object({});  // Filter: default DataChange filter (status or value)
    ww.u32(m.queue_size);
    ww.boolean(m.discard_oldest);
  });
  return w.take();
}

std::vector<uint8_t> encode(const PublishRequest& r) {
  Writer w = start(ids::kPublishRequest, r.header);
  w.array(r.acknowledgements, [](Writer& ww, const SubscriptionAcknowledgement& a) {
    ww.u32(a.subscription_id);
    ww.u32(a.sequence_number);
  });
  return w.take();
}

std::vector<uint8_t> encode(const RepublishRequest& r) {
  Writer w = start(ids::kRepublishRequest, r.header);
  w.u32(r.subscription_id);
  w.u32(r.retransmit_sequence_number);
  return w.take();
}

std::vector<uint8_t> encode(const TransferSubscriptionsRequest& r) {
  Writer w = start(ids::kTransferSubscriptionsRequest, r.header);
  w.array(r.subscription_ids, [](Writer& ww, uint32_t id) { ww.u32(id); });
  w.boolean(r.send_initial_values);
  return w.take();
}

// ---------------------------------------------------------------- decoders

Result<uint32_t> peek_type_id(std::span<const uint8_t> body) {
  Reader r(body);
  NodeId id = r.node_id("TypeId");
  if (!r.ok()) return r.to_error("message");
  const auto* num = std::get_if<uint32_t>(&id.id);
  if (id.ns != 0 || num == nullptr) {
    return Error::invalid("TypeId", "not a namespace-0 numeric encoding id: " + to_string(id));
  }
  return *num;
}

Result<OpenSecureChannelResponse> decode_open_secure_channel_response(std::span<const uint8_t> b) {
  Reader r(b);
  OpenSecureChannelResponse out;
  bool fault = false;
  out.header = begin(r, ids::kOpenSecureChannelResponse, "OpenSecureChannelResponse", fault);
  if (!fault) {
    out.server_protocol_version = r.u32("OpenSecureChannelResponse.ServerProtocolVersion");
    out.channel_id = r.u32("SecurityToken.ChannelId");
    out.token_id = r.u32("SecurityToken.TokenId");
    out.created_at = r.datetime("SecurityToken.CreatedAt");
    out.revised_lifetime_ms = r.u32("SecurityToken.RevisedLifetime");
    out.server_nonce = r.byte_string("OpenSecureChannelResponse.ServerNonce");
  }
  return finish(r, std::move(out), "OpenSecureChannelResponse");
}

Result<CreateSessionResponse> decode_create_session_response(std::span<const uint8_t> b) {
  Reader r(b);
  CreateSessionResponse out;
  bool fault = false;
  out.header = begin(r, ids::kCreateSessionResponse, "CreateSessionResponse", fault);
  if (!fault) {
    out.session_id = r.node_id("CreateSessionResponse.SessionId");
    out.authentication_token = r.node_id("CreateSessionResponse.AuthenticationToken");
    out.revised_session_timeout_ms = r.f64("CreateSessionResponse.RevisedSessionTimeout");
    out.server_nonce = r.byte_string("CreateSessionResponse.ServerNonce");
    r.byte_string("CreateSessionResponse.ServerCertificate");
    out.server_endpoints = r.array<EndpointDescription>("CreateSessionResponse.ServerEndpoints",
                                                        endpoint_description, 30);
    const int32_t certs = r.array_length("CreateSessionResponse.ServerSoftwareCertificates", 8);
    for (int32_t i = 0; i < certs && r.ok(); ++i) {
      r.byte_string("SignedSoftwareCertificate.CertificateData");
      r.byte_string("SignedSoftwareCertificate.Signature");
    }
    r.string("ServerSignature.Algorithm");
    r.byte_string("ServerSignature.Signature");
    out.max_request_message_size = r.u32("CreateSessionResponse.MaxRequestMessageSize");
  }
  return finish(r, std::move(out), "CreateSessionResponse");
}

Result<ActivateSessionResponse> decode_activate_session_response(std::span<const uint8_t> b) {
  Reader r(b);
  ActivateSessionResponse out;
  bool fault = false;
  out.header = begin(r, ids::kActivateSessionResponse, "ActivateSessionResponse", fault);
  if (!fault) {
    out.server_nonce = r.byte_string("ActivateSessionResponse.ServerNonce");
    out.results = status_array(r, "ActivateSessionResponse.Results");
    r.skip_diagnostic_infos("ActivateSessionResponse.DiagnosticInfos");
  }
  return finish(r, std::move(out), "ActivateSessionResponse");
}

Result<ResponseHeader> decode_close_session_response(std::span<const uint8_t> b) {
  Reader r(b);
  bool fault = false;
  ResponseHeader h = begin(r, ids::kCloseSessionResponse, "CloseSessionResponse", fault);
  return finish(r, std::move(h), "CloseSessionResponse");
}

Result<BrowseResponse> decode_browse_response(std::span<const uint8_t> b) {
  Reader r(b);
  BrowseResponse out;
  auto type = peek_type_id(b);
  const uint32_t expected = type.ok() && *type == ids::kBrowseNextResponse
                                ? ids::kBrowseNextResponse
                                : ids::kBrowseResponse;
  bool fault = false;
  out.header = begin(r, expected, "BrowseResponse", fault);
  if (!fault) {
    out.results = r.array<BrowseResult>(
        "BrowseResponse.Results",
        [](Reader& rr) {
          BrowseResult br;
          br.status = rr.status("BrowseResult.StatusCode");
          br.continuation_point = rr.byte_string("BrowseResult.ContinuationPoint");
          br.references = rr.array<ReferenceDescription>(
              "BrowseResult.References",
              [](Reader& r3) {
                ReferenceDescription d;
                d.reference_type = r3.node_id("ReferenceDescription.ReferenceTypeId");
                d.is_forward = r3.boolean("ReferenceDescription.IsForward");
                d.node = r3.expanded_node_id("ReferenceDescription.NodeId");
                d.browse_name = r3.qualified_name("ReferenceDescription.BrowseName");
                d.display_name = r3.localized_text("ReferenceDescription.DisplayName");
                d.node_class = static_cast<NodeClass>(r3.i32("ReferenceDescription.NodeClass"));
                d.type_definition = r3.expanded_node_id("ReferenceDescription.TypeDefinition");
                return d;
              },
              16);
          return br;
        },
        12);
    r.skip_diagnostic_infos("BrowseResponse.DiagnosticInfos");
  }
  return finish(r, std::move(out), "BrowseResponse");
}

Result<ReadResponse> decode_read_response(std::span<const uint8_t> b) {
  Reader r(b);
  ReadResponse out;
  bool fault = false;
  out.header = begin(r, ids::kReadResponse, "ReadResponse", fault);
  if (!fault) {
    out.results = r.array<DataValue>(
        "ReadResponse.Results", [](Reader& rr) { return rr.data_value("ReadResponse.Results"); },
        1);
    r.skip_diagnostic_infos("ReadResponse.DiagnosticInfos");
  }
  return finish(r, std::move(out), "ReadResponse");
}

Result<CreateSubscriptionResponse> decode_create_subscription_response(std::span<const uint8_t> b) {
  Reader r(b);
  CreateSubscriptionResponse out;
  bool fault = false;
  out.header = begin(r, ids::kCreateSubscriptionResponse, "CreateSubscriptionResponse", fault);
  if (!fault) {
    out.subscription_id = r.u32("CreateSubscriptionResponse.SubscriptionId");
    out.revised_publishing_interval_ms = r.f64("CreateSubscriptionResponse.PublishingInterval");
    out.revised_lifetime_count = r.u32("CreateSubscriptionResponse.LifetimeCount");
    out.revised_max_keep_alive_count = r.u32("CreateSubscriptionResponse.MaxKeepAliveCount");
  }
  return finish(r, std::move(out), "CreateSubscriptionResponse");
}

Result<CreateMonitoredItemsResponse> decode_create_monitored_items_response(
    std::span<const uint8_t> b) {
  Reader r(b);
  CreateMonitoredItemsResponse out;
  bool fault = false;
  out.header = begin(r, ids::kCreateMonitoredItemsResponse, "CreateMonitoredItemsResponse", fault);
  if (!fault) {
    out.results = r.array<MonitoredItemCreateResult>(
        "CreateMonitoredItemsResponse.Results",
        [](Reader& rr) {
          MonitoredItemCreateResult m;
          m.status = rr.status("MonitoredItemCreateResult.StatusCode");
          m.monitored_item_id = rr.u32("MonitoredItemCreateResult.MonitoredItemId");
          m.revised_sampling_interval_ms = rr.f64("MonitoredItemCreateResult.SamplingInterval");
          m.revised_queue_size = rr.u32("MonitoredItemCreateResult.QueueSize");
          rr.extension_object("MonitoredItemCreateResult.FilterResult");
          return m;
        },
        23);
    r.skip_diagnostic_infos("CreateMonitoredItemsResponse.DiagnosticInfos");
  }
  return finish(r, std::move(out), "CreateMonitoredItemsResponse");
}

Result<PublishResponse> decode_publish_response(std::span<const uint8_t> b) {
  Reader r(b);
  PublishResponse out;
  bool fault = false;
  out.header = begin(r, ids::kPublishResponse, "PublishResponse", fault);
  if (!fault) {
    out.subscription_id = r.u32("PublishResponse.SubscriptionId");
    out.available_sequence_numbers = u32_array(r, "PublishResponse.AvailableSequenceNumbers");
    out.more_notifications = r.boolean("PublishResponse.MoreNotifications");
    out.message = notification_message(r);
    out.results = status_array(r, "PublishResponse.Results");
    r.skip_diagnostic_infos("PublishResponse.DiagnosticInfos");
  }
  return finish(r, std::move(out), "PublishResponse");
}

Result<RepublishResponse> decode_republish_response(std::span<const uint8_t> b) {
  Reader r(b);
  RepublishResponse out;
  bool fault = false;
  out.header = begin(r, ids::kRepublishResponse, "RepublishResponse", fault);
  if (!fault) out.message = notification_message(r);
  return finish(r, std::move(out), "RepublishResponse");
}

Result<TransferSubscriptionsResponse> decode_transfer_subscriptions_response(
    std::span<const uint8_t> b) {
  Reader r(b);
  TransferSubscriptionsResponse out;
  bool fault = false;
  out.header =
      begin(r, ids::kTransferSubscriptionsResponse, "TransferSubscriptionsResponse", fault);
  if (!fault) {
    out.results = r.array<TransferResult>(
        "TransferSubscriptionsResponse.Results",
        [](Reader& rr) {
          TransferResult t;
          t.status = rr.status("TransferResult.StatusCode");
          t.available_sequence_numbers = u32_array(rr, "TransferResult.AvailableSequenceNumbers");
          return t;
        },
        8);
    r.skip_diagnostic_infos("TransferSubscriptionsResponse.DiagnosticInfos");
  }
  return finish(r, std::move(out), "TransferSubscriptionsResponse");
}

}  // namespace kerf::ingest::opcua
