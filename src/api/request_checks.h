// Private to the server: header-level request rules shared by HTTP and WebSocket sessions
// (where the session token comes from, media types, the CSRF and Origin rules).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kerf/api/http_types.h"

namespace kerf::api {

// The header a cookie-authenticated script sends to prove it is not a cross-site form.
inline constexpr std::string_view kCsrfHeader = "x-kerf-csrf";

enum class TokenSource { kNone, kBearer, kCookie, kQuery };

struct FoundToken {
  std::string token;
  TokenSource source = TokenSource::kNone;
};

// ASCII lower-case copy of `s`.
std::string ascii_lower(std::string_view s);

// "application/json; charset=utf-8" -> "application/json" (lower-case, trimmed).
std::string media_type(std::string_view content_type);

// True for application/json and application/*+json.
bool is_json_media(std::string_view media);

// True for the media types an HTML form can send cross-site without a CORS preflight
// (application/x-www-form-urlencoded, multipart/form-data, text/plain).
bool is_form_media(std::string_view media);

// The token from "Authorization: Bearer x", else the session cookie `cookie_name`, else (when
// `allow_query`, WebSocket only) the ?token= parameter; source kNone when there is none.
FoundToken find_token(const RequestContext& ctx, std::string_view cookie_name, bool allow_query);

// True for POST, PUT, PATCH, DELETE and any method that is not GET/HEAD/OPTIONS.
bool is_state_changing(std::string_view method);

// True when the Origin header value `origin` ("https://host:port") names the same scheme, host
// and port as the request's Host header `host` on a connection that is TLS or not.
bool same_origin(std::string_view origin, std::string_view host, bool tls);

// The CSRF rule for a request authenticated by the session cookie: a state-changing request
// must carry X-Kerf-Csrf (any non-empty value) or a same-origin Origin. Returns the reason for
// a 403, or nullopt when the request passes. Not applied to bearer-token requests.
std::optional<std::string> csrf_refusal(const RequestContext& ctx, bool tls);

// The Origin rule for a WebSocket upgrade: an absent Origin (non-browser client) or a
// same-origin one passes; returns the reason for a 403 otherwise.
std::optional<std::string> websocket_origin_refusal(const RequestContext& ctx, bool tls);

}  // namespace kerf::api
