#include "ingest/edge_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "kerf/ingest/sample_codec.h"

namespace kerf::ingest::edge_file {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[9] = "KERFEB01";
constexpr char kStateMagic[9] = "KERFEBST";
constexpr size_t kStateSize = 8 + 8 + 8 + 4;

Error io_error(const std::string& what, const fs::path& path) {
  return Error::unavailable(
      fmt::format("edge buffer: {} {}: {}", what, path.string(), std::strerror(errno)));
}

void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t get32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}
uint64_t get64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

bool read_at(int fd, uint8_t* buf, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<size_t>(r);
  }
  return true;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Parses the record at buf[0..n): its total size, or 0 when incomplete / -1 when corrupt.
int64_t parse_record(const uint8_t* buf, size_t n, uint64_t& pos, std::span<const uint8_t>& body) {
  if (n < 8) return 0;
  uint32_t len = get32(buf);
  uint32_t crc = get32(buf + 4);
  if (len < 8 || len > kMaxPayload) return -1;
  if (n < 8 + static_cast<size_t>(len)) return 0;
  std::span<const uint8_t> payload(buf + 8, len);
  if (crc32(payload) != crc) return -1;
  pos = get64(buf + 8);
  body = payload.subspan(8);
  return 8 + static_cast<int64_t>(len);
}

}  // namespace

std::string segment_name(uint64_t first_pos) { return fmt::format("{:020}.seg", first_pos); }

Result<std::vector<std::pair<uint64_t, fs::path>>> list_segments(const fs::path& dir) {
  std::vector<std::pair<uint64_t, fs::path>> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() != 24 || !name.ends_with(".seg")) continue;
    std::string digits = name.substr(0, 20);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    out.emplace_back(std::stoull(digits), entry.path());
  }
  if (ec)
    return Error::unavailable("edge buffer: cannot list " + dir.string() + ": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

Result<int> create_segment(const fs::path& path, bool sync) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", path);
  if (::write(fd, kMagic, kHeaderSize) != static_cast<ssize_t>(kHeaderSize) ||
      (sync && ::fdatasync(fd) != 0)) {
    Error e = io_error("cannot write", path);
    ::close(fd);
    return e;
  }
  return fd;
}

Result<int> open_append(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open", path);
  return fd;
}

Result<Recovered> recover_segment(const fs::path& path, uint64_t first_pos) {
  Fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (fd.get() < 0) return io_error("cannot open", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat", path);
  uint64_t size = static_cast<uint64_t>(st.st_size);
  Recovered r;
  if (size < kHeaderSize) {  // torn while being created
    if (::ftruncate(fd.get(), 0) != 0 || ::pwrite(fd.get(), kMagic, kHeaderSize, 0) != 8 ||
        ::fdatasync(fd.get()) != 0) {
      return io_error("cannot repair", path);
    }
    r.valid_bytes = kHeaderSize;
    r.truncated_bytes = size;
    return r;
  }
  std::vector<uint8_t> data(size);
  if (!read_at(fd.get(), data.data(), size, 0)) return io_error("cannot read", path);
  if (std::memcmp(data.data(), kMagic, kHeaderSize) != 0) {
    return Error::unavailable("edge buffer: " + path.string() + " is not a segment (bad magic)");
  }
  uint64_t off = kHeaderSize;
  uint64_t expect = first_pos;
  while (off < size) {
    uint64_t pos = 0;
    std::span<const uint8_t> body;
    int64_t n = parse_record(data.data() + off, size - off, pos, body);
    if (n <= 0 || pos < expect || !decode_sample(body).ok()) break;
    r.last_pos = pos;
    expect = pos + 1;
    off += static_cast<uint64_t>(n);
  }
  r.valid_bytes = off;
  if (off < size) {
    r.truncated_bytes = size - off;
    if (::ftruncate(fd.get(), static_cast<off_t>(off)) != 0 || ::fdatasync(fd.get()) != 0) {
      return io_error("cannot truncate", path);
    }
  }
  return r;
}

Status encode_record(uint64_t pos, const Sample& s, std::string& out) {
  size_t start = out.size();
  out.append(8, '\0');  // length and crc, filled below
  put64(out, pos);
  if (Status st = encode_sample(s, out); !st.ok()) {
    out.resize(start);
    return st;
  }
  size_t len = out.size() - start - 8;
  if (len > kMaxPayload) {
    out.resize(start);
    return Error::invalid("sample", "encoded sample larger than 1 MiB");
  }
  std::span<const uint8_t> payload(reinterpret_cast<const uint8_t*>(out.data()) + start + 8, len);
  uint32_t crc = crc32(payload);
  std::string head;
  put32(head, static_cast<uint32_t>(len));
  put32(head, crc);
  std::memcpy(out.data() + start, head.data(), 8);
  return ok_status();
}

Status write_all(int fd, const std::string& bytes, uint64_t size, bool sync) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += static_cast<size_t>(w);
  }
  if (done == bytes.size() && (!sync || ::fdatasync(fd) == 0)) return ok_status();
  Error e = Error::unavailable(fmt::format("edge buffer: write failed: {}", std::strerror(errno)));
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    e.message += "; truncating back failed too";
  }
  return e;
}

