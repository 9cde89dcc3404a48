// Every kind of document the fake MTConnect agent serves validates against the official XSDs
// (../shared/fixtures/mtconnect/schemas) with xmllint: probe, current, sample (the whole replayed
// recording), streaming parts (data and heartbeat) and the error documents. This holds the fake
// (and so the client tests) to the standard rather than to our own reading of it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "kerf/ingest/mtconnect/document.h"
#include "kerf/ingest/mtconnect/multipart.h"
#include "support/fake_agent.h"
#include "support/test_env.h"

namespace kerf::ingest::mtconnect {
namespace {

using kerf::testing::FakeAgent;

// Validates `xml` against schemas/<xsd>; the failure message carries xmllint's output.
::testing::AssertionResult validates(const std::string& xml, const std::string& xsd,
                                     const std::string& what) {
  static const std::string dir = kerf::testing::make_temp_dir("mtconnect-xsd");
  static int n = 0;
  std::string path = dir + "/doc" + std::to_string(n++) + ".xml";
  std::ofstream(path) << xml;
  std::string schema = kerf::testing::mtconnect_fixtures_dir() + "/schemas/" + xsd;
  std::string cmd = "xmllint --noout --schema '" + schema + "' '" + path + "' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return ::testing::AssertionFailure() << "cannot run xmllint";
  std::string out;
  char buf[4096];
  size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, got);
  int status = ::pclose(p);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    return ::testing::AssertionFailure()
           << "xmllint is not installed (Debian libxml2-utils, scripts/apt-packages.txt)";
  }
  if (status != 0) {
    return ::testing::AssertionFailure() << what << " does not validate against " << xsd << ":\n"
                                         << out.substr(0, 4000);
  }
  return ::testing::AssertionSuccess();
}

// Reads the first `n` parts of a streaming sample answer over a raw socket (de-chunking here).
std::vector<std::string> stream_parts(uint16_t port, const std::string& target, size_t n) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{60, 0};  // hang guard
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string raw;
  std::vector<std::string> parts;
  std::optional<MultipartReader> reader;
  size_t pos = 0;
  char buf[65536];
  while (parts.size() < n) {
    ssize_t got = ::recv(fd, buf, sizeof buf, 0);
    if (got <= 0) break;
    raw.append(buf, static_cast<size_t>(got));
    if (!reader) {
      auto end = raw.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      std::smatch m;
      std::string head = raw.substr(0, end);
      EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos) << head;
      if (!std::regex_search(head, m, std::regex("Content-Type: (multipart/mixed[^\r]*)"))) {
        ADD_FAILURE() << "not multipart/mixed:\n" << head;
        break;
      }
      auto boundary = multipart_boundary(m[1].str());
      EXPECT_TRUE(boundary.ok());
      reader.emplace(*boundary);
      pos = end + 4;
    }
    for (;;) {  // de-chunk whatever is complete
      auto eol = raw.find("\r\n", pos);
      if (eol == std::string::npos) break;
      size_t size = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
      if (raw.size() < eol + 2 + size + 2) break;
      reader->feed(std::string_view(raw).substr(eol + 2, size));
      pos = eol + 2 + size + 2;
    }
    for (;;) {
      auto part = reader->next();
      EXPECT_TRUE(part.ok());
      if (!part.ok() || !*part) break;
      parts.push_back(**part);
    }
  }
  ::close(fd);
  return parts;
}

constexpr const char* kDevicesXsd = "MTConnectDevices_2.7_1.0.xsd";
constexpr const char* kStreamsXsd = "MTConnectStreams_2.7_1.0.xsd";
constexpr const char* kErrorXsd = "MTConnectError_2.7_1.0.xsd";

TEST(MtconnectSchema, EveryDocumentTheFakeAgentServesValidates) {
  FakeAgent agent({"--shdr", "@fixtures/okuma-shdr.txt", "--speed", "0", "--buffer-size", "131072",
                   "--timestamps", "recorded"});
  for (const char* t : {"/probe", "/OKUMA/probe", "/Mazak/probe", "/OKUMA"}) {
    auto r = agent.get(t);
    ASSERT_EQ(r.status, 200) << t;
    EXPECT_TRUE(validates(r.body, kDevicesXsd, t));
  }
  for (const char* t : {"/current", "/OKUMA/current"}) {
    auto r = agent.get(t);
    ASSERT_EQ(r.status, 200) << t;
    EXPECT_TRUE(validates(r.body, kStreamsXsd, t));
  }
  // The whole recording, window by window through the buffer.
  uint64_t from = 1;
  int windows = 0;
  for (;;) {
    auto r = agent.get("/sample?from=" + std::to_string(from) + "&count=6000");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(validates(r.body, kStreamsXsd, "sample from " + std::to_string(from)));
    auto doc = parse_streams(r.body);
    ASSERT_TRUE(doc.ok());
    auto& s = std::get<StreamsDocument>(*doc);
    ++windows;
    if (s.header.next_sequence > s.header.last_sequence) break;
    from = s.header.next_sequence;
  }
  EXPECT_GE(windows, 4);

  // A streaming answer: a data part, then (nothing changes) a heartbeat part.
  auto next =
      std::get<StreamsDocument>(*parse_streams(agent.get("/current").body)).header.next_sequence;
  auto parts = stream_parts(
      agent.port(), "/OKUMA/sample?from=" + std::to_string(next - 5) + "&interval=10&heartbeat=50",
      2);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_TRUE(validates(parts[0], kStreamsXsd, "streamed part"));
  EXPECT_TRUE(validates(parts[1], kStreamsXsd, "heartbeat part"));

  struct Case {
    std::string target;
    int status;
    std::string element;
  };
  for (const auto& c : std::vector<Case>{{"/sample?from=999999999", 400, "<OutOfRange>"},
                                         {"/sample?count=0", 400, "<OutOfRange>"},
                                         {"/sample?count=abc", 400, "<InvalidRequest>"},
                                         {"/NOPE/current", 404, "<NoDevice>"},
                                         {"/OKUMA/bogus", 400, "<InvalidURI>"}}) {
    auto r = agent.get(c.target);
    EXPECT_EQ(r.status, c.status) << c.target;
    EXPECT_NE(r.body.find(c.element), std::string::npos) << c.target << ":\n" << r.body;
    EXPECT_TRUE(validates(r.body, kErrorXsd, c.target));
  }
}

TEST(MtconnectSchema, DocumentsAfterObservationsFromPutAndABufferWrapValidate) {
  FakeAgent agent({"--buffer-size", "32"});
  agent.put("OKUMA", "pexecution=ACTIVE&system=FAULT%7CE12%7C1%7CHIGH%7CSpindle%20%3Chot%3E");
  agent.put("OKUMA", "S1load=UNAVAILABLE&S1load=12.5&ppartcount=5");
  auto current = agent.get("/current");
  EXPECT_TRUE(validates(current.body, kStreamsXsd, "current with a fault"));
  auto sample = agent.get("/OKUMA/sample?count=32");
  EXPECT_TRUE(validates(sample.body, kStreamsXsd, "sample after a wrap"));
  auto err = agent.get("/sample?from=1");
  EXPECT_EQ(err.status, 400);
  EXPECT_TRUE(validates(err.body, kErrorXsd, "OUT_OF_RANGE after a wrap"));
}

}  // namespace
}  // namespace kerf::ingest::mtconnect
