#include "kerf/ingest/mtconnect/multipart.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace kerf::ingest::mtconnect {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The Content-length header of a part's header block; nullopt when absent, error when bad.
Result<std::optional<size_t>> content_length(std::string_view headers) {
  while (!headers.empty()) {
    auto eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (lower(trim(line.substr(0, colon))) != "content-length") continue;
    auto v = trim(line.substr(colon + 1));
    size_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size()) {
      return Error::invalid("Content-length", fmt::format("'{}' is not a length", v));
    }
    return std::optional<size_t>(n);
  }
  return std::optional<size_t>();
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type) {
  std::string ct = lower(content_type);
  if (ct.rfind("multipart/", 0) != 0) {
    return Error::invalid("Content-Type", fmt::format("'{}' is not multipart", content_type));
  }
  auto at = ct.find("boundary=");
  if (at == std::string::npos) {
    return Error::invalid("Content-Type", fmt::format("'{}' has no boundary", content_type));
  }
  std::string_view b = content_type.substr(at + 9);
  auto semi = b.find(';');
  if (semi != std::string_view::npos) b = b.substr(0, semi);
  b = trim(b);
  if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
  if (b.empty() || b.size() > 200) {
    return Error::invalid("Content-Type", "boundary is empty or longer than 200 characters");
  }
  return std::string(b);
}

MultipartReader::MultipartReader(std::string boundary, size_t max_part_bytes)
    : boundary_("--" + std::move(boundary)), max_part_bytes_(max_part_bytes) {}

void MultipartReader::feed(std::string_view bytes) {
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
}

Result<std::optional<std::string>> MultipartReader::next() {
  const std::optional<std::string> need_more;
  auto start = buf_.find(boundary_, pos_);
  if (start == std::string::npos) {
    if (buffered() > max_part_bytes_ + boundary_.size() + 1024) {
      return Error::invalid("multipart", "no boundary within the part size limit");
    }
    return need_more;
  }
  size_t after = start + boundary_.size();
  if (buf_.size() < after + 2) return need_more;
  if (buf_.compare(after, 2, "--") == 0) {  // closing boundary: the stream ends
    pos_ = buf_.size();
    return need_more;
  }
  auto line_end = buf_.find("\r\n", after);
  if (line_end == std::string::npos) return need_more;
  if (line_end - after > 200) return Error::invalid("multipart", "garbage after the boundary");
  size_t body_start = 0;
  std::string_view headers;
  if (buf_.size() < line_end + 4) return need_more;
  if (buf_.compare(line_end + 2, 2, "\r\n") == 0) {
    body_start = line_end + 4;
  } else {
    auto hdr_end = buf_.find("\r\n\r\n", line_end + 2);
    if (hdr_end == std::string::npos) {
      if (buf_.size() - line_end > 16384)
        return Error::invalid("multipart", "part headers too long");
      return need_more;
    }
    headers = std::string_view(buf_).substr(line_end + 2, hdr_end - line_end - 2);
    body_start = hdr_end + 4;
  }
  auto length = content_length(headers);
  if (!length.ok()) return length.error();
  if (*length) {
    size_t n = **length;
    if (n > max_part_bytes_) {
      return Error::invalid("Content-length",
                            fmt::format("{} exceeds the limit of {}", n, max_part_bytes_));
    }
    if (buf_.size() < body_start + n) return need_more;
    std::string body = buf_.substr(body_start, n);
    pos_ = body_start + n;
    return std::optional<std::string>(std::move(body));
  }
  auto end = buf_.find("\r\n" + boundary_, body_start);
  if (end == std::string::npos) {
    if (buf_.size() - body_start > max_part_bytes_) {
      return Error::invalid("multipart", "part exceeds the size limit");
    }
    return need_more;
  }
  std::string body = buf_.substr(body_start, end - body_start);
  pos_ = end;
  return std::optional<std::string>(std::move(body));
}

}  // namespace kerf::ingest::mtconnect
