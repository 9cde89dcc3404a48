// EdgeBuffer: the edge gateway's bounded, disk-backed FIFO of Samples (issue 11 "Edge gateway").
// Sources append; a forwarder peeks the oldest batch, sends it to the central kerf and commits it
// once acknowledged. Format, durability and the drop policy: docs/edge_buffer_format.md.
//  - append() is durable when it returns Ok: the batch is written and fdatasync'ed (one sync per
//    batch) unless Options::sync is false (tests of logic only).
//  - Each record has a position (1, 2, 3 ... across restarts, never reused). A Sample with
//    seq == 0 gets seq = its position, so the central Dedup can drop re-forwarded samples.
//  - Segment files hold records with a length and CRC-32 each; open() truncates a torn tail
//    (kill -9 mid-write) and counts the bytes it cut.
//  - Bounded by bytes: when an append would exceed max_bytes, the OLDEST segment (unsent
//    records) is deleted and its unsent records are counted in dropped().
// Thread-safe: one mutex; appends and peek/commit may come from different threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest {

struct EdgeBufferOptions {
  uint64_t max_bytes = 256ull << 20;    // bound on the segment files' total size
  uint64_t segment_bytes = 4ull << 20;  // a segment is closed once it reaches this size
  bool sync = true;                     // fdatasync each append and commit
};

struct EdgeRecord {
  uint64_t pos = 0;  // the record's position in the buffer
  Sample sample;
};

struct EdgeBufferStats {
  uint64_t first_pos = 0;      // oldest unsent position (0 when empty)
  uint64_t last_pos = 0;       // newest appended position (0 when none ever)
  uint64_t committed_pos = 0;  // everything <= this was acknowledged
  uint64_t pending = 0;        // records not yet committed
  uint64_t bytes = 0;          // size of the segment files
  uint64_t segments = 0;
  uint64_t dropped = 0;          // unsent records deleted by the full-buffer policy (persistent)
  uint64_t truncated_bytes = 0;  // torn-tail bytes cut by the last open()
};

class EdgeBuffer {
 public:
  ~EdgeBuffer();
  EdgeBuffer(const EdgeBuffer&) = delete;
  EdgeBuffer& operator=(const EdgeBuffer&) = delete;

  // Opens (creating) the buffer in `dir`, recovering from a crash: torn tails are truncated.
  // Errors: invalid options (field named), unavailable when the directory cannot be used.
  static Result<std::unique_ptr<EdgeBuffer>> open(const std::filesystem::path& dir,
                                                  EdgeBufferOptions options = {});

  // Appends `batch` in order; returns the position of its last record (that of the newest
  // record when the batch is empty). A sample with seq 0 gets seq = its position. Errors:
  // invalid (a sample too large to encode), too_large (batch alone exceeds max_bytes),
  // unavailable (I/O). On error nothing of the batch is acknowledged.
  Result<uint64_t> append(std::vector<Sample> batch);

  // Up to `max_records` oldest uncommitted records, in order (empty when none). Repeated peeks
  // without a commit return the same records.
  Result<std::vector<EdgeRecord>> peek(size_t max_records);

  // Marks every record with position <= `pos` as delivered; deletes segments that are fully
  // committed (except the newest). Durable when Ok.
  Status commit(uint64_t pos);

  EdgeBufferStats stats() const;

 private:
  struct Impl;
  explicit EdgeBuffer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::ingest
