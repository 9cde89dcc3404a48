// The language-model client: OpenAI-compatible chat completions with tool calling (llama.cpp
// server, vLLM, Ollama, a hosted endpoint). The model only proposes: every tool call it returns
// is validated against the tool's JSON schema (tool_schema.h) and refused or repaired, and
// `tool_choice` is never trusted (a named tool the model did not call is an error, a call to an
// unoffered tool is refused). docs/llm.md specifies the wire format and the repairs.
#pragma once

#include <chrono>
#include <map>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::agents {

struct Budget;  // graph/graph.h

// [llm] in kerf.toml. Empty url = no model (every agent runs its deterministic path).
struct LlmSettings {
  std::string url;          // base, e.g. http://127.0.0.1:8081/v1 (…/chat/completions is added)
  std::string model;        // required with url
  std::string api_key_env;  // name of the environment variable holding the key ("" = none)
  std::string api_key;      // resolved from api_key_env at load (never logged)
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{60000};
  int64_t max_tokens = 1024;  // per completion
  double temperature = 0;
  int64_t retries = 2;        // on 429/5xx/timeouts, with backoff
  // Wait before the first retry, doubled for each further one (at most 8 s); a 429's
  // Retry-After is honoured up to 10 s. Tests set it to a millisecond.
  std::chrono::milliseconds retry_backoff{500};
  // Shop data (jobs, customers, stock) may be sent to a model that is not on this host only
  // when true (seed question 7). With false and a non-loopback url the model is disabled and
  // the reason logged.
  bool share_shop_data = false;
};

// Parses [llm] from kerf's TOML text; `env` supplies api_key_env's value. Errors name the key
// ("llm.url: ..."). Absent section = default settings (no model).
Result<LlmSettings> parse_llm_settings(const std::string& toml_text,
                                       const std::map<std::string, std::string>& env);
// Whether shop data may go to `settings.url` (loopback host, or share_shop_data).
bool may_send_shop_data(const LlmSettings& settings);

struct ToolSpec {
  std::string name;         // [a-zA-Z0-9_-]{1,64}
  std::string description;
  nlohmann::json parameters;  // JSON schema (object) of the arguments
};

struct ToolCall {
  std::string id;
  std::string name;
  nlohmann::json arguments;  // parsed and validated
};

struct ChatMessage {
  std::string role;     // system, user, assistant, tool
  std::string content;  // may be empty for an assistant message with tool calls
  std::vector<ToolCall> tool_calls;  // assistant
  std::string tool_call_id;          // tool
  std::string name;                  // tool
};

struct ChatRequest {
  std::vector<ChatMessage> messages;
  std::vector<ToolSpec> tools;
  std::optional<std::string> tool_choice;  // "auto", "none", "required" or a tool name
};

// A refused tool call (not executed): why, for the trace and the follow-up message to the model.
struct RefusedToolCall {
  std::string id;
  std::string name;
  std::string raw_arguments;
  std::string error;  // e.g. "arguments.job_id: expected integer"
};

struct ChatResponse {
  ChatMessage message;  // role assistant; tool_calls hold only valid (or repaired) calls
  std::vector<RefusedToolCall> refused;
  std::vector<std::string> repairs;  // what was repaired, e.g. "arguments: trailing comma"
  std::string finish_reason;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
};

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  // One chat completion. Adds the call and its tokens to `budget` (also on failure when the
  // server reported usage). Errors: kUnavailable (connect, timeout, 5xx/429 after retries),
  // kInvalidArgument (a malformed response body, naming the JSON path).
  virtual Result<ChatResponse> chat(const ChatRequest& request, Budget& budget) = 0;
  virtual const std::string& model() const = 0;
};

// The HTTP implementation (Boost.Beast, plain HTTP and HTTPS). nullptr when settings.url is
// empty or shop data may not be sent there (the reason in *why).
std::unique_ptr<LlmClient> make_openai_client(const LlmSettings& settings, const Clock& clock,
                                              std::string* why = nullptr);

}  // namespace kerf::agents
