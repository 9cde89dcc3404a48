// OPC UA binary codec, framing and node mapping on byte vectors (no server).
#include <gtest/gtest.h>

#include <vector>

#include "kerf/ingest/opcua/binary.h"
#include "kerf/ingest/opcua/chunks.h"
#include "kerf/ingest/opcua/client.h"
#include "kerf/ingest/opcua/messages.h"
#include "kerf/ingest/opcua/node_mapping.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest::opcua {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes encoded(const NodeId& id) {
  Writer w;
  w.node_id(id);
  return w.take();
}

TEST(OpcUaBinary, NodeIdFormsMatchTheSpecExamples) {
  EXPECT_EQ(encoded(NodeId::numeric(0, 72)), (Bytes{0x00, 0x48}));
  EXPECT_EQ(encoded(NodeId::numeric(5, 1025)), (Bytes{0x01, 0x05, 0x01, 0x04}));
  EXPECT_EQ(encoded(NodeId::numeric(1, 70000)), (Bytes{0x02, 0x01, 0x00, 0x70, 0x11, 0x01, 0x00}));
  // OPC 10000-6 §5.2.2.9 example: ns=1;s=Hot水
  EXPECT_EQ(encoded(NodeId::string(1, "Hot\xE6\xB0\xB4")),
            (Bytes{0x03, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x48, 0x6F, 0x74, 0xE6, 0xB0, 0xB4}));
  for (const NodeId& id :
       {NodeId::numeric(0, 72), NodeId::numeric(5, 1025), NodeId::string(1, "PUN-1.StrokeCount"),
        NodeId{3, std::vector<uint8_t>{1, 2, 3}},
        NodeId{
            2,
            Guid{0x72962B91, 0xFA75, 0x4AE6, {0x8D, 0x28, 0xB4, 0x04, 0xDC, 0x7D, 0xAF, 0x63}}}}) {
    Bytes b = encoded(id);
    Reader r(b);
    EXPECT_EQ(r.node_id("id"), id) << to_string(id);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.remaining(), 0u);
  }
  EXPECT_EQ(to_string(NodeId::string(1, "PUN-1.Alarm")), "ns=1;s=PUN-1.Alarm");
  EXPECT_EQ(to_string(NodeId::numeric(0, 85)), "i=85");
}

TEST(OpcUaBinary, StringsAndNulls) {
  Writer w;
  w.string("ab");
  w.null_string();
  EXPECT_EQ(w.bytes(), (Bytes{2, 0, 0, 0, 'a', 'b', 0xFF, 0xFF, 0xFF, 0xFF}));
  Reader r(w.bytes());
  EXPECT_EQ(r.string("a"), "ab");
  bool null = false;
  EXPECT_EQ(r.string("b", &null), "");
  EXPECT_TRUE(null);
  EXPECT_TRUE(r.ok());
}

TEST(OpcUaBinary, VariantAndDataValue) {
  Writer w;
  w.variant(Variant::of(BuiltinType::kInt32, int64_t{5}));
  EXPECT_EQ(w.bytes(), (Bytes{0x06, 0x05, 0x00, 0x00, 0x00}));

  DataValue dv;
  dv.value = Variant::of(BuiltinType::kUInt32, uint64_t{1234});
  dv.status = 0x40000000;
  dv.source_timestamp = unix_ms_to_datetime(1700000000123);
  dv.server_timestamp = unix_ms_to_datetime(1700000000456);
  Variant arr;
  arr.type = BuiltinType::kString;
  arr.is_array = true;
  arr.array = {std::string("x"), std::string("yz")};
  arr.dimensions = {2};
  Writer w2;
  w2.data_value(dv);
  w2.variant(arr);
  Reader r(w2.bytes());
  DataValue back = r.data_value("dv");
  Variant arr_back = r.variant("arr");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(back, dv);
  EXPECT_EQ(arr_back, arr);
  EXPECT_EQ(datetime_to_unix_ms(back.source_timestamp), 1700000000123);
  EXPECT_EQ(w2.bytes()[0], 0x01 | 0x02 | 0x04 | 0x08);
}