Result<uint64_t> read_records(const fs::path& path, uint64_t offset, uint64_t end, uint64_t after,
                              size_t max, std::vector<EdgeRecord>& out) {
  if (offset >= end || max == 0) return offset;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return io_error("cannot open", path);
  std::vector<uint8_t> buf;
  size_t added = 0;
  while (offset < end && added < max) {
    uint64_t guess = std::clamp<uint64_t>((max - added) * 96, 16 << 10, 1 << 20);  // ~records
    uint64_t want = std::min<uint64_t>(end - offset, std::max<uint64_t>(buf.size(), guess));
    buf.resize(want);
    if (!read_at(fd.get(), buf.data(), want, offset)) return io_error("cannot read", path);
    size_t used = 0;
    while (used < want && added < max) {
      uint64_t pos = 0;
      std::span<const uint8_t> body;
      int64_t n = parse_record(buf.data() + used, want - used, pos, body);
      if (n < 0) {
        return Error::unavailable(
            fmt::format("edge buffer: corrupt record at {} in {}", offset + used, path.string()));
      }
      if (n == 0) break;
      used += static_cast<size_t>(n);
      if (pos <= after) continue;
      auto sample = decode_sample(body);
      if (!sample.ok()) {
        return Error::unavailable(fmt::format("edge buffer: undecodable record {} in {}: {}", pos,
                                              path.string(), sample.error().message));
      }
      out.push_back({pos, std::move(*sample)});
      ++added;
    }
    if (used == 0) {  // a record larger than the buffer: read it whole next time
      if (want >= end - offset) {
        return Error::unavailable("edge buffer: truncated record in " + path.string());
      }
      buf.resize(std::min<uint64_t>(end - offset, buf.size() * 2 + kMaxPayload));
      continue;
    }
    offset += used;
  }
  return offset;
}

Status sync_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return io_error("cannot sync", dir);
  return ok_status();
}

namespace {

constexpr size_t kSlotSize = 40;

std::string encode_slot(uint64_t generation, State state) {
  std::string b(kStateMagic, 8);
  put64(b, generation);
  put64(b, state.committed);
  put64(b, state.dropped);
  put32(b, crc32(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(b.data()), b.size())));
  b.append(kSlotSize - b.size(), '\0');
  return b;
}

// The slot's generation and state, or generation 0 when it is not intact.
std::pair<uint64_t, State> decode_slot(const uint8_t* p, size_t n) {
  if (n < kStateSize + 8 || std::memcmp(p, kStateMagic, 8) != 0 ||
      crc32(std::span<const uint8_t>(p, 32)) != get32(p + 32)) {
    return {0, {}};
  }
  return {get64(p + 8), State{get64(p + 16), get64(p + 24)}};
}

}  // namespace

StateFile::~StateFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<StateFile>> StateFile::open(const fs::path& dir, bool sync, State& out) {
  fs::path path = dir / "state";
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    fs::path tmp = dir / "state.tmp";
    std::string bytes = std::string(kSlotSize, '\0') + encode_slot(1, {});  // slot 1 % 2
    {
      Fd t(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
      if (t.get() < 0) return io_error("cannot create", tmp);
      if (::write(t.get(), bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) ||
          (sync && ::fdatasync(t.get()) != 0)) {
        return io_error("cannot write", tmp);
      }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("cannot rename", tmp);
    if (sync) {
      if (Status st = sync_dir(dir); !st.ok()) return st.error();
    }
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  }
  if (fd < 0) return io_error("cannot open", path);
  uint8_t buf[2 * kSlotSize] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf, 0);
  size_t got = n > 0 ? static_cast<size_t>(n) : 0;
  auto a = decode_slot(buf, got);
  auto b = decode_slot(buf + kSlotSize, got > kSlotSize ? got - kSlotSize : 0);
  if (a.first == 0 && b.first == 0) {
    ::close(fd);
    return Error::unavailable("edge buffer: corrupt state file " + path.string());
  }
  const auto& newest = a.first >= b.first ? a : b;
  out = newest.second;
  return std::unique_ptr<StateFile>(new StateFile(path, fd, newest.first, sync));
}

Status StateFile::write(State state) {
  uint64_t next = generation_ + 1;
  std::string slot = encode_slot(next, state);
  off_t offset = static_cast<off_t>((next % 2) * kSlotSize);
  if (::pwrite(fd_, slot.data(), slot.size(), offset) != static_cast<ssize_t>(slot.size()) ||
      (sync_ && ::fdatasync(fd_) != 0)) {
    return io_error("cannot write", path_);
  }
  generation_ = next;
  return ok_status();
}

}  // namespace kerf::ingest::edge_file
