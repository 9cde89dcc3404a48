// Static file serving for the web UI: content types by extension, no path traversal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kerf/api/http_types.h"

namespace kerf::api {

// The content type for a file name by extension ("application/octet-stream" when unknown).
std::string_view content_type_for(std::string_view filename);

// Serves decoded `path` from `root`: "/" and extension-less unknown paths fall back to
// index.html (single-page app). Returns nullopt when nothing matches; 404 for traversal attempts.
std::optional<Response> serve_static(const std::string& root, std::string_view path);

}  // namespace kerf::api
