#include "request_checks.h"

#include <cctype>

namespace kerf::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "host:port" with the scheme's default port made explicit, lower-case.
std::string authority_with_port(std::string_view authority, bool tls) {
  std::string out = ascii_lower(authority);
  bool has_port = false;
  auto colon = out.rfind(':');
  if (colon != std::string::npos) {
    // "[::1]:80" has a port; "[::1]" does not.
    has_port = out.find(']') == std::string::npos || out.rfind(']') < colon;
  }
  if (!has_port) out += tls ? ":443" : ":80";
  return out;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string media_type(std::string_view content_type) {
  return ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
}

bool is_json_media(std::string_view m) {
  return m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"));
}

bool is_form_media(std::string_view m) {
  return m == "application/x-www-form-urlencoded" || m == "multipart/form-data" ||
         m == "text/plain";
}

FoundToken find_token(const RequestContext& ctx, std::string_view cookie_name, bool allow_query) {
  if (const auto* auth = ctx.header("authorization")) {
    std::string_view v = *auth;
    if (v.size() > 7 && ascii_lower(v.substr(0, 7)) == "bearer ") {
      return {std::string(trim(v.substr(7))), TokenSource::kBearer};
    }
  }
  if (const auto* cookie = ctx.header("cookie")) {
    auto v = cookie_value(*cookie, cookie_name);
    if (!v.empty()) return {std::move(v), TokenSource::kCookie};
  }
  if (allow_query) {
    if (const auto* t = ctx.query_param("token")) return {*t, TokenSource::kQuery};
  }
  return {};
}

bool is_state_changing(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool same_origin(std::string_view origin, std::string_view host, bool tls) {
  std::string_view scheme = tls ? "https://" : "http://";
  std::string o = ascii_lower(trim(origin));
  if (!o.starts_with(scheme) || host.empty()) return false;
  std::string_view authority = std::string_view(o).substr(scheme.size());
  if (authority.empty() || authority.find('/') != std::string_view::npos) return false;
  return authority_with_port(authority, tls) == authority_with_port(trim(host), tls);
}

std::optional<std::string> csrf_refusal(const RequestContext& ctx, bool tls) {
  if (!is_state_changing(ctx.method)) return std::nullopt;
  if (const auto* h = ctx.header(kCsrfHeader); h != nullptr && !trim(*h).empty()) {
    return std::nullopt;
  }
  const auto* origin = ctx.header("origin");
  const auto* host = ctx.header("host");
  if (origin != nullptr && host != nullptr && same_origin(*origin, *host, tls)) {
    return std::nullopt;
  }
  return std::string("cross-site request refused: a cookie-authenticated " + ctx.method +
                     " needs the X-Kerf-Csrf header or a same-origin Origin header");
}

std::optional<std::string> websocket_origin_refusal(const RequestContext& ctx, bool tls) {
  const auto* origin = ctx.header("origin");
  if (origin == nullptr) return std::nullopt;
  const auto* host = ctx.header("host");
  if (host != nullptr && same_origin(*origin, *host, tls)) return std::nullopt;
  return "WebSocket upgrade refused: Origin '" + *origin + "' is not this server";
}

}  // namespace kerf::api
