// [llm] in kerf.toml and the data-sharing rule (docs/llm.md, "Settings").

#include <regex>
#include <set>

#include "agents/llm/wire.h"
#include "kerf/agents/llm/client.h"
#include "kerf/core/toml_parse.h"

namespace kerf::agents {
namespace {

using Errors = std::vector<FieldError>;

void read_text(const toml::table& llm, const char* key, std::string& out, Errors& errors) {
  const toml::node* node = llm.get(key);
  if (!node) return;
  if (!node->is_string()) {
    errors.push_back({std::string("llm.") + key, "must be a string"});
    return;
  }
  out = *node->value<std::string>();
}

void read_int(const toml::table& llm, const char* key, int64_t lo, int64_t hi, int64_t& out,
              Errors& errors) {
  const toml::node* node = llm.get(key);
  if (!node) return;
  auto v = node->value<int64_t>();
  if (!node->is_integer() || !v || *v < lo || *v > hi) {
    errors.push_back({std::string("llm.") + key,
                      "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi)});
    return;
  }
  out = *v;
}

void read_ms(const toml::table& llm, const char* key, int64_t lo, int64_t hi,
             std::chrono::milliseconds& out, Errors& errors) {
  int64_t v = out.count();
  read_int(llm, key, lo, hi, v, errors);
  out = std::chrono::milliseconds(v);
}

}  // namespace

Result<LlmSettings> parse_llm_settings(const std::string& toml_text,
                                       const std::map<std::string, std::string>& env) {
  auto parsed = parse_toml(toml_text);
  if (!parsed.ok()) return parsed.error();
  const toml::table& t = *parsed;
  LlmSettings s;
  const toml::node* section = t.get("llm");
  if (!section) return s;
  const toml::table* llm = section->as_table();
  if (!llm) return Error::invalid("llm", "must be a table");

  Errors errors;
  static const std::set<std::string> kKeys = {
      "url",        "model",   "api_key_env",      "connect_timeout_ms", "request_timeout_ms",
      "max_tokens", "retries", "retry_backoff_ms", "temperature",        "share_shop_data"};
  for (const auto& [key, node] : *llm) {
    if (!kKeys.count(std::string(key.str()))) {
      errors.push_back({"llm." + std::string(key.str()), "unknown key"});
    }
  }
  read_text(*llm, "url", s.url, errors);
  read_text(*llm, "model", s.model, errors);
  read_text(*llm, "api_key_env", s.api_key_env, errors);
  read_ms(*llm, "connect_timeout_ms", 1, 600'000, s.connect_timeout, errors);
  read_ms(*llm, "request_timeout_ms", 1, 3'600'000, s.request_timeout, errors);
  read_ms(*llm, "retry_backoff_ms", 0, 60'000, s.retry_backoff, errors);
  read_int(*llm, "max_tokens", 1, 1'000'000, s.max_tokens, errors);
  read_int(*llm, "retries", 0, 10, s.retries, errors);
  if (const toml::node* node = llm->get("temperature")) {
    auto v = node->value<double>();
    if (!(node->is_floating_point() || node->is_integer()) || !v || *v < 0 || *v > 2) {
      errors.push_back({"llm.temperature", "must be a number in 0..2"});
    } else {
      s.temperature = *v;
    }
  }
  if (const toml::node* node = llm->get("share_shop_data")) {
    if (!node->is_boolean()) {
      errors.push_back({"llm.share_shop_data", "must be true or false"});
    } else {
      s.share_shop_data = *node->value<bool>();
    }
  }
  if (!s.url.empty()) {
    auto endpoint = llm::parse_endpoint(s.url);
    if (!endpoint) errors.push_back(endpoint.error().fields.front());
    if (s.model.empty()) errors.push_back({"llm.model", "required when llm.url is set"});
  }
  if (!s.api_key_env.empty()) {
    static const std::regex kName("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    if (!std::regex_match(s.api_key_env, kName)) {
      errors.push_back({"llm.api_key_env", "must be an environment variable name"});
    } else {
      auto it = env.find(s.api_key_env);
      if (it == env.end() || it->second.empty()) {
        errors.push_back(
            {"llm.api_key_env", "environment variable " + s.api_key_env + " is not set"});
      } else {
        s.api_key = it->second;
      }
    }
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return s;
}

bool may_send_shop_data(const LlmSettings& settings) {
  if (settings.url.empty()) return false;
  auto endpoint = llm::parse_endpoint(settings.url);
  if (!endpoint) return false;
  return settings.share_shop_data || llm::is_loopback_host(endpoint->host);
}

}  // namespace kerf::agents
