#include "kerf/ingest/edge_buffer.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <system_error>

#include "ingest/edge_file.h"
#include "kerf/ingest/sample_codec.h"

namespace kerf::ingest {

namespace fs = std::filesystem;
using edge_file::kHeaderSize;

namespace {

struct Segment {
  uint64_t first_pos = 0;  // from the file name: the position its first record has or will have
  uint64_t last_pos = 0;   // 0 while empty
  uint64_t bytes = 0;      // file size including the header
  fs::path path;
  bool empty() const { return last_pos == 0; }
};

struct Cursor {
  bool valid = false;
  uint64_t seg_first = 0;  // Segment::first_pos of the segment it points into
  uint64_t offset = 0;     // byte offset of the next record in it
};

}  // namespace

struct EdgeBuffer::Impl {
  fs::path dir;
  EdgeBufferOptions options;
  mutable std::mutex mu;
  std::deque<Segment> segments;  // oldest first; the last is the one appended to
  int fd = -1;                   // the newest segment, O_WRONLY | O_APPEND
  std::unique_ptr<edge_file::StateFile> state_file;
  uint64_t next_pos = 1;
  uint64_t committed = 0;
  uint64_t dropped = 0;
  uint64_t truncated = 0;
  uint64_t total_bytes = 0;
  Cursor cursor;           // the first record after `committed`, when known
  Cursor peek_end;         // just after the last peeked record
  uint64_t peek_last = 0;  // position of the last peeked record

  ~Impl() {
    if (fd >= 0) ::close(fd);
  }

  Status save_state() { return state_file->write({committed, dropped}); }

  Status new_segment(uint64_t first_pos) {
    if (fd >= 0) ::close(fd);
    fd = -1;
    Segment seg;
    seg.first_pos = first_pos;
    seg.path = dir / edge_file::segment_name(first_pos);
    auto opened = edge_file::create_segment(seg.path, options.sync);
    if (!opened.ok()) return opened.error();
    fd = *opened;
    seg.bytes = kHeaderSize;
    total_bytes += seg.bytes;
    segments.push_back(std::move(seg));
    if (options.sync) return edge_file::sync_dir(dir);
    return ok_status();
  }

  // Deletes the oldest segment; counts its unsent records as dropped.
  Status drop_oldest() {
    Segment& seg = segments.front();
    uint64_t unsent = 0;
    if (!seg.empty() && seg.last_pos > committed) {
      unsent = seg.last_pos - std::max(committed, seg.first_pos - 1);
    }
    dropped += unsent;
    spdlog::warn(
        "edge buffer {}: full ({} of {} bytes), dropping segment {} with {} unsent samples",
        dir.string(), total_bytes, options.max_bytes, seg.path.filename().string(), unsent);
    std::error_code ec;
    fs::remove(seg.path, ec);
    if (ec) return Error::unavailable("edge buffer: cannot delete " + seg.path.string());
    total_bytes -= seg.bytes;
    segments.pop_front();
    cursor.valid = false;
    peek_end.valid = false;
    return save_state();
  }

  Status make_room(uint64_t need) {
    while (total_bytes + need > options.max_bytes) {
      if (segments.size() > 1) {
        if (Status st = drop_oldest(); !st.ok()) return st;
        continue;
      }
      if (segments.back().empty()) break;
      if (Status st = new_segment(next_pos); !st.ok()) return st;
    }
    return ok_status();
  }

  Segment* segment_at(uint64_t first_pos) {
    for (Segment& s : segments) {
      if (s.first_pos == first_pos) return &s;
    }
    return nullptr;
  }

