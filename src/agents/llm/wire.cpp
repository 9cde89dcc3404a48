// The OpenAI chat-completions JSON subset kerf speaks (docs/llm.md) and the endpoint URL.
#include "agents/llm/wire.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace kerf::agents::llm {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

json encode_message(const ChatMessage& m) {
  json out = {{"role", m.role}};
  if (m.role == "assistant" && !m.tool_calls.empty()) {
    out["content"] = m.content.empty() ? json(nullptr) : json(m.content);
    json calls = json::array();
    for (const auto& c : m.tool_calls) {
      calls.push_back({{"id", c.id},
                       {"type", "function"},
                       {"function", {{"name", c.name}, {"arguments", c.arguments.dump()}}}});
    }
    out["tool_calls"] = std::move(calls);
    return out;
  }
  out["content"] = m.content;
  if (m.role == "tool") {
    out["tool_call_id"] = m.tool_call_id;
  } else if (!m.name.empty()) {
    out["name"] = m.name;
  }
  return out;
}

std::string at(const std::string& path, const char* key) { return path + "." + key; }

}  // namespace

Result<Endpoint> parse_endpoint(const std::string& url, const std::string& field) {
  Endpoint e;
  std::string rest;
  const std::string l = lower(url.substr(0, 8));
  if (l.rfind("http://", 0) == 0) {
    rest = url.substr(7);
    e.port = 80;
  } else if (l.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    e.tls = true;
    e.port = 443;
  } else {
    return Error::invalid(field, "must start with http:// or https://");
  }
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    return Error::invalid(field, "must not carry credentials (use llm.api_key_env)");
  }
  if (path.find_first_of("?#") != std::string::npos) {
    return Error::invalid(field, "must not have a query or fragment");
  }
  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return Error::invalid(field, "unclosed [ in the host");
    e.host = authority.substr(1, close - 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return Error::invalid(field, "unexpected text after the host");
      port_text = after.substr(1);
    }
  } else {
    const size_t colon = authority.find(':');
    e.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (e.host.empty()) return Error::invalid(field, "has no host");
  for (unsigned char c : e.host) {
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':')) {
      return Error::invalid(field, "host has an invalid character");
    }
  }
  if (!port_text.empty() || authority.back() == ':') {
    if (port_text.empty() || port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(),
                     [](unsigned char c) { return std::isdigit(c); })) {
      return Error::invalid(field, "port must be a number in 1..65535");
    }
    const long p = std::stol(port_text);
    if (p < 1 || p > 65535) return Error::invalid(field, "port must be a number in 1..65535");
    e.port = static_cast<uint16_t>(p);
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  // A URL given with the full path still works.
  const std::string suffix = "/chat/completions";
  if (path.size() >= suffix.size() &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    path.resize(path.size() - suffix.size());
  }
  e.base_path = path;
  return e;
}

bool is_loopback_host(const std::string& host_in) {
  std::string host = lower(host_in);
  if (host == "localhost" || (host.size() > 10 && host.ends_with(".localhost"))) return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    static const unsigned char kLoop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (std::equal(std::begin(kLoop), std::end(kLoop), v6.s6_addr)) return true;
    // ::ffff:127.x.y.z (IPv4-mapped loopback).
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::equal(std::begin(kMapped), std::end(kMapped), v6.s6_addr) && v6.s6_addr[12] == 127;
  }
  return false;
}

nlohmann::json encode_request(const ChatRequest& request, const LlmSettings& settings) {
  json body = {{"model", settings.model}, {"stream", false}};
  json messages = json::array();
  for (const auto& m : request.messages) messages.push_back(encode_message(m));
  body["messages"] = std::move(messages);
  if (settings.max_tokens > 0) body["max_tokens"] = settings.max_tokens;
  body["temperature"] = settings.temperature;
  if (!request.tools.empty()) {
    json tools = json::array();
    for (const auto& t : request.tools) {
      json params = t.parameters.is_object() ? t.parameters : json{{"type", "object"}};
      tools.push_back(
          {{"type", "function"},
           {"function",
            {{"name", t.name}, {"description", t.description}, {"parameters", params}}}});
    }
    body["tools"] = std::move(tools);
  }
  if (request.tool_choice) {
    const std::string& c = *request.tool_choice;
    if (c == "auto" || c == "none" || c == "required") {
      body["tool_choice"] = c;
    } else {
      body["tool_choice"] = {{"type", "function"}, {"function", {{"name", c}}}};
    }
  }
  return body;
}

