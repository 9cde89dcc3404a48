#include "kerf/ingest/opcua/chunks.h"

#include <fmt/format.h>

#include "kerf/ingest/opcua/types.h"

namespace kerf::ingest::opcua {

namespace {

constexpr std::size_t kSymmetricHeader = kHeaderSize + 4 + 4;  // + channel id + token id
constexpr std::size_t kSequenceHeader = 8;                     // sequence number + request id

void write_header(Writer& w, std::string_view type, char chunk) {
  for (char c : type) w.u8(static_cast<uint8_t>(c));
  w.u8(static_cast<uint8_t>(chunk));
  w.u32(0);  // size, patched
}

bool known_type(std::string_view t) {
  return t == "HEL" || t == "ACK" || t == "ERR" || t == "OPN" || t == "MSG" || t == "CLO" ||
         t == "RHE";
}

}  // namespace

std::vector<uint8_t> encode_hello(const TransportLimits& limits, std::string_view endpoint_url) {
  Writer w;
  write_header(w, "HEL", 'F');
  w.u32(0);  // ProtocolVersion
  w.u32(limits.receive_buffer_size);
  w.u32(limits.send_buffer_size);
  w.u32(limits.max_message_size);
  w.u32(limits.max_chunk_count);
  w.string(endpoint_url);
  w.patch_u32(4, static_cast<uint32_t>(w.size()));
  return w.take();
}

std::vector<uint8_t> encode_acknowledge(const TransportLimits& limits) {
  Writer w;
  write_header(w, "ACK", 'F');
  w.u32(0);
  w.u32(limits.receive_buffer_size);
  w.u32(limits.send_buffer_size);
  w.u32(limits.max_message_size);
  w.u32(limits.max_chunk_count);
  w.patch_u32(4, static_cast<uint32_t>(w.size()));
  return w.take();
}

std::string decode_error_body(std::span<const uint8_t> body) {
  Reader r(body);
  const StatusCode code = r.status("Error.Error");
  const std::string reason = r.string("Error.Reason");
  if (!r.ok()) return "malformed error message: " + r.error();
  return fmt::format("{} (0x{:08X}){}{}", status_name(code), code, reason.empty() ? "" : ": ",
                     reason);
}

Result<ChunkHeader> decode_chunk_header(std::span<const uint8_t> header) {
  if (header.size() < kHeaderSize) return Error::invalid("MessageHeader", "shorter than 8 bytes");
  ChunkHeader h;
  h.type.assign(reinterpret_cast<const char*>(header.data()), 3);
  h.chunk = static_cast<char>(header[3]);
  Reader r(header.subspan(4, 4));
  h.size = r.u32("MessageHeader.MessageSize");
  if (!known_type(h.type)) {
    return Error::invalid("MessageHeader.MessageType", "unknown message type (bytes 0-2)");
  }
  if (h.chunk != 'F' && h.chunk != 'C' && h.chunk != 'A') {
    return Error::invalid("MessageHeader.IsFinal", fmt::format("unknown chunk type {:?}", h.chunk));
  }
  if (h.size < kHeaderSize) {
    return Error::invalid("MessageHeader.MessageSize", fmt::format("{} < 8", h.size));
  }
  if (h.size > kMaxAcceptedChunk) {
    return Error::make(ErrorCode::kTooLarge, fmt::format("MessageHeader.MessageSize: {} exceeds {}",
                                                         h.size, kMaxAcceptedChunk));
  }
  return h;
}

Result<TransportLimits> decode_acknowledge(std::span<const uint8_t> message) {
  auto h = decode_chunk_header(message);
  if (!h.ok()) return h.error();
  if (h->size != message.size()) {
    return Error::invalid("MessageHeader.MessageSize", "does not match the message length");
  }
  if (h->type == "ERR") {
    return Error::unavailable("server refused the connection: " +
                              decode_error_body(message.subspan(kHeaderSize)));
  }
  if (h->type != "ACK") return Error::invalid("MessageHeader.MessageType", "expected ACK");
  Reader r(message.subspan(kHeaderSize));
  r.u32("Acknowledge.ProtocolVersion");
  TransportLimits l;
  l.receive_buffer_size = r.u32("Acknowledge.ReceiveBufferSize");
  l.send_buffer_size = r.u32("Acknowledge.SendBufferSize");
  l.max_message_size = r.u32("Acknowledge.MaxMessageSize");
  l.max_chunk_count = r.u32("Acknowledge.MaxChunkCount");
  if (!r.ok()) return r.to_error("Acknowledge");
  if (l.receive_buffer_size < kMinBufferSize || l.send_buffer_size < kMinBufferSize) {
    return Error::invalid("Acknowledge.ReceiveBufferSize",
                          fmt::format("buffers must be >= {} bytes (got {} / {})", kMinBufferSize,
                                      l.receive_buffer_size, l.send_buffer_size));
  }
  return l;
}

Result<std::vector<std::vector<uint8_t>>> encode_chunks(std::string_view type,
                                                        const ChannelIds& ids, uint32_t request_id,
                                                        std::span<const uint8_t> body,
                                                        const TransportLimits& peer,
                                                        const SecurityPolicy& policy,
                                                        uint32_t& next_sequence) {
  const bool asymmetric = type == "OPN";
  // Everything before the body, to learn the header size for this channel and policy.
  Writer prefix;
  prefix.u32(ids.channel_id);
  if (asymmetric) {
    prefix.string(policy.uri());
    auto cert = policy.sender_certificate();
    auto thumb = policy.receiver_thumbprint();
    if (cert.empty())
      prefix.null_byte_string();
    else
      prefix.byte_string(cert);
    if (thumb.empty())
      prefix.null_byte_string();
    else
      prefix.byte_string(thumb);
  } else {
    prefix.u32(ids.token_id);
  }
  const std::size_t body_offset = kHeaderSize + prefix.size();
  const std::size_t header_bytes = body_offset + kSequenceHeader;
  const std::size_t chunk_size = peer.receive_buffer_size;
  const std::size_t max_body = policy.max_body_size(chunk_size, header_bytes, asymmetric);
  if (max_body == 0) {
    return Error::invalid("ReceiveBufferSize",
                          fmt::format("{} bytes leave no room for a body", chunk_size));
  }
  if (peer.max_message_size != 0 && body.size() > peer.max_message_size) {
    return Error::make(ErrorCode::kTooLarge,
                       fmt::format("message of {} bytes exceeds the server's MaxMessageSize {}",
                                   body.size(), peer.max_message_size));
  }
  const std::size_t count = body.empty() ? 1 : (body.size() + max_body - 1) / max_body;
  if (peer.max_chunk_count != 0 && count > peer.max_chunk_count) {
    return Error::make(
        ErrorCode::kTooLarge,
        fmt::format("message needs {} chunks, the server accepts {}", count, peer.max_chunk_count));
  }
  std::vector<std::vector<uint8_t>> chunks;
  chunks.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t begin = i * max_body;
    const std::size_t n = std::min(max_body, body.size() - begin);
    Writer w;
    write_header(w, type, i + 1 == count ? 'F' : 'C');
    w.raw(prefix.bytes());
    w.u32(next_sequence++);
    w.u32(request_id);
    w.raw(body.subspan(begin, n));
    std::vector<uint8_t> chunk = w.take();
    Status s = policy.protect(chunk, body_offset, asymmetric);
    if (!s.ok()) return s.error();
    for (int k = 0; k < 4; ++k) chunk[4 + k] = static_cast<uint8_t>(chunk.size() >> (8 * k));
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

Result<std::optional<ReceivedMessage>> ChunkAssembler::feed(std::vector<uint8_t> chunk) {
  last_abort_ = false;
  auto h = decode_chunk_header(chunk);
  if (!h.ok()) return h.error();
  if (h->size != chunk.size()) {
    return Error::invalid("MessageHeader.MessageSize", "does not match the chunk length");
  }
  if (own_.receive_buffer_size != 0 && chunk.size() > own_.receive_buffer_size) {
    return Error::make(ErrorCode::kTooLarge,
                       fmt::format("chunk of {} bytes exceeds our ReceiveBufferSize {}",
                                   chunk.size(), own_.receive_buffer_size));
  }
  if (h->type == "ERR") {
    return Error::unavailable("server error: " +
                              decode_error_body(std::span<const uint8_t>(chunk).subspan(8)));
  }
  if (h->type != "OPN" && h->type != "MSG" && h->type != "CLO") {
    return Error::invalid("MessageHeader.MessageType",
                          "unexpected " + h->type + " on an open secure channel");
  }
  ++chunks_;
  const std::span<const uint8_t> bytes(chunk);
  const bool asymmetric = h->type == "OPN";
  Reader r(bytes.subspan(kHeaderSize));
  ReceivedMessage head;
  head.type = h->type;
  head.channel_id = r.u32("SecureChannelId");
  if (asymmetric) {
    const std::string uri = r.string("AsymmetricHeader.SecurityPolicyUri");
    r.byte_string("AsymmetricHeader.SenderCertificate");
    r.byte_string("AsymmetricHeader.ReceiverCertificateThumbprint");
    if (r.ok() && uri != policy_->uri()) {
      return Error::invalid("AsymmetricHeader.SecurityPolicyUri",
                            "server answered with policy " + uri);
    }
  } else {
    head.token_id = r.u32("SymmetricHeader.TokenId");
  }
  if (!r.ok()) return r.to_error("chunk");
  const std::size_t body_offset = kHeaderSize + r.position();
  Status s = policy_->unprotect(chunk, body_offset, asymmetric);
  if (!s.ok()) return s.error();
  Reader seq(std::span<const uint8_t>(chunk).subspan(body_offset));
  const uint32_t sequence = seq.u32("SequenceHeader.SequenceNumber");
  head.request_id = seq.u32("SequenceHeader.RequestId");
  if (!seq.ok()) return seq.to_error("chunk");
  if (last_sequence_ && sequence != *last_sequence_ + 1 &&
      !(*last_sequence_ > 0xFFFFFBFFu && sequence < 1024)) {
    return Error::invalid("SequenceHeader.SequenceNumber",
                          fmt::format("expected {} but got {}", *last_sequence_ + 1, sequence));
  }
  last_sequence_ = sequence;
  auto payload = std::span<const uint8_t>(chunk).subspan(body_offset + kSequenceHeader);

  if (h->chunk == 'A') {
    partial_.erase(head.request_id);
    last_abort_ = true;
    return Error::unavailable(fmt::format("server aborted the response to request {}: {}",
                                          head.request_id, decode_error_body(payload)));
  }
  auto [it, fresh] = partial_.try_emplace(head.request_id);
  Partial& p = it->second;
  if (fresh) p.msg = std::move(head);
  ++p.chunks;
  if (own_.max_chunk_count != 0 && p.chunks > own_.max_chunk_count) {
    partial_.erase(it);
    return Error::make(
        ErrorCode::kTooLarge,
        fmt::format("response needs more than our MaxChunkCount {} chunks", own_.max_chunk_count));
  }
  if (own_.max_message_size != 0 && p.msg.body.size() + payload.size() > own_.max_message_size) {
    partial_.erase(it);
    return Error::make(ErrorCode::kTooLarge, fmt::format("response exceeds our MaxMessageSize {}",
                                                         own_.max_message_size));
  }
  p.msg.body.insert(p.msg.body.end(), payload.begin(), payload.end());
  if (h->chunk == 'C') return std::optional<ReceivedMessage>{};
  ReceivedMessage done = std::move(p.msg);
  partial_.erase(it);
  return std::optional<ReceivedMessage>{std::move(done)};
}

}  // namespace kerf::ingest::opcua
