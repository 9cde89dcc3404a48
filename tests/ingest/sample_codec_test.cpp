#include "kerf/ingest/sample_codec.h"

#include <gtest/gtest.h>

#include <limits>

#include "ingest/sample_builders.h"

namespace kerf::ingest {
namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(SampleCodec, RoundTripsEveryValueKindAndQuality) {
  std::vector<Sample> samples = {
      testing::make("LAS-1", "execution", 1'780'000'000'123, std::string("ACTIVE")),
      testing::make("PUN-1", "running", -5, true, Quality::kGood, "opcua:x", 42),
      testing::make("PUN-1", "running", 0, false),
      testing::make("M", "part_count", 7, std::numeric_limits<int64_t>::min()),
      testing::make("M", "part_count", 7, std::numeric_limits<int64_t>::max(), Quality::kBad),
      testing::make("WLD-1", "current", 9, -123.25, Quality::kGood, "", UINT64_MAX),
      testing::unavailable("LAS-1", "execution", 11),
      testing::make("", "", 0, std::string("")),
  };
  for (const Sample& s : samples) {
    std::string buf;
    ASSERT_TRUE(encode_sample(s, buf).ok());
    auto back = decode_sample(bytes_of(buf));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, s);
  }
}

TEST(SampleCodec, RejectsTruncatedTrailingAndUnknownInput) {
  std::string buf;
  ASSERT_TRUE(encode_sample(testing::make("LAS-1", "program", 1, std::string("O1234")), buf).ok());
  for (size_t n = 0; n < buf.size(); ++n) {
    auto r = decode_sample(bytes_of(buf.substr(0, n)));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().fields.at(0).field, "sample");
  }
  EXPECT_FALSE(decode_sample(bytes_of(buf + "x")).ok());
  std::string bad_version = buf;
  bad_version[0] = 9;
  EXPECT_FALSE(decode_sample(bytes_of(bad_version)).ok());
}

TEST(SampleCodec, TooLongTextIsAnInvalidField) {
  std::string buf = "keep";
  Sample s = testing::make(std::string(70'000, 'm'), "x", 1, {});
  Status st = encode_sample(s, buf);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().fields.at(0).field, "machine");
  EXPECT_EQ(buf, "keep");
}

TEST(SampleCodec, Crc32KnownValue) {
  std::string check = "123456789";
  EXPECT_EQ(crc32(bytes_of(check)), 0xCBF43926u);
  EXPECT_EQ(crc32(bytes_of(check.substr(5)), crc32(bytes_of(check.substr(0, 5)))), 0xCBF43926u);
}

}  // namespace
}  // namespace kerf::ingest