bool decode_usage(const std::string& body, int64_t& prompt_tokens, int64_t& completion_tokens) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("usage") || !j["usage"].is_object()) {
    return false;
  }
  const json& u = j["usage"];
  auto get = [&](const char* k) -> int64_t {
    return u.contains(k) && u[k].is_number_integer() ? std::max<int64_t>(0, u[k].get<int64_t>())
                                                     : 0;
  };
  prompt_tokens = get("prompt_tokens");
  completion_tokens = get("completion_tokens");
  if (completion_tokens == 0 && prompt_tokens == 0) {
    completion_tokens = get("total_tokens");
  }
  return true;
}

Result<DecodedResponse> decode_response(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return Error::invalid("body", "not JSON");
  if (!j.is_object()) return Error::invalid("body", "expected an object");
  DecodedResponse out;
  out.has_usage = decode_usage(body, out.prompt_tokens, out.completion_tokens);
  if (!j.contains("choices")) return Error::invalid("choices", "missing");
  if (!j["choices"].is_array()) return Error::invalid("choices", "expected array");
  if (j["choices"].empty()) return Error::invalid("choices", "empty");
  const json& choice = j["choices"][0];
  std::string path = "choices[0]";
  if (!choice.is_object()) return Error::invalid(path, "expected object");
  if (choice.contains("finish_reason") && !choice["finish_reason"].is_null()) {
    if (!choice["finish_reason"].is_string()) {
      return Error::invalid(at(path, "finish_reason"), "expected string");
    }
    out.finish_reason = choice["finish_reason"].get<std::string>();
  }
  if (!choice.contains("message")) return Error::invalid(at(path, "message"), "missing");
  const json& msg = choice["message"];
  path = at(path, "message");
  if (!msg.is_object()) return Error::invalid(path, "expected object");
  if (msg.contains("content") && !msg["content"].is_null()) {
    if (!msg["content"].is_string()) return Error::invalid(at(path, "content"), "expected string");
    out.content = msg["content"].get<std::string>();
  }
  if (!msg.contains("tool_calls") || msg["tool_calls"].is_null()) return out;
  if (!msg["tool_calls"].is_array()) {
    return Error::invalid(at(path, "tool_calls"), "expected array");
  }
  const json& calls = msg["tool_calls"];
  for (size_t i = 0; i < calls.size(); ++i) {
    const std::string cp = path + ".tool_calls[" + std::to_string(i) + "]";
    const json& c = calls[i];
    if (!c.is_object()) return Error::invalid(cp, "expected object");
    RawToolCall rc;
    if (c.contains("id") && !c["id"].is_null()) {
      if (!c["id"].is_string()) return Error::invalid(at(cp, "id"), "expected string");
      rc.id = c["id"].get<std::string>();
    }
    if (c.contains("type") && !(c["type"].is_string() && c["type"] == "function")) {
      return Error::invalid(at(cp, "type"), "expected \"function\"");
    }
    if (!c.contains("function")) return Error::invalid(at(cp, "function"), "missing");
    const json& f = c["function"];
    const std::string fp = at(cp, "function");
    if (!f.is_object()) return Error::invalid(fp, "expected object");
    if (!f.contains("name")) return Error::invalid(at(fp, "name"), "missing");
    if (!f["name"].is_string()) return Error::invalid(at(fp, "name"), "expected string");
    rc.name = f["name"].get<std::string>();
    if (f.contains("arguments") && !f["arguments"].is_null()) {
      if (f["arguments"].is_string()) {
        rc.arguments = f["arguments"].get<std::string>();
      } else if (f["arguments"].is_object()) {
        rc.arguments = f["arguments"].dump();
        rc.arguments_was_object = true;
      } else {
        return Error::invalid(at(fp, "arguments"), "expected string");
      }
    }
    out.tool_calls.push_back(std::move(rc));
  }
  return out;
}

std::string error_message_of(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object() && j.contains("error")) {
    const json& e = j["error"];
    if (e.is_object() && e.contains("message") && e["message"].is_string()) {
      return e["message"].get<std::string>();
    }
    if (e.is_string()) return e.get<std::string>();  // llama.cpp / Ollama style
  }
  std::string s = body.substr(0, 200);
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return s.empty() ? "(empty body)" : s;
}

}  // namespace kerf::agents::llm
