#include "kerf/ingest/edge_buffer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ingest/sample_builders.h"
#include "support/test_env.h"

namespace kerf::ingest {
namespace {

namespace fs = std::filesystem;

Sample numbered(int64_t i) {
  return testing::make("M-" + std::to_string(i % 3), "part_count", 1'700'000'000'000 + i, i);
}

std::vector<Sample> batch(int64_t from, int64_t n) {
  std::vector<Sample> v;
  for (int64_t i = from; i < from + n; ++i) v.push_back(numbered(i));
  return v;
}

std::unique_ptr<EdgeBuffer> open_ok(const fs::path& dir, EdgeBufferOptions o = {}) {
  auto b = EdgeBuffer::open(dir, o);
  if (!b.ok()) ADD_FAILURE() << b.error().message;
  return b.ok() ? std::move(*b) : nullptr;
}

std::vector<EdgeRecord> drain(EdgeBuffer& b) {
  auto r = b.peek(1'000'000);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<EdgeRecord>{};
}

fs::path newest_segment(const fs::path& dir) {
  fs::path newest;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".seg" && e.path() > newest) newest = e.path();
  }
  return newest;
}

TEST(EdgeBuffer, AppendPeekCommitAndReopenKeepOrderWithoutDuplicates) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  {
    auto b = open_ok(dir);
    ASSERT_TRUE(b);
    auto last = b->append(batch(1, 5));
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(*last, 5u);
    ASSERT_EQ(*b->append(batch(6, 5)), 10u);
    auto first = b->peek(3);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->size(), 3u);
    EXPECT_EQ((*first)[0].pos, 1u);
    EXPECT_EQ((*first)[0].sample.seq, 1u);  // assigned: it was 0
    auto again = b->peek(3);
    EXPECT_EQ(again->back().pos, 3u);  // peek is idempotent
    ASSERT_TRUE(b->commit(3).ok());
    EXPECT_EQ(b->stats().pending, 7u);
  }
  auto b = open_ok(dir);
  ASSERT_TRUE(b);
  auto rest = drain(*b);
  ASSERT_EQ(rest.size(), 7u);
  for (size_t i = 0; i < rest.size(); ++i) {
    EXPECT_EQ(rest[i].pos, 4 + i);
    Sample expect = numbered(static_cast<int64_t>(4 + i));
    expect.seq = 4 + i;
    EXPECT_EQ(rest[i].sample, expect);
  }
  EXPECT_EQ(*b->append(batch(11, 1)), 11u);
}

TEST(EdgeBuffer, KeepsASourceSeqAndNeverReusesPositions) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  {
    auto b = open_ok(dir);
    Sample s = numbered(1);
    s.seq = 777;
    ASSERT_TRUE(b->append({s, numbered(2)}).ok());
    auto all = drain(*b);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].sample.seq, 777u);
    EXPECT_EQ(all[1].sample.seq, 2u);
    ASSERT_TRUE(b->commit(2).ok());
    EXPECT_EQ(b->stats().pending, 0u);
  }
  auto b = open_ok(dir);
  EXPECT_TRUE(drain(*b).empty());
  EXPECT_EQ(*b->append(batch(3, 1)), 3u);  // positions continue after everything was committed
}

TEST(EdgeBuffer, RollsSegmentsAndDeletesCommittedOnes) {
  // 10 records per append: peeks of 10 end exactly at segment ends (whose segment the commit
  // then deletes), peeks of 7 straddle them.
  for (size_t peek_size : {7u, 10u, 1000u}) {
    fs::path dir = kerf::testing::make_temp_dir("edgebuf");
    auto b = open_ok(dir, {.max_bytes = 1 << 20, .segment_bytes = 1024});
    for (int64_t i = 0; i < 20; ++i) ASSERT_TRUE(b->append(batch(1 + i * 10, 10)).ok());
    EdgeBufferStats before = b->stats();
    EXPECT_GT(before.segments, 5u);
    size_t seen = 0;
    while (true) {
      auto r = b->peek(peek_size);
      ASSERT_TRUE(r.ok());
      if (r->empty()) break;
      for (const EdgeRecord& rec : *r) ASSERT_EQ(rec.pos, ++seen);
      ASSERT_TRUE(b->commit(r->back().pos).ok());
    }
    EXPECT_EQ(seen, 200u) << "peek size " << peek_size;
    EXPECT_EQ(b->stats().segments, 1u);
    EXPECT_LT(b->stats().bytes, before.bytes);
  }
}

TEST(EdgeBuffer, TornTailIsTruncatedOnOpen) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  {
    auto b = open_ok(dir);
    ASSERT_TRUE(b->append(batch(1, 4)).ok());
  }
  fs::path seg = newest_segment(dir);
  uintmax_t size = fs::file_size(seg);
  fs::resize_file(seg, size - 5);  // the last record lost its end
  {
    auto b = open_ok(dir);
    EXPECT_GT(b->stats().truncated_bytes, 0u);
    auto all = drain(*b);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all.back().pos, 3u);
    EXPECT_EQ(*b->append(batch(4, 1)), 4u);  // the torn position is reused: it was never acked
  }
  // Garbage after the last record (a record header without its body) and a flipped CRC byte.
  {
    std::ofstream out(newest_segment(dir), std::ios::binary | std::ios::app);
    out << std::string("\x20\x00\x00\x00garbage", 11);
  }
  auto b = open_ok(dir);
  EXPECT_EQ(b->stats().truncated_bytes, 11u);
  EXPECT_EQ(drain(*b).size(), 4u);
}