TEST(OpcUaBinary, MalformedInputLatchesAnErrorNamingTheField) {
  Bytes truncated{0x0C, 0x05, 0x00, 0x00, 0x00, 'a'};  // String Variant, 5 bytes announced
  Reader r(truncated);
  r.variant("ReadResponse.Results");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("ReadResponse.Results"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("truncated"), std::string::npos) << r.error();

  Bytes bad_type{0x3F};  // Variant type 63
  Reader r2(bad_type);
  r2.variant("v");
  EXPECT_NE(r2.error().find("unknown Variant type 63"), std::string::npos);

  Bytes huge_array{0x86, 0xFF, 0xFF, 0xFF, 0x7F};  // Int32 array of 2^31-1 elements
  Reader r3(huge_array);
  r3.variant("v");
  EXPECT_FALSE(r3.ok());

  // DiagnosticInfo nested deeper than the limit.
  Bytes deep(100, 0x40);
  Reader r4(deep);
  r4.diagnostic_info("d");
  EXPECT_NE(r4.error().find("nested too deeply"), std::string::npos) << r4.error();
}

TEST(OpcUaFraming, HelloAndAcknowledge) {
  TransportLimits mine{8192, 8192, 1 << 20, 16};
  Bytes hello = encode_hello(mine, "opc.tcp://h:1");
  ASSERT_GE(hello.size(), 8u);
  EXPECT_EQ(std::string(hello.begin(), hello.begin() + 4), "HELF");
  EXPECT_EQ(hello[4] | (hello[5] << 8), static_cast<int>(hello.size()));
  auto limits = decode_acknowledge(encode_acknowledge(mine));
  ASSERT_TRUE(limits.ok());
  EXPECT_EQ(limits->max_chunk_count, 16u);
  TransportLimits tiny{1024, 1024, 0, 0};
  EXPECT_FALSE(decode_acknowledge(encode_acknowledge(tiny)).ok());

  Writer err;
  for (char c : std::string("ERRF")) err.u8(static_cast<uint8_t>(c));
  err.u32(0);
  err.u32(0x807E0000);
  err.string("too many");
  err.patch_u32(4, static_cast<uint32_t>(err.size()));
  auto refused = decode_acknowledge(err.bytes());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("too many"), std::string::npos);
}

TEST(OpcUaFraming, ChunksAndReassemblesLargeMessages) {
  NoneSecurityPolicy none;
  TransportLimits peer{8192, 8192, 0, 0};
  Bytes body(20000);
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<uint8_t>(i * 7);
  uint32_t seq = 10;
  auto chunks = encode_chunks("MSG", {5, 6}, 99, body, peer, none, seq);
  ASSERT_TRUE(chunks.ok());
  ASSERT_EQ(chunks->size(), 3u);
  EXPECT_EQ(seq, 13u);
  EXPECT_EQ((*chunks)[0][3], 'C');
  EXPECT_EQ((*chunks)[2][3], 'F');
  for (const auto& c : *chunks) EXPECT_LE(c.size(), 8192u);

  ChunkAssembler assembler({8192, 8192, 0, 0}, none);
  for (std::size_t i = 0; i < 2; ++i) {
    auto r = assembler.feed((*chunks)[i]);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
  }
  auto done = assembler.feed((*chunks)[2]);
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE(done->has_value());
  EXPECT_EQ((*done)->request_id, 99u);
  EXPECT_EQ((*done)->channel_id, 5u);
  EXPECT_EQ((*done)->token_id, 6u);
  EXPECT_EQ((*done)->body, body);

  // Limits: the peer's chunk count and message size; ours on reassembly.
  uint32_t s2 = 1;
  EXPECT_FALSE(encode_chunks("MSG", {5, 6}, 1, body, {8192, 8192, 0, 2}, none, s2).ok());
  EXPECT_FALSE(encode_chunks("MSG", {5, 6}, 1, body, {8192, 8192, 10000, 0}, none, s2).ok());
  ChunkAssembler strict({8192, 8192, 0, 2}, none);
  uint32_t s3 = 1;
  auto again = encode_chunks("MSG", {5, 6}, 7, body, peer, none, s3);
  ASSERT_TRUE(strict.feed((*again)[0]).ok());
  ASSERT_TRUE(strict.feed((*again)[1]).ok());
  auto over = strict.feed((*again)[2]);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kTooLarge);
}

