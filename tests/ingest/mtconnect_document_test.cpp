// The MTConnect client's pure parts: document parsing, multipart framing and signal mapping,
// on the real fixtures and hand-written documents (no sockets).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kerf/ingest/mtconnect/document.h"
#include "kerf/ingest/mtconnect/mapping.h"
#include "kerf/ingest/mtconnect/multipart.h"
#include "kerf/ingest/signals.h"
#include "support/fake_agent.h"

namespace kerf::ingest::mtconnect {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(kerf::testing::mtconnect_fixtures_dir() + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string streams_doc(const std::string& body, uint64_t instance = 7, uint64_t next = 20) {
  return "<?xml version=\"1.0\"?><MTConnectStreams "
         "xmlns=\"urn:mtconnect.org:MTConnectStreams:2.7\">"
         "<Header creationTime=\"2026-01-01T00:00:00Z\" sender=\"x\" instanceId=\"" +
         std::to_string(instance) + "\" version=\"2.7\" bufferSize=\"64\" firstSequence=\"1\" " +
         "lastSequence=\"" + std::to_string(next - 1) + "\" nextSequence=\"" +
         std::to_string(next) + "\"/><Streams><DeviceStream name=\"OKUMA\" uuid=\"u\">" +
         "<ComponentStream component=\"Path\" componentId=\"p\">" + body +
         "</ComponentStream></DeviceStream></Streams></MTConnectStreams>";
}

TEST(MtconnectDocument, ParsesTheFixtureProbe) {
  auto model = parse_devices(read_fixture("Devices.xml"));
  ASSERT_TRUE(model.ok()) << model.error().message;
  EXPECT_EQ(model->devices, (std::vector<std::string>{"OKUMA", "Mazak"}));
  const DataItemInfo* exec = model->find("Lpexecution");
  ASSERT_NE(exec, nullptr);
  EXPECT_EQ(exec->type, "EXECUTION");
  EXPECT_EQ(exec->name, "pexecution");
  EXPECT_EQ(exec->category, "EVENT");
  EXPECT_EQ(exec->device_name, "OKUMA");
  EXPECT_EQ(exec->device_uuid, "OKUMA.123456");
  EXPECT_EQ(model->items.size(), 216u);
}

TEST(MtconnectDocument, ParsesOlderDeviceDocuments) {
  for (const char* f : {"haas.xml", "fanuc.xml", "two_devices.xml"}) {
    auto model = parse_devices(read_fixture(f));
    ASSERT_TRUE(model.ok()) << f << ": " << model.error().message;
    EXPECT_FALSE(model->items.empty()) << f;
  }
}

TEST(MtconnectDocument, RejectsBrokenProbes) {
  EXPECT_FALSE(parse_devices("<not xml").ok());
  EXPECT_FALSE(parse_devices("<MTConnectStreams/>").ok());
  auto dup = parse_devices(
      "<MTConnectDevices><Header instanceId=\"1\"/><Devices><Device name=\"D\" uuid=\"u\">"
      "<DataItems><DataItem id=\"a\" type=\"EXECUTION\" category=\"EVENT\"/>"
      "<DataItem id=\"a\" type=\"PROGRAM\" category=\"EVENT\"/></DataItems></Device></Devices>"
      "</MTConnectDevices>");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().fields.at(0).field, "DataItem.id");
}

TEST(MtconnectDocument, ParsesStreamsWithHeaderObservationsAndConditions) {
  auto doc = parse_streams(streams_doc(
      "<Events><Execution dataItemId=\"x\" timestamp=\"2022-08-08T13:51:34.7167146Z\" "
      "sequence=\"5\">ACTIVE</Execution><PartCount dataItemId=\"pc\" "
      "timestamp=\"2022-08-08T13:51:35Z\" sequence=\"6\">UNAVAILABLE</PartCount></Events>"
      "<Condition><Fault dataItemId=\"sys\" type=\"SYSTEM\" nativeCode=\"E12\" "
      "timestamp=\"2022-08-08T13:51:36.5Z\" sequence=\"7\">Spindle overheat</Fault></Condition>"));
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  auto& s = std::get<StreamsDocument>(*doc);
  EXPECT_EQ(s.header.instance_id, 7u);
  EXPECT_EQ(s.header.next_sequence, 20u);
  EXPECT_EQ(s.header.buffer_size, 64u);
  ASSERT_EQ(s.observations.size(), 3u);
  EXPECT_EQ(s.observations[0].element, "Execution");
  EXPECT_EQ(s.observations[0].value, "ACTIVE");
  EXPECT_EQ(s.observations[0].sequence, 5u);
  EXPECT_EQ(s.observations[0].ts_ms, 1659966694716);
  EXPECT_EQ(s.observations[2].level, "FAULT");
  EXPECT_EQ(s.observations[2].native_code, "E12");
  EXPECT_EQ(s.observations[2].value, "Spindle overheat");
}

TEST(MtconnectDocument, RejectsMalformedObservationsButKeepsTheRest) {
  auto doc = parse_streams(streams_doc(
      "<Events><Execution dataItemId=\"x\" timestamp=\"yesterday\" sequence=\"5\">ACTIVE"
      "</Execution><Execution dataItemId=\"x\" timestamp=\"2022-08-08T13:51:35Z\" "
      "sequence=\"-1\">READY</Execution><Program dataItemId=\"p\" "
      "timestamp=\"2022-08-08T13:51:35Z\" sequence=\"9\">O100</Program></Events>"));
  ASSERT_TRUE(doc.ok());
  auto& s = std::get<StreamsDocument>(*doc);
  EXPECT_EQ(s.observations.size(), 1u);
  EXPECT_EQ(s.rejected.size(), 2u);
}

TEST(MtconnectDocument, HeaderWithoutNextSequenceIsAnError) {
  auto doc = parse_streams(
      "<MTConnectStreams><Header instanceId=\"1\" firstSequence=\"1\" lastSequence=\"2\"/>"
      "<Streams/></MTConnectStreams>");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().fields.at(0).field, "Header.nextSequence");
}

