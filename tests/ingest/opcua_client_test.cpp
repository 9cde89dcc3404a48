// The OPC UA client against the real node-opcua punch simulator (tests/fakes/opcua_punch):
// channel + session (anonymous and user name), browse, read, chunked responses, wrong password.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "kerf/ingest/opcua/client.h"
#include "support/opcua_sim.h"

namespace kerf::ingest::opcua {
namespace {

using kerf::testing::OpcUaSim;

ClientOptions options_for(const OpcUaSim& sim) {
  ClientOptions o;
  o.endpoint_url = sim.endpoint();
  return o;
}

std::vector<std::string> names(const std::vector<ReferenceDescription>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.browse_name.name);
  return out;
}

TEST(OpcUaClient, ConnectsAnonymouslyBrowsesAndReads) {
  OpcUaSim sim({"--machines", "PUN-1,PUN-2"});
  sim.command({{"cmd", "set"}, {"machine", "PUN-1"}, {"program", "NEST-42"}, {"tool", "T-07"}});
  Client client(options_for(sim));
  Status s = client.connect();
  ASSERT_TRUE(s.ok()) << s.error().message << "\n" << sim.log();

  auto objects = client.browse(NodeId::numeric(0, ids::kObjectsFolder));
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  auto folders = names(*objects);
  EXPECT_NE(std::find(folders.begin(), folders.end(), "PUN-1"), folders.end());
  EXPECT_NE(std::find(folders.begin(), folders.end(), "PUN-2"), folders.end());

  auto vars = client.browse(NodeId::string(1, "PUN-1"));
  ASSERT_TRUE(vars.ok()) << vars.error().message;
  auto var_names = names(*vars);
  for (const char* want : {"StrokeCount", "Running", "StrokesPerMinute", "Program", "ToolNumber",
                           "Tonnage", "Alarm"}) {
    EXPECT_NE(std::find(var_names.begin(), var_names.end(), want), var_names.end()) << want;
  }

  auto values = client.read({{NodeId::string(1, "PUN-1.Program")},
                             {NodeId::string(1, "PUN-1.ToolNumber")},
                             {NodeId::string(1, "PUN-1.Running")},
                             {NodeId::string(1, "PUN-1.StrokeCount")},
                             {NodeId::string(1, "PUN-1.NoSuchVariable")}});
  ASSERT_TRUE(values.ok()) << values.error().message;
  ASSERT_EQ(values->size(), 5u);
  ASSERT_TRUE((*values)[0].value.has_value());
  EXPECT_EQ(std::get<std::string>((*values)[0].value->scalar), "NEST-42");
  EXPECT_EQ(std::get<std::string>((*values)[1].value->scalar), "T-07");
  EXPECT_EQ((*values)[2].value->type, BuiltinType::kBoolean);
  EXPECT_EQ((*values)[3].value->type, BuiltinType::kUInt32);
  EXPECT_TRUE(is_bad((*values)[4].status));
  client.disconnect();
}

TEST(OpcUaClient, ConnectsWithUserNameAndPassword) {
  OpcUaSim sim({"--user", "shop:s3cret"});
  ClientOptions o = options_for(sim);
  o.user = "shop";
  o.password = "s3cret";
  Client client(o);
  Status s = client.connect();
  ASSERT_TRUE(s.ok()) << s.error().message << "\n" << sim.log();
  auto values = client.read({{NodeId::string(1, "PUN-1.Program")}});
  ASSERT_TRUE(values.ok()) << values.error().message;
  EXPECT_EQ(std::get<std::string>((*values)[0].value->scalar), "PRG-100");
}

TEST(OpcUaClient, WrongPasswordIsAClearError) {
  OpcUaSim sim({"--user", "shop:s3cret"});
  ClientOptions o = options_for(sim);
  o.user = "shop";
  o.password = "wrong";
  Client client(o);
  Status s = client.connect();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated) << s.error().message;
  EXPECT_NE(s.error().message.find("ActivateSession"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("user 'shop'"), std::string::npos) << s.error().message;
}

TEST(OpcUaClient, ReassemblesLargeResponsesFromSmallChunks) {
  // Forty punches and the smallest receive buffer a client may announce (8192 bytes): browsing
  // and reading them all needs responses of many chunks, and the request of many chunks too.
  std::string machines;
  for (int i = 1; i <= 40; ++i) machines += (i > 1 ? "," : "") + ("PUN-" + std::to_string(i));
  OpcUaSim sim({"--machines", machines});
  ClientOptions o = options_for(sim);
  o.limits.receive_buffer_size = 8192;
  o.limits.send_buffer_size = 8192;
  Client client(o);
  Status s = client.connect();
  ASSERT_TRUE(s.ok()) << s.error().message << "\n" << sim.log();

  auto objects = client.browse(NodeId::numeric(0, ids::kObjectsFolder));
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  EXPECT_GE(objects->size(), 40u);

  std::vector<ReadValueId> nodes;
  for (int i = 1; i <= 40; ++i) {
    for (const char* v : {"StrokeCount", "Running", "StrokesPerMinute", "Program", "ToolNumber",
                          "Tonnage", "Alarm"}) {
      for (AttributeId a :
           {AttributeId::kValue, AttributeId::kBrowseName, AttributeId::kDisplayName}) {
        nodes.push_back({NodeId::string(1, "PUN-" + std::to_string(i) + "." + v), a});
      }
    }
  }
  const uint64_t chunks_before = client.stats().chunks_received;
  const uint64_t sent_before = client.stats().chunks_sent;
  auto values = client.read(nodes);
  ASSERT_TRUE(values.ok()) << values.error().message;
  ASSERT_EQ(values->size(), nodes.size());
  for (std::size_t i = 0; i < values->size(); ++i) {
    ASSERT_FALSE(is_bad((*values)[i].status))
        << to_string(nodes[i].node) << " " << status_name((*values)[i].status);
  }
  EXPECT_EQ(std::get<QualifiedName>((*values)[1].value->scalar).name, "StrokeCount");
  EXPECT_GT(client.stats().chunks_received - chunks_before, 1u) << "response was not chunked";
  EXPECT_GT(client.stats().chunks_sent - sent_before, 1u) << "request was not chunked";
  EXPECT_GT(client.stats().largest_message, 8192u);
}

TEST(OpcUaClient, ConnectionRefusedIsUnavailable) {
  ClientOptions o;
  o.endpoint_url = "opc.tcp://127.0.0.1:1";
  Client client(o);
  Status s = client.connect();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace kerf::ingest::opcua

namespace kerf::ingest::opcua {
namespace {

TEST(OpcUaClient, SubscriptionTransfersToANewSessionAndRepublishes) {
  // A subscription moves only between sessions of the same user (and, over SecurityPolicy
  // None, never for anonymous ones: OPC 10000-4 §5.13.7), so both sessions log in as "shop".
  kerf::testing::OpcUaSim sim({"--spm", "0", "--user", "shop:pw"});
  ClientOptions o;
  o.endpoint_url = sim.endpoint();
  o.user = "shop";
  o.password = "pw";
  Client first(o);
  ASSERT_TRUE(first.connect().ok());
  CreateSubscriptionRequest sub_req;
  sub_req.publishing_interval_ms = 100;
  auto sub = first.create_subscription(sub_req);
  ASSERT_TRUE(sub.ok()) << sub.error().message;
  MonitoredItemCreateRequest item;
  item.item.node = NodeId::string(1, "PUN-1.StrokeCount");
  item.client_handle = 1;
  auto items = first.create_monitored_items(sub->subscription_id, {item});
  ASSERT_TRUE(items.ok()) << items.error().message;
  ASSERT_FALSE(is_bad((*items)[0].status));
  // The first notification carries the initial value; keep it unacknowledged.
  auto pub = first.publish({}, std::chrono::milliseconds(5000));
  ASSERT_TRUE(pub.ok()) << pub.error().message;
  ASSERT_EQ(pub->message.data_changes.size(), 1u);
  const uint32_t seq = pub->message.sequence_number;
  EXPECT_NE(std::find(pub->available_sequence_numbers.begin(),
                      pub->available_sequence_numbers.end(), seq),
            pub->available_sequence_numbers.end());

  // Republish on the same session returns the same message.
  auto again = first.republish(sub->subscription_id, seq);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->data_changes.size(), 1u);
  auto missing = first.republish(sub->subscription_id, seq + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(first.last_status(), status::kBadMessageNotAvailable);

  // A second session takes the subscription over.
  Client second(o);
  ASSERT_TRUE(second.connect().ok());
  auto moved = second.transfer_subscriptions({sub->subscription_id}, true);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  ASSERT_EQ(moved->size(), 1u);
  ASSERT_FALSE(is_bad((*moved)[0].status)) << status_name((*moved)[0].status);
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 4}});
  bool saw = false;
  for (int i = 0; i < 20 && !saw; ++i) {
    auto p = second.publish({}, std::chrono::milliseconds(5000));
    ASSERT_TRUE(p.ok()) << p.error().message;
    for (const auto& dc : p->message.data_changes) {
      if (dc.value.value && std::get<uint64_t>(dc.value.value->scalar) == 4) saw = true;
    }
  }
  EXPECT_TRUE(saw);
}

}  // namespace
}  // namespace kerf::ingest::opcua