  // The first record after `committed`: its segment and an offset at or before it.
  Cursor start_cursor() const {
    for (const Segment& s : segments) {
      if (!s.empty() && s.last_pos > committed) return {true, s.first_pos, kHeaderSize};
    }
    return {};
  }
};

EdgeBuffer::EdgeBuffer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EdgeBuffer::~EdgeBuffer() = default;

Result<std::unique_ptr<EdgeBuffer>> EdgeBuffer::open(const fs::path& dir,
                                                     EdgeBufferOptions options) {
  if (options.segment_bytes < 1024) return Error::invalid("segment_bytes", "must be >= 1024");
  if (options.max_bytes < 2 * options.segment_bytes) {
    return Error::invalid("max_bytes", "must be >= 2 x segment_bytes");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return Error::unavailable("edge buffer: cannot create " + dir.string() + ": " + ec.message());
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  edge_file::State state;
  auto state_file = edge_file::StateFile::open(dir, options.sync, state);
  if (!state_file.ok()) return state_file.error();
  impl->state_file = std::move(*state_file);
  impl->committed = state.committed;
  impl->dropped = state.dropped;

  auto names = edge_file::list_segments(dir);
  if (!names.ok()) return names.error();
  for (const auto& [first_pos, path] : *names) {
    auto scan = edge_file::recover_segment(path, first_pos);
    if (!scan.ok()) return scan.error();
    Segment seg;
    seg.first_pos = first_pos;
    seg.path = path;
    seg.bytes = scan->valid_bytes;
    seg.last_pos = scan->last_pos;
    impl->truncated += scan->truncated_bytes;
    if (scan->truncated_bytes > 0) {
      spdlog::warn("edge buffer: cut a torn tail of {} bytes from {} (an unacknowledged append)",
                   scan->truncated_bytes, path.string());
    }
    impl->total_bytes += seg.bytes;
    impl->next_pos = std::max({impl->next_pos, first_pos, seg.last_pos + 1});
    impl->segments.push_back(std::move(seg));
  }
  impl->next_pos = std::max(impl->next_pos, impl->committed + 1);
  // Fully committed segments left by a crash between commit and delete.
  while (impl->segments.size() > 1 && impl->segments.front().last_pos <= impl->committed) {
    std::error_code rm;
    fs::remove(impl->segments.front().path, rm);
    impl->total_bytes -= impl->segments.front().bytes;
    impl->segments.pop_front();
  }
  if (impl->segments.empty()) {
    if (Status st = impl->new_segment(impl->next_pos); !st.ok()) return st.error();
  } else {
    auto opened = edge_file::open_append(impl->segments.back().path);
    if (!opened.ok()) return opened.error();
    impl->fd = *opened;
  }
  return std::unique_ptr<EdgeBuffer>(new EdgeBuffer(std::move(impl)));
}

Result<uint64_t> EdgeBuffer::append(std::vector<Sample> batch) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  if (batch.empty()) return m.next_pos - 1;
  std::string buf;
  uint64_t pos = m.next_pos;
  for (Sample& s : batch) {
    if (s.seq == 0) s.seq = pos;
    if (Status st = edge_file::encode_record(pos, s, buf); !st.ok()) return st.error();
    ++pos;
  }
  if (buf.size() + kHeaderSize > m.options.max_bytes) {
    return Error::make(ErrorCode::kTooLarge, "edge buffer: batch larger than max_bytes");
  }
  if (m.segments.back().bytes >= m.options.segment_bytes) {
    if (Status st = m.new_segment(m.next_pos); !st.ok()) return st.error();
  }
  if (Status st = m.make_room(buf.size()); !st.ok()) return st.error();
  Segment& seg = m.segments.back();
  if (Status st = edge_file::write_all(m.fd, buf, seg.bytes, m.options.sync); !st.ok()) {
    return st.error();
  }
  seg.bytes += buf.size();
  seg.last_pos = pos - 1;
  m.total_bytes += buf.size();
  m.next_pos = pos;
  return pos - 1;
}

Result<std::vector<EdgeRecord>> EdgeBuffer::peek(size_t max_records) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  std::vector<EdgeRecord> out;
  if (!m.cursor.valid) m.cursor = m.start_cursor();
  Cursor c = m.cursor;
  while (c.valid && out.size() < max_records) {
    Segment* seg = m.segment_at(c.seg_first);
    if (seg == nullptr) {  // its segment was deleted once fully committed
      c = m.start_cursor();
      if (!c.valid || m.segment_at(c.seg_first) == nullptr) break;
      continue;
    }
    auto read = edge_file::read_records(seg->path, c.offset, seg->bytes, m.committed,
                                        max_records - out.size(), out);
    if (!read.ok()) return read.error();
    c.offset = *read;
    if (out.size() >= max_records) break;
    // Segment exhausted: move on to the next one.
    auto it = std::find_if(m.segments.begin(), m.segments.end(),
                           [&](const Segment& s) { return s.first_pos > c.seg_first; });
    if (it == m.segments.end()) break;
    c = {true, it->first_pos, kHeaderSize};
  }
  if (out.empty()) {
    m.peek_end.valid = false;
    return out;
  }
  m.peek_end = c;
  m.peek_last = out.back().pos;
  return out;
}

Status EdgeBuffer::commit(uint64_t pos) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  pos = std::min(pos, m.next_pos - 1);
  if (pos <= m.committed) return ok_status();
  m.committed = pos;
  if (m.peek_end.valid && m.peek_last == pos) {
    m.cursor = m.peek_end;
  } else {
    m.cursor.valid = false;
  }
  m.peek_end.valid = false;
  if (Status st = m.save_state(); !st.ok()) return st;
  bool removed = false;
  while (m.segments.size() > 1 && m.segments.front().last_pos <= m.committed) {
    std::error_code ec;
    fs::remove(m.segments.front().path, ec);
    if (ec)
      return Error::unavailable("edge buffer: cannot delete " + m.segments.front().path.string());
    m.total_bytes -= m.segments.front().bytes;
    m.segments.pop_front();
    removed = true;
  }
  if (removed && m.options.sync) return edge_file::sync_dir(m.dir);
  return ok_status();
}

EdgeBufferStats EdgeBuffer::stats() const {
  std::lock_guard lock(impl_->mu);
  const Impl& m = *impl_;
  EdgeBufferStats s;
  s.last_pos = m.next_pos - 1;
  s.committed_pos = m.committed;
  s.bytes = m.total_bytes;
  s.segments = m.segments.size();
  s.dropped = m.dropped;
  s.truncated_bytes = m.truncated;
  for (const Segment& seg : m.segments) {
    if (seg.empty() || seg.last_pos <= m.committed) continue;
    uint64_t from = std::max(m.committed + 1, seg.first_pos);
    if (s.first_pos == 0) s.first_pos = from;
    s.pending += seg.last_pos - from + 1;
  }
  return s;
}

}  // namespace kerf::ingest
