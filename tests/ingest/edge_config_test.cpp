#include <gtest/gtest.h>

#include "kerf/ingest/edge_gateway.h"

namespace kerf::ingest {
namespace {

std::vector<std::string> fields_of(const std::string& toml) {
  auto parsed = parse_edge_config(toml);
  EXPECT_FALSE(parsed.ok());
  std::vector<std::string> out;
  if (!parsed.ok()) {
    for (const auto& f : parsed.error().fields) out.push_back(f.field);
  }
  return out;
}

TEST(EdgeConfigTest, AValidFileGivesEverySource) {
  auto c = parse_edge_config(R"(
[edge]
id = "cell-2"
buffer_dir = "/var/lib/kerf-edge"
buffer_max_mb = 64
[central]
mqtt_url = "tcp://kerf:1883"
plant = "main"
[[mtconnect]]
agent_url = "http://10.0.4.21:5000"
machines = { OKUMA = "LAS-6K" }
[[opcua]]
endpoint = "opc.tcp://10.0.4.30:4840"
machines = ["PUN-TP30"]
)");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->id, "cell-2");
  EXPECT_EQ(c->buffer_max_bytes, 64ull << 20);
  ASSERT_EQ(c->mtconnect.size(), 1u);
  EXPECT_EQ(c->mtconnect[0].machines.at("OKUMA"), "LAS-6K");
  ASSERT_EQ(c->opcua.size(), 1u);
  EXPECT_EQ(c->opcua[0].machines, std::vector<std::string>{"PUN-TP30"});
}

TEST(EdgeConfigTest, ErrorsNameTheKey) {
  EXPECT_EQ(fields_of("[edge]\nbuffer_dir = \"x\"\n[central]\nmqtt_url = \"tcp://h:1\"\n"
                      "[[opcua]]\nendpoint = \"opc.tcp://h:1\"\n"),
            std::vector<std::string>{"edge.id"});
  EXPECT_EQ(fields_of("[edge]\nid = \"a b\"\nbuffer_dir = \"x\"\n[central]\nmqtt_url = "
                      "\"http://h\"\n[[opcua]]\nendpoint = \"opc.tcp://h:1\"\n"),
            (std::vector<std::string>{"edge.id", "central.mqtt_url"}));
  EXPECT_EQ(fields_of("[edge]\nid = \"a\"\nbuffer_dir = \"x\"\nbuffer_max_mb = 0\n[central]\n"
                      "mqtt_url = \"tcp://h:1\"\n[[opcua]]\nendpoint = \"http://h\"\n"),
            (std::vector<std::string>{"edge.buffer_max_mb", "opcua[0].endpoint"}));
  EXPECT_EQ(fields_of("[edge]\nid = \"a\"\nbuffer_dir = \"x\"\n[central]\nmqtt_url = "
                      "\"tcp://h:1\"\n"),
            std::vector<std::string>{"mtconnect"});
  EXPECT_EQ(fields_of("[edge\n"), std::vector<std::string>{"config"});
}

}  // namespace
}  // namespace kerf::ingest