TEST(EdgeBuffer, CorruptRecordCutsTheTail) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  {
    auto b = open_ok(dir);
    ASSERT_TRUE(b->append(batch(1, 3)).ok());
    ASSERT_TRUE(b->append(batch(4, 3)).ok());
  }
  fs::path seg = newest_segment(dir);
  uintmax_t size = fs::file_size(seg);
  {
    std::fstream f(seg, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(size - 3));
    f.put('\x7f');
  }
  auto b = open_ok(dir);
  auto all = drain(*b);
  ASSERT_EQ(all.size(), 5u);  // the damaged last record is gone, the others intact
  EXPECT_EQ(all.back().pos, 5u);
}

TEST(EdgeBuffer, ATornStateSlotFallsBackToTheOlderCommit) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  {
    auto b = open_ok(dir);
    ASSERT_TRUE(b->append(batch(1, 10)).ok());
    ASSERT_TRUE(b->commit(3).ok());  // generation 2: slot 0
    ASSERT_TRUE(b->commit(6).ok());  // generation 3: slot 1
  }
  {
    std::fstream f(dir / "state", std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(40 + 20);  // inside slot 1's committed position
    f.put('\x55');
  }
  auto b = open_ok(dir);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->stats().committed_pos, 3u);  // at-least-once: 4..6 are delivered again
  EXPECT_EQ(drain(*b).front().pos, 4u);
  ASSERT_TRUE(b->commit(10).ok());
}

TEST(EdgeBuffer, NeitherStateSlotIntactIsAnError) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  { ASSERT_TRUE(open_ok(dir)); }
  fs::resize_file(dir / "state", 0);
  {
    std::ofstream f(dir / "state", std::ios::binary);
    f << std::string(80, 'x');
  }
  auto b = EdgeBuffer::open(dir);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(b.error().message.find("corrupt state"), std::string::npos);
}

TEST(EdgeBuffer, FullBufferDropsTheOldestSegmentAndCountsIt) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  EdgeBufferOptions o{.max_bytes = 4096, .segment_bytes = 1024};
  uint64_t dropped = 0;
  {
    auto b = open_ok(dir, o);
    for (int64_t i = 0; i < 50; ++i) ASSERT_TRUE(b->append(batch(1 + i * 4, 4)).ok());
    EdgeBufferStats st = b->stats();
    EXPECT_LE(st.bytes, o.max_bytes);
    EXPECT_GT(st.dropped, 0u);
    EXPECT_EQ(st.dropped + st.pending, 200u);
    dropped = st.dropped;
  }
  auto b = open_ok(dir, o);
  EXPECT_EQ(b->stats().dropped, dropped);  // persistent
  auto all = drain(*b);
  ASSERT_EQ(all.size(), 200u - dropped);
  EXPECT_EQ(all.front().pos, dropped + 1);  // the newest survive, contiguous
  EXPECT_EQ(all.back().pos, 200u);
  // Peeked-but-uncommitted records in a dropped segment are not redelivered after a commit.
  ASSERT_TRUE(b->commit(all.back().pos).ok());
  EXPECT_EQ(b->stats().pending, 0u);
}

TEST(EdgeBuffer, RejectsBadOptionsAndOversizedBatches) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  auto bad = EdgeBuffer::open(dir, {.max_bytes = 100, .segment_bytes = 10});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "segment_bytes");
  auto b = open_ok(dir, {.max_bytes = 4096, .segment_bytes = 1024});
  auto big = b->append(batch(1, 500));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(b->stats().last_pos, 0u);
  Sample huge = numbered(1);
  huge.value = std::string(70'000, 'x');
  auto invalid = b->append({huge});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().fields.at(0).field, "value");
}

// A child appends batches and reports each acknowledged position through a pipe; the parent
// kills it with SIGKILL mid-stream. Every acknowledged sample must be there after reopening,
// in order, without duplicates.
TEST(EdgeBuffer, SurvivesKillNineWithoutLosingAcknowledgedSamples) {
  fs::path dir = kerf::testing::make_temp_dir("edgebuf");
  EdgeBufferOptions o{.max_bytes = 64 << 20, .segment_bytes = 8192};
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    auto b = EdgeBuffer::open(dir, o);
    if (!b.ok()) ::_exit(2);
    for (int64_t i = 1;; i += 7) {
      auto last = (*b)->append(batch(i, 7));
      if (!last.ok()) ::_exit(3);
      uint64_t acked = *last;
      if (::write(fds[1], &acked, sizeof acked) != sizeof acked) ::_exit(4);
    }
  }
  ::close(fds[1]);
  uint64_t acked = 0;
  uint64_t v = 0;
  while (acked < 2000 && ::read(fds[0], &v, sizeof v) == sizeof v) acked = v;
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  while (::read(fds[0], &v, sizeof v) == sizeof v) acked = v;  // acks written before death
  ::close(fds[0]);
  ASSERT_GE(acked, 2000u);

  auto b = open_ok(dir, o);
  ASSERT_TRUE(b);
  auto all = drain(*b);
  ASSERT_GE(all.size(), acked);
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].pos, i + 1);
    ASSERT_EQ(std::get<int64_t>(all[i].sample.value), static_cast<int64_t>(i + 1));
    ASSERT_EQ(all[i].sample.seq, i + 1);
  }
  // Appending continues right after the recovered tail.
  EXPECT_EQ(*b->append(batch(static_cast<int64_t>(all.size()) + 1, 1)), all.size() + 1);
}

}  // namespace
}  // namespace kerf::ingest
