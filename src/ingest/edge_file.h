// File layer of the edge buffer (private to src/ingest): segment and state files as specified
// in docs/edge_buffer_format.md. POSIX I/O; every failure is Error::unavailable naming the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/edge_buffer.h"

namespace kerf::ingest::edge_file {

inline constexpr uint64_t kHeaderSize = 8;  // "KERFEB01"
inline constexpr uint32_t kMaxPayload = 1u << 20;

struct State {
  uint64_t committed = 0;
  uint64_t dropped = 0;
};

// "<first_pos, 20 digits>.seg"
std::string segment_name(uint64_t first_pos);
// Segment files of `dir` as (first_pos, path), oldest first.
Result<std::vector<std::pair<uint64_t, std::filesystem::path>>> list_segments(
    const std::filesystem::path& dir);

// Creates a segment holding only its header; returns an O_APPEND descriptor.
Result<int> create_segment(const std::filesystem::path& path, bool sync);
Result<int> open_append(const std::filesystem::path& path);

struct Recovered {
  uint64_t valid_bytes = 0;      // header + intact records
  uint64_t last_pos = 0;         // 0 when no record
  uint64_t truncated_bytes = 0;  // cut torn tail
};
// Scans a segment, truncating (and syncing) anything after the last intact record. A file
// shorter than its header gets a fresh header; a wrong magic is an error.
Result<Recovered> recover_segment(const std::filesystem::path& path, uint64_t first_pos);

// Appends one record (length, crc, pos, encoded sample) to `out`.
Status encode_record(uint64_t pos, const Sample& s, std::string& out);
// Writes all of `bytes` to `fd` (whose file is `size` bytes long) and fdatasyncs when `sync`;
// on failure truncates the file back to `size`.
Status write_all(int fd, const std::string& bytes, uint64_t size, bool sync);
// Reads records of `path` from `offset` up to `end`, appending those with pos > `after` to `out`
// until it holds `max` more; returns the offset just after the last record consumed.
Result<uint64_t> read_records(const std::filesystem::path& path, uint64_t offset, uint64_t end,
                              uint64_t after, size_t max, std::vector<EdgeRecord>& out);

Status sync_dir(const std::filesystem::path& dir);

// The state file ("state"): two 40-byte slots written alternately, each with a generation and a
// CRC, so a torn write leaves the other slot intact and one fdatasync makes a commit durable.
class StateFile {
 public:
  ~StateFile();
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;
  // Opens dir/state (created atomically with a zero state when missing) and puts the newest
  // intact slot's state in `out`. Unavailable when neither slot is intact.
  static Result<std::unique_ptr<StateFile>> open(const std::filesystem::path& dir, bool sync,
                                                 State& out);
  // Overwrites the older slot with `state` and the next generation.
  Status write(State state);

 private:
  StateFile(std::filesystem::path path, int fd, uint64_t generation, bool sync)
      : path_(std::move(path)), fd_(fd), generation_(generation), sync_(sync) {}
  std::filesystem::path path_;
  int fd_;
  uint64_t generation_;
  bool sync_;
};

}  // namespace kerf::ingest::edge_file
