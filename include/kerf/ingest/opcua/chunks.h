// OPC UA Connection Protocol and Secure Conversation framing (OPC 10000-6 §6.7, §7.1): Hello /
// Acknowledge / Error messages, and the splitting of service messages into F/C/A chunks and
// their reassembly, with the negotiated limits. Security (signing, encryption) is delegated to a
// SecurityPolicy so Basic256Sha256 can be added without touching the framing. Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/opcua/binary.h"

namespace kerf::ingest::opcua {

inline constexpr std::size_t kHeaderSize = 8;           // "MSGF" + UInt32 size
inline constexpr uint32_t kMinBufferSize = 8192;        // smallest buffer a peer may announce
inline constexpr uint32_t kMaxAcceptedChunk = 1 << 24;  // hard cap on one chunk from a peer

// Transport limits one side announces (Hello: the client's, Acknowledge: the server's).
struct TransportLimits {
  uint32_t receive_buffer_size = 65536;
  uint32_t send_buffer_size = 65536;
  uint32_t max_message_size = 0;  // 0 = no limit
  uint32_t max_chunk_count = 0;   // 0 = no limit
};

std::vector<uint8_t> encode_hello(const TransportLimits& limits, std::string_view endpoint_url);
// Encodes an Acknowledge (what a server sends; used by tests and the fuzz target).
std::vector<uint8_t> encode_acknowledge(const TransportLimits& limits);
// Decodes a whole ACK message (header included) into the server's limits; an ERR message
// decodes into an unavailable error carrying its status and reason.
Result<TransportLimits> decode_acknowledge(std::span<const uint8_t> message);
// The reason of an ERR message or A chunk body: "BadTcpMessageTooLarge (0x80800000): text".
std::string decode_error_body(std::span<const uint8_t> body);

// The 8-byte message header of every chunk.
struct ChunkHeader {
  std::string type;   // "HEL", "ACK", "ERR", "OPN", "MSG", "CLO", "RHE"
  char chunk = 'F';   // 'F' final, 'C' intermediate, 'A' abort
  uint32_t size = 0;  // whole chunk, header included
};
Result<ChunkHeader> decode_chunk_header(std::span<const uint8_t> header);

// Signing and encryption of chunks. The framing asks the policy how much room its headers,
// padding and signature take, then hands each chunk (all headers written, body in place) to
// protect() before sending, and each received chunk to unprotect(), which verifies and strips
// what protect() added. None adds nothing.
class SecurityPolicy {
 public:
  virtual ~SecurityPolicy() = default;
  virtual std::string_view uri() const = 0;
  virtual int32_t security_mode() const = 0;  // MessageSecurityMode (1 None)
  // The asymmetric security header fields of OPN chunks.
  virtual std::vector<uint8_t> sender_certificate() const { return {}; }
  virtual std::vector<uint8_t> receiver_thumbprint() const { return {}; }
  // Largest body that fits a chunk of `chunk_size` bytes whose headers take `header_bytes`.
  virtual std::size_t max_body_size(std::size_t chunk_size, std::size_t header_bytes,
                                    bool asymmetric) const = 0;
  // Signs/encrypts `chunk` in place; `body_offset` is where the sequence header starts.
  virtual Status protect(std::vector<uint8_t>& chunk, std::size_t body_offset,
                         bool asymmetric) const = 0;
  // Decrypts/verifies `chunk` in place and trims padding and signature.
  virtual Status unprotect(std::vector<uint8_t>& chunk, std::size_t body_offset,
                           bool asymmetric) const = 0;
};

// SecurityPolicy None: no signature, no encryption.
class NoneSecurityPolicy final : public SecurityPolicy {
 public:
  static constexpr std::string_view kUri = "http://opcfoundation.org/UA/SecurityPolicy#None";
  std::string_view uri() const override { return kUri; }
  int32_t security_mode() const override { return 1; }
  std::size_t max_body_size(std::size_t chunk_size, std::size_t header_bytes, bool) const override {
    return chunk_size > header_bytes ? chunk_size - header_bytes : 0;
  }
  Status protect(std::vector<uint8_t>&, std::size_t, bool) const override { return {}; }
  Status unprotect(std::vector<uint8_t>&, std::size_t, bool) const override { return {}; }
};

// The secure channel identity stamped on outgoing chunks.
struct ChannelIds {
  uint32_t channel_id = 0;
  uint32_t token_id = 0;
};

// Splits one service message body into chunks of at most `limits.receive_buffer_size` (the
// peer's receive buffer) bytes, numbering them from `next_sequence` (advanced). Fails when the
// body exceeds the peer's max_message_size or needs more than its max_chunk_count chunks.
Result<std::vector<std::vector<uint8_t>>> encode_chunks(std::string_view type,
                                                        const ChannelIds& ids, uint32_t request_id,
                                                        std::span<const uint8_t> body,
                                                        const TransportLimits& peer,
                                                        const SecurityPolicy& policy,
                                                        uint32_t& next_sequence);

// One reassembled service message.
struct ReceivedMessage {
  std::string type;  // "OPN", "MSG", "CLO"
  uint32_t channel_id = 0;
  uint32_t token_id = 0;  // 0 for OPN
  uint32_t request_id = 0;
  std::vector<uint8_t> body;
};

// Collects chunks (per request id) into messages, enforcing our own announced limits
// (receive buffer per chunk, max message size, max chunk count). An 'A' chunk discards its
// message and yields an error naming the reason. Sequence numbers must increase by one.
class ChunkAssembler {
 public:
  ChunkAssembler(TransportLimits own, const SecurityPolicy& policy) : own_(own), policy_(&policy) {}

  // Feeds one whole chunk (header included). Returns a message when `chunk` completed one,
  // nullopt when more chunks are needed, or an error (the channel should be closed unless the
  // error is an abort, which only affects its request).
  Result<std::optional<ReceivedMessage>> feed(std::vector<uint8_t> chunk);

  uint64_t chunks_received() const { return chunks_; }
  // True when the last error returned by feed() was an 'A' (abort) chunk.
  bool last_error_was_abort() const { return last_abort_; }

 private:
  struct Partial {
    ReceivedMessage msg;
    uint32_t chunks = 0;
  };
  TransportLimits own_;
  const SecurityPolicy* policy_;
  std::map<uint32_t, Partial> partial_;
  std::optional<uint32_t> last_sequence_;
  uint64_t chunks_ = 0;
  bool last_abort_ = false;
};

}  // namespace kerf::ingest::opcua
