// Splits a streaming MTConnect `sample` body (multipart/mixed or multipart/x-mixed-replace)
// into its parts. Pure: the transport feeds it the de-chunked bytes as they arrive.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::ingest::mtconnect {

// The boundary of a `Content-Type: multipart/...; boundary=XYZ` value (quotes removed), or an
// invalid error naming "Content-Type" when it is not multipart or has no boundary.
Result<std::string> multipart_boundary(std::string_view content_type);

// Incremental reader: feed() bytes, then take parts with next() until it returns nullopt.
// Each part is `--boundary CRLF headers CRLF CRLF body`; the body length comes from the part's
// Content-length header, or, without one, runs to the next boundary line. An empty body is a
// heartbeat.
class MultipartReader {
 public:
  explicit MultipartReader(std::string boundary, size_t max_part_bytes = 64u << 20);

  void feed(std::string_view bytes);
  // The next complete part's body; nullopt when more bytes are needed. An error when the stream
  // is malformed (no boundary where one must be, a bad Content-length, a part over the limit);
  // after an error the reader is unusable (the caller reconnects).
  Result<std::optional<std::string>> next();
  size_t buffered() const { return buf_.size() - pos_; }

 private:
  std::string boundary_;  // "--" + boundary
  size_t max_part_bytes_;
  std::string buf_;
  size_t pos_ = 0;
};

}  // namespace kerf::ingest::mtconnect