TEST(OpcUaFraming, AbortChunkDiscardsOnlyItsRequest) {
  NoneSecurityPolicy none;
  TransportLimits peer{8192, 8192, 0, 0};
  uint32_t seq = 1;
  Bytes big(10000, 0xAB);
  auto first = encode_chunks("MSG", {1, 1}, 1, big, peer, none, seq);
  ChunkAssembler assembler({8192, 8192, 0, 0}, none);
  ASSERT_TRUE(assembler.feed((*first)[0]).ok());
  Writer abort_body;
  abort_body.u32(0x80080000);
  abort_body.string("response too large");
  seq = 2;  // the abort replaces the second chunk of request 1
  auto abort = encode_chunks("MSG", {1, 1}, 1, abort_body.bytes(), peer, none, seq);
  (*abort)[0][3] = 'A';
  auto r = assembler.feed((*abort)[0]);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(assembler.last_error_was_abort());
  EXPECT_NE(r.error().message.find("response too large"), std::string::npos);
  auto next = encode_chunks("MSG", {1, 1}, 2, Bytes{1, 2, 3}, peer, none, seq);
  auto ok = assembler.feed((*next)[0]);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->body, (Bytes{1, 2, 3}));
  // A skipped sequence number breaks the channel.
  seq += 5;
  auto gap = encode_chunks("MSG", {1, 1}, 3, Bytes{1}, peer, none, seq);
  EXPECT_FALSE(assembler.feed((*gap)[0]).ok());
}

// A PublishResponse body as a server would encode it, with one DataChangeNotification.
Bytes publish_response_body(uint32_t sequence, uint32_t handle, const DataValue& dv) {
  Writer n;
  n.i32(1);
  n.u32(handle);
  n.data_value(dv);
  n.i32(0);  // DiagnosticInfos
  Writer w;
  w.node_id(NodeId::numeric(0, ids::kPublishResponse));
  w.datetime(0);
  w.u32(7);
  w.u32(0);
  w.u8(0);  // ServiceDiagnostics
  w.i32(0);
  w.extension_object({});
  w.u32(42);  // SubscriptionId
  w.i32(2);
  w.u32(sequence);
  w.u32(sequence + 1);
  w.boolean(false);
  w.u32(sequence);
  w.datetime(unix_ms_to_datetime(1700000000000));
  w.i32(1);
  ExtensionObject e{NodeId::numeric(0, ids::kDataChangeNotification), 1, n.take()};
  w.extension_object(e);
  w.i32(0);  // Results
  w.i32(0);  // DiagnosticInfos
  return w.take();
}

TEST(OpcUaMessages, DecodesAPublishResponseWithDataChanges) {
  DataValue dv;
  dv.value = Variant::of(BuiltinType::kUInt32, uint64_t{77});
  dv.source_timestamp = unix_ms_to_datetime(1700000000500);
  auto resp = decode_publish_response(publish_response_body(5, 3, dv));
  ASSERT_TRUE(resp.ok()) << resp.error().fields.at(0).message;
  EXPECT_EQ(resp->subscription_id, 42u);
  EXPECT_EQ(resp->available_sequence_numbers, (std::vector<uint32_t>{5, 6}));
  EXPECT_EQ(resp->message.sequence_number, 5u);
  ASSERT_EQ(resp->message.data_changes.size(), 1u);
  EXPECT_EQ(resp->message.data_changes[0].client_handle, 3u);
  EXPECT_EQ(resp->message.data_changes[0].value, dv);
  EXPECT_FALSE(resp->message.keep_alive());

  Bytes cut = publish_response_body(5, 3, dv);
  cut.resize(cut.size() - 12);
  auto bad = decode_publish_response(cut);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "PublishResponse");
}

