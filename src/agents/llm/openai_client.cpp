// The OpenAI-compatible client: retries with backoff, token accounting, and the validation of
// every tool call the model returns (docs/llm.md, "Refusals").
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "agents/llm/wire.h"
#include "kerf/agents/graph/graph.h"
#include "kerf/agents/llm/client.h"
#include "kerf/agents/llm/tool_schema.h"

namespace kerf::agents {
namespace {

constexpr size_t kMaxToolCalls = 16;  // per reply; more are refused
constexpr std::chrono::milliseconds kMaxBackoff{8000};
constexpr std::chrono::milliseconds kMaxRetryAfter{10000};

bool is_named_choice(const std::optional<std::string>& choice) {
  return choice && *choice != "auto" && *choice != "none" && *choice != "required";
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// The tool calls of `decoded` checked against what was offered and asked (never trusting the
// model): accepted ones go to response.message.tool_calls, the others to response.refused.
void check_tool_calls(const ChatRequest& request, const llm::DecodedResponse& decoded,
                      ChatResponse& response) {
  std::map<std::string, const ToolSpec*> offered;
  for (const auto& t : request.tools) offered[t.name] = &t;
  const auto& choice = request.tool_choice;
  std::set<std::string> ids;
  for (size_t i = 0; i < decoded.tool_calls.size(); ++i) {
    const llm::RawToolCall& raw = decoded.tool_calls[i];
    std::string id = raw.id.empty() || ids.count(raw.id) ? "call_" + std::to_string(i) : raw.id;
    ids.insert(id);
    auto refuse = [&](std::string why) {
      response.refused.push_back({id, raw.name, raw.arguments, std::move(why)});
    };
    if (i >= kMaxToolCalls) {
      refuse("more than " + std::to_string(kMaxToolCalls) + " tool calls in one reply");
      continue;
    }
    if (choice && *choice == "none") {
      refuse("tool_choice was \"none\" but the model called " + quoted(raw.name));
      continue;
    }
    auto spec = offered.find(raw.name);
    if (spec == offered.end()) {
      refuse("tool " + quoted(raw.name) + " was not offered");
      continue;
    }
    if (is_named_choice(choice) && raw.name != *choice) {
      refuse("tool_choice named " + quoted(*choice) + " but the model called " + quoted(raw.name));
      continue;
    }
    auto args = parse_tool_arguments(raw.arguments, spec->second->parameters);
    if (!args) {
      refuse(args.error().message);
      continue;
    }
    if (raw.arguments_was_object) {
      response.repairs.push_back(raw.name + ": arguments sent as an object, not a JSON string");
    }
    for (const auto& r : args->repairs) response.repairs.push_back(raw.name + ": " + r);
    response.message.tool_calls.push_back({id, raw.name, std::move(args->value)});
  }
  if (decoded.tool_calls.empty()) {
    if (is_named_choice(choice)) {
      response.refused.push_back(
          {"", *choice, "",
           "tool_choice named " + quoted(*choice) + " but the model called no tool"});
    } else if (choice && *choice == "required") {
      response.refused.push_back(
          {"", "", "", "tool_choice was \"required\" but the model called no tool"});
    }
  }
}

// `text` with every occurrence of `secret` masked (servers may echo what they were sent).
std::string mask(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t p = text.find(secret); p != std::string::npos; p = text.find(secret, p)) {
    text.replace(p, secret.size(), "***");
  }
  return text;
}

Error masked(Error e, const std::string& secret) {
  e.message = mask(std::move(e.message), secret);
  for (auto& f : e.fields) f.message = mask(std::move(f.message), secret);
  return e;
}

// The error of a non-retried HTTP status.
Error http_error(int status, const std::string& host, const std::string& message) {
  std::string text = "llm: HTTP " + std::to_string(status) + " from " + host + ": " + message;
  if (status == 401 || status == 403) return Error::make(ErrorCode::kPermissionDenied, text);
  if (status == 413) return Error::make(ErrorCode::kTooLarge, text);
  return Error::make(ErrorCode::kInvalidArgument, text);
}

std::chrono::milliseconds retry_after(const std::string& header) {
  if (header.empty() || header.size() > 6 ||
      !std::all_of(header.begin(), header.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::chrono::milliseconds(-1);
  }
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(std::stol(header)),
                                             kMaxRetryAfter);
}

class OpenAiClient final : public LlmClient {
 public:
  OpenAiClient(LlmSettings settings, llm::Endpoint endpoint, const Clock& clock)
      : settings_(std::move(settings)), endpoint_(std::move(endpoint)), clock_(clock) {}