TEST(MtconnectDocument, ReadsErrorDocumentsOfBothGenerations) {
  auto v2 = parse_streams(
      "<MTConnectError><Header instanceId=\"3\"/><Errors><OutOfRange><URI>/sample</URI>"
      "<ErrorMessage>too old</ErrorMessage></OutOfRange></Errors></MTConnectError>");
  ASSERT_TRUE(v2.ok());
  auto& e2 = std::get<ErrorDocument>(*v2);
  EXPECT_TRUE(e2.has("OUT_OF_RANGE"));
  EXPECT_EQ(e2.errors[0].message, "too old");
  auto v1 = parse_streams(
      "<MTConnectError><Header instanceId=\"3\"/><Errors><Error errorCode=\"NO_DEVICE\">"
      "no such device</Error></Errors></MTConnectError>");
  ASSERT_TRUE(v1.ok());
  auto& e1 = std::get<ErrorDocument>(*v1);
  EXPECT_TRUE(e1.has("NO_DEVICE"));
  EXPECT_EQ(e1.errors[0].message, "no such device");
}

TEST(MtconnectMultipart, SplitsPartsFedByteByByteIncludingHeartbeats) {
  std::string part = streams_doc("");
  std::string wire =
      "--B1\r\nContent-type: text/xml\r\nContent-length: " + std::to_string(part.size()) +
      "\r\n\r\n" + part + "\r\n" +
      "--B1\r\nContent-type: text/xml\r\nContent-length: 0\r\n\r\n\r\n" +
      "--B1\r\nContent-type: text/xml\r\n\r\n<x/>\r\n--B1--\r\n";
  MultipartReader reader("B1");
  std::vector<std::string> parts;
  for (char c : wire) {
    reader.feed(std::string_view(&c, 1));
    for (;;) {
      auto p = reader.next();
      ASSERT_TRUE(p.ok()) << p.error().message;
      if (!*p) break;
      parts.push_back(**p);
    }
  }
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], part);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "<x/>");
}

TEST(MtconnectMultipart, BoundaryAndBadLengths) {
  auto b = multipart_boundary("multipart/mixed; boundary=\"abc\"");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "abc");
  EXPECT_TRUE(multipart_boundary("multipart/x-mixed-replace;boundary=z").ok());
  EXPECT_FALSE(multipart_boundary("text/xml").ok());
  MultipartReader reader("B");
  reader.feed("--B\r\nContent-length: lots\r\n\r\nxx");
  EXPECT_FALSE(reader.next().ok());
}

class MtconnectMapping : public ::testing::Test {
 protected:
  MtconnectMapping() : mapper_({{"OKUMA", "LAS-1"}}, "mtconnect:test") {
    model_.items = {{"x", "pexecution", "EXECUTION", "", "EVENT", "OKUMA", "u"},
                    {"pc", "ppartcount", "PART_COUNT", "", "EVENT", "OKUMA", "u"},
                    {"load", "S1load", "LOAD", "", "SAMPLE", "OKUMA", "u"}};
    for (size_t i = 0; i < model_.items.size(); ++i) model_.by_id[model_.items[i].id] = i;
  }
  std::vector<Sample> map(const std::string& body, bool current = false) {
    auto doc = parse_streams(streams_doc(body));
    EXPECT_TRUE(doc.ok());
    auto& s = std::get<StreamsDocument>(*doc);
    return current ? mapper_.map_current(s, model_) : mapper_.map_sample(s, model_);
  }
  DeviceModel model_;
  SampleMapper mapper_;
};

