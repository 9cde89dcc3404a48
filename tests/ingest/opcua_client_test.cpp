// The OPC UA client against the real node-opcua punch simulator (tests/fakes/opcua_punch):
// channel + session (anonymous and user name), browse, read, chunked responses, wrong password.
#include <gtest/gtest.h>

#include <algorithm>
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
