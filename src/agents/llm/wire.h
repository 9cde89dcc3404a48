// Private to the LLM client: the endpoint URL, the OpenAI chat-completions JSON (request encoding,
// response decoding) and one HTTP(S) POST with timeouts. docs/llm.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "kerf/agents/llm/client.h"
#include "kerf/core/result.h"

namespace kerf::agents::llm {

// http(s)://host[:port][/base/path]; host may be [v6].
struct Endpoint {
  bool tls = false;
  std::string host;  // without brackets
  uint16_t port = 0;
  std::string base_path;  // "" or "/v1" (no trailing slash)

  std::string chat_target() const { return base_path + "/chat/completions"; }
};

// kInvalidArgument naming `field` when `url` is not an http(s) URL with a host.
Result<Endpoint> parse_endpoint(const std::string& url, const std::string& field = "llm.url");
// 127.0.0.0/8, ::1, localhost (and *.localhost).
bool is_loopback_host(const std::string& host);

// The request body for `settings.model` (messages, tools, tool_choice, max_tokens, temperature).
nlohmann::json encode_request(const ChatRequest& request, const LlmSettings& settings);

// The parts of a chat.completion body the client uses; tool-call arguments still raw text.
struct RawToolCall {
  std::string id;
  std::string name;
  std::string arguments;
  bool arguments_was_object = false;  // a server sent an object instead of the JSON string
};
struct DecodedResponse {
  std::string content;
  std::vector<RawToolCall> tool_calls;
  std::string finish_reason;
  bool has_usage = false;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
};
// Decodes choices[0].message, finish_reason and usage. kInvalidArgument naming the JSON path
// ("choices[0].message.tool_calls[1].function.name: expected string").
Result<DecodedResponse> decode_response(const std::string& body);
// The usage block alone, when the body is JSON with one (tokens billed even if the rest fails).
bool decode_usage(const std::string& body, int64_t& prompt_tokens, int64_t& completion_tokens);
// The message of an OpenAI-style error body ({"error": {"message": ...}}), or the body's start.
std::string error_message_of(const std::string& body);

struct HttpReply {
  int status = 0;
  std::string body;
  std::string retry_after;  // Retry-After header ("" = none)
};
// One POST of `body` (application/json) to the endpoint's chat target. kUnavailable on resolve,
// connect, TLS or I/O errors and timeouts (the message says which; never the key).
Result<HttpReply> post_json(const Endpoint& endpoint, const std::string& body,
                            const std::string& api_key, std::chrono::milliseconds connect_timeout,
                            std::chrono::milliseconds request_timeout);

}  // namespace kerf::agents::llm
