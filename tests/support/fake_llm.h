// A fake OpenAI-compatible chat-completions server for tests: a real HTTP/1.1 server (Boost.Beast,
// its own thread) on 127.0.0.1 and a free port, speaking the wire format of docs/llm.md. It is
// driven from the test process: a queue of scripted replies (text, tool calls with raw argument
// text so malformed JSON can be scripted, finish_reason, usage), faults (HTTP errors with the
// OpenAI error body, a delay, a truncated or invalid body, a dropped connection), and "rules"
// that answer by a regex on the last user message (for end-to-end tests where the number of
// calls is not known). Every request it received is recorded so tests can assert what was sent.
//
// Each request takes the first queued reply; with the queue empty, the first rule whose pattern
// (ECMAScript, searched) matches the last user message and whose `last_role` matches the role of
// the last message; with none, the fallback reply (a plain text answer by default; counted in
// unscripted()). Requests the real endpoint would reject get its answer instead of a script
// entry: 404 for another path or method, 400 for a body that is not JSON or lacks "model" or
// "messages", 401 when a required key is set and the Authorization header does not carry it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kerf::testing {

// One tool call in a scripted reply. `arguments` is sent verbatim as the JSON string value of
// function.arguments (so "{\"job_id\": 3,}" scripts a trailing comma).
struct FakeToolCall {
  std::string id;  // "" = "call_<n>"
  std::string name;
  std::string arguments = "{}";
};

struct FakeReply {
  enum class Kind {
    kCompletion,       // 200 with a chat.completion body
    kHttpError,        // `status` with {"error": {message, type, param, code}}
    kRawBody,          // `status` with `raw_body` as the body (e.g. not JSON, wrong shape)
    kTruncatedBody,    // 200 announcing a longer body than sent, then the connection closes
    kCloseConnection,  // the connection closes without a response
  };
  Kind kind = Kind::kCompletion;
  // kCompletion. In a rule's reply, content and tool-call arguments may use $1.. / $& for the
  // pattern's groups (std::match_results::format).
  std::string content;
  std::vector<FakeToolCall> tool_calls;
  std::string finish_reason;  // "" = "tool_calls" when there are tool calls, else "stop"
  int64_t prompt_tokens = 12;
  int64_t completion_tokens = 7;
  bool include_usage = true;
  // kHttpError / kRawBody.
  int status = 200;
  std::string error_message;
  std::string error_type;  // "" = "server_error" (5xx), "rate_limit_exceeded" (429), else
                           // "invalid_request_error"
  std::string raw_body;
  std::string retry_after;  // Retry-After header value ("" = none)
  // Any kind: wait this long before answering (longer than the client's timeout = a timeout).
  std::chrono::milliseconds delay{0};

  static FakeReply text(std::string content, int64_t prompt_tokens = 12,
                        int64_t completion_tokens = 7);
  static FakeReply tools(std::vector<FakeToolCall> calls, std::string content = "");
  static FakeReply http_error(int status, std::string message);
  static FakeReply raw(std::string body, int status = 200);
  static FakeReply truncated();
  static FakeReply close_connection();
  // This reply after `delay`.
  FakeReply after(std::chrono::milliseconds d) const;
};

// One request the server received.
struct FakeLlmRequest {
  std::string method;
  std::string target;
  std::string authorization;  // the Authorization header ("" = absent)
  std::string body;
  nlohmann::json json;  // the parsed body (null when it was not JSON)

  // The last message's content with role `role` ("" when none).
  std::string last_content(const std::string& role = "user") const;
};

class FakeLlm {
 public:
  // Listens on 127.0.0.1:<free port> and serves from its own thread. Throws on bind errors.
  FakeLlm();
  ~FakeLlm();  // stops the server (waiting replies are abandoned)
  FakeLlm(const FakeLlm&) = delete;
  FakeLlm& operator=(const FakeLlm&) = delete;

  uint16_t port() const { return port_; }
  // The base URL for [llm] url: "http://127.0.0.1:<port>/v1".
  std::string url() const;
  // A kerf.toml [llm] section pointing at this server (model "fake-model").
  std::string toml_section(const std::string& extra_lines = "") const;

  // Appends a scripted reply (used by the next request that finds the queue non-empty).
  void push(FakeReply reply);
  // Adds a rule (tried in order when the queue is empty). `last_role` "" = any.
  void add_rule(std::string pattern, FakeReply reply, std::string last_role = "");
  // The reply when nothing is queued and no rule matches.
  void set_fallback(FakeReply reply);
  // Demands "Authorization: Bearer <key>" ("" = no check).
  void require_key(std::string key);
  // Clears queue, rules and recorded requests.
  void reset();

  // Every request received, in order (including rejected ones).
  std::vector<FakeLlmRequest> requests() const;
  size_t request_count() const;
  size_t queued() const;      // scripted replies not yet used
  size_t unscripted() const;  // requests answered by the fallback
  // Blocks until at least `n` requests were received; false when `hang_guard` passed first
  // (a guard against a hanging test, not a timing assertion).
  bool wait_for_requests(size_t n,
                         std::chrono::milliseconds hang_guard = std::chrono::seconds(60)) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

}  // namespace kerf::testing