  Result<ChatResponse> chat(const ChatRequest& request, Budget& budget) override {
    budget.llm_calls += 1;
    const std::string body = llm::encode_request(request, settings_)
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const int64_t attempts = settings_.retries + 1;
    std::chrono::milliseconds backoff = settings_.retry_backoff;
    std::chrono::milliseconds wait{0};
    Error last = Error::unavailable("llm: no attempt made");
    for (int64_t attempt = 1; attempt <= attempts; ++attempt) {
      if (attempt > 1) {
        spdlog::warn("llm: attempt {}/{} to {} failed ({}); retrying in {} ms", attempt - 1,
                     attempts, endpoint_.host, last.message, wait.count());
        std::this_thread::sleep_for(wait);
      }
      wait = backoff;
      backoff = std::min(backoff * 2, kMaxBackoff);
      auto reply = llm::post_json(endpoint_, body, settings_.api_key, settings_.connect_timeout,
                                  settings_.request_timeout);
      if (!reply) {
        last = masked(reply.error(), settings_.api_key);
        continue;
      }
      if (reply->status == 429 || reply->status >= 500) {
        last = Error::unavailable("llm: HTTP " + std::to_string(reply->status) + " from " +
                                  endpoint_.host + ": " + llm::error_message_of(reply->body));
        last = masked(std::move(last), settings_.api_key);
        if (auto ra = retry_after(reply->retry_after); ra.count() >= 0) wait = std::max(wait, ra);
        continue;
      }
      if (reply->status < 200 || reply->status > 299) {
        return masked(http_error(reply->status, endpoint_.host, llm::error_message_of(reply->body)),
                      settings_.api_key);
      }
      return finish(request, reply->body, budget);
    }
    if (attempts > 1) last.message += " (after " + std::to_string(attempts) + " attempts)";
    return last;
  }

  const std::string& model() const override { return settings_.model; }

 private:
  Result<ChatResponse> finish(const ChatRequest& request, const std::string& body, Budget& budget) {
    int64_t prompt = 0, completion = 0;
    if (llm::decode_usage(body, prompt, completion)) budget.tokens += prompt + completion;
    auto decoded = llm::decode_response(body);
    if (!decoded) {
      Error e = decoded.error();
      e.message = "llm: malformed response: " + e.message;
      return masked(std::move(e), settings_.api_key);
    }
    ChatResponse response;
    response.message.role = "assistant";
    response.message.content = decoded->content;
    response.finish_reason = decoded->finish_reason;
    response.prompt_tokens = decoded->prompt_tokens;
    response.completion_tokens = decoded->completion_tokens;
    check_tool_calls(request, *decoded, response);
    for (const auto& r : response.refused) {
      spdlog::warn("llm: refused tool call {} {}: {}", r.id, r.name, r.error);
    }
    return response;
  }

  LlmSettings settings_;
  llm::Endpoint endpoint_;
  [[maybe_unused]] const Clock& clock_;
};

}  // namespace

std::unique_ptr<LlmClient> make_openai_client(const LlmSettings& settings, const Clock& clock,
                                              std::string* why) {
  auto say = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return nullptr;
  };
  if (settings.url.empty()) return say("no model configured ([llm] url is empty)");
  if (settings.model.empty()) return say("llm.model: required when llm.url is set");
  auto endpoint = llm::parse_endpoint(settings.url);
  if (!endpoint) return say(endpoint.error().message);
  if (!may_send_shop_data(settings)) {
    return say("llm.url host " + endpoint->host +
               " is not on this machine and llm.share_shop_data is false: shop data stays here, "
               "the agents run without a model");
  }
  if (why) why->clear();
  return std::make_unique<OpenAiClient>(settings, std::move(*endpoint), clock);
}

}  // namespace kerf::agents