TEST_F(MtconnectMapping, MapsStateSignalsCountsAndUnavailable) {
  auto out =
      map("<Samples><Load dataItemId=\"load\" timestamp=\"2022-08-08T13:51:35Z\" sequence=\"4\">"
          "12</Load></Samples><Events><Execution dataItemId=\"x\" "
          "timestamp=\"2022-08-08T13:51:35Z\" sequence=\"5\">ACTIVE</Execution>"
          "<PartCount dataItemId=\"pc\" timestamp=\"2022-08-08T13:51:35Z\" sequence=\"6\">42"
          "</PartCount><PartCount dataItemId=\"pc\" timestamp=\"2022-08-08T13:51:36Z\" "
          "sequence=\"7\">UNAVAILABLE</PartCount><PartCount dataItemId=\"pc\" "
          "timestamp=\"2022-08-08T13:51:37Z\" sequence=\"8\">4x</PartCount></Events>");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].machine, "LAS-1");
  EXPECT_EQ(out[0].signal, signals::kExecution);
  EXPECT_EQ(out[0].value, Value(std::string("ACTIVE")));
  EXPECT_EQ(out[0].seq, 5u);
  EXPECT_EQ(out[0].source, "mtconnect:test");
  EXPECT_EQ(out[1].signal, signals::kPartCount);
  EXPECT_EQ(out[1].value, Value(int64_t{42}));
  EXPECT_EQ(out[2].quality, Quality::kUnavailable);
  EXPECT_EQ(out[3].quality, Quality::kBad);
}

TEST_F(MtconnectMapping, ConditionsBecomeAlarmsAndNormalClearsThem) {
  auto fault =
      map("<Condition><Fault dataItemId=\"sys\" type=\"SYSTEM\" nativeCode=\"E12\" "
          "timestamp=\"2022-08-08T13:51:36Z\" sequence=\"7\">Spindle overheat</Fault>"
          "<Warning dataItemId=\"sys\" type=\"SYSTEM\" timestamp=\"2022-08-08T13:51:36Z\" "
          "sequence=\"8\">Low oil</Warning></Condition>");
  ASSERT_EQ(fault.size(), 2u);
  EXPECT_EQ(fault[0].signal, signals::kAlarm);
  EXPECT_EQ(fault[0].value, Value(std::string("FAULT|E12|Spindle overheat")));
  EXPECT_EQ(fault[1].value, Value(std::string("WARNING|sys|Low oil")));
  auto normal =
      map("<Condition><Normal dataItemId=\"sys\" type=\"SYSTEM\" "
          "timestamp=\"2022-08-08T13:51:37Z\" sequence=\"9\"/></Condition>");
  ASSERT_EQ(normal.size(), 2u);
  EXPECT_EQ(normal[0].value, Value(std::string("NORMAL|E12|")));
  EXPECT_EQ(normal[1].value, Value(std::string("NORMAL|sys|")));
  EXPECT_TRUE(map("<Condition><Normal dataItemId=\"sys\" type=\"SYSTEM\" "
                  "timestamp=\"2022-08-08T13:51:38Z\" sequence=\"10\"/></Condition>")
                  .empty());
}

TEST_F(MtconnectMapping, CurrentClearsAlarmsThatVanishedMeanwhile) {
  map("<Condition><Fault dataItemId=\"sys\" type=\"SYSTEM\" nativeCode=\"E12\" "
      "timestamp=\"2022-08-08T13:51:36Z\" sequence=\"7\">hot</Fault></Condition>");
  auto out =
      map("<Condition><Normal dataItemId=\"sys\" type=\"SYSTEM\" "
          "timestamp=\"2022-08-08T13:51:40Z\" sequence=\"11\"/></Condition>",
          /*current=*/true);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, Value(std::string("NORMAL|E12|")));
  EXPECT_EQ(out[0].seq, 0u);
}

TEST_F(MtconnectMapping, IgnoresUnmappedDevices) {
  SampleMapper other({{"Mazak", "LAS-2"}}, "s");
  auto doc = parse_streams(
      streams_doc("<Events><Execution dataItemId=\"x\" timestamp=\"2022-08-08T13:51:35Z\" "
                  "sequence=\"5\">ACTIVE</Execution></Events>"));
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(other.map_sample(std::get<StreamsDocument>(*doc), model_).empty());
  EXPECT_EQ(other.unmapped_device_observations(), 1u);
}

}  // namespace
}  // namespace kerf::ingest::mtconnect