TEST(OpcUaMessages, ServiceFaultDecodesAsABadServiceResult) {
  Writer w;
  w.node_id(NodeId::numeric(0, ids::kServiceFault));
  w.datetime(0);
  w.u32(1);
  w.u32(status::kBadSessionIdInvalid);
  w.u8(0);
  w.i32(-1);
  w.extension_object({});
  auto r = decode_read_response(w.bytes());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->header.service_result, status::kBadSessionIdInvalid);
  EXPECT_EQ(status_name(r->header.service_result), "BadSessionIdInvalid");
}

TEST(OpcUaMessages, RequestsStartWithTheirEncodingId) {
  ReadRequest read;
  read.nodes.push_back({NodeId::string(1, "PUN-1.StrokeCount")});
  EXPECT_EQ(*peek_type_id(encode(read)), ids::kReadRequest);
  EXPECT_EQ(*peek_type_id(encode(PublishRequest{})), ids::kPublishRequest);
  EXPECT_EQ(*peek_type_id(encode(ActivateSessionRequest{})), ids::kActivateSessionRequest);
}

TEST(OpcUaNodeMapping, MapsPunchVariablesToSignals) {
  EXPECT_STREQ(signal_for_variable("StrokeCount"), signals::kStrokeCount);
  EXPECT_STREQ(signal_for_variable("ToolNumber"), signals::kToolNumber);
  EXPECT_EQ(signal_for_variable("Temperature"), nullptr);

  DataValue dv;
  dv.value = Variant::of(BuiltinType::kUInt32, uint64_t{12});
  dv.server_timestamp = unix_ms_to_datetime(1700000000000);
  auto s = to_sample("PUN-1", signals::kStrokeCount, dv, 5, "opcua:x");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->value, Value(int64_t{12}));
  EXPECT_EQ(s->ts_ms, 1700000000000);
  EXPECT_EQ(s->quality, Quality::kGood);

  dv.value = Variant::of(BuiltinType::kString, std::string("E7"));
  EXPECT_EQ(to_sample("PUN-1", signals::kAlarm, dv, 5, "x")->value,
            Value(std::string("FAULT|E7|")));
  dv.value = Variant::of(BuiltinType::kString, std::string(""));
  EXPECT_EQ(to_sample("PUN-1", signals::kAlarm, dv, 5, "x")->value, Value(std::string("NORMAL||")));

  DataValue bad;
  bad.status = status::kBadNodeIdUnknown;
  auto u = to_sample("PUN-1", signals::kRunning, bad, 5, "x");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->quality, Quality::kUnavailable);
  EXPECT_EQ(u->ts_ms, 5);

  DataValue wrong;
  wrong.value = Variant::of(BuiltinType::kString, std::string("yes"));
  auto w = to_sample("PUN-1", signals::kRunning, wrong, 5, "x");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().fields.at(0).field, "running");
}

TEST(OpcUaClientUrl, ParsesEndpointUrls) {
  auto a = parse_endpoint_url("opc.tcp://127.0.0.1:4841/punch");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 4841);
  EXPECT_EQ(parse_endpoint_url("opc.tcp://plc")->port, 4840);
  EXPECT_FALSE(parse_endpoint_url("opc.tcp://plc:99999").ok());
  EXPECT_FALSE(parse_endpoint_url("tcp://plc:1").ok());
}

}  // namespace
}  // namespace kerf::ingest::opcua
