#include "static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kerf::api {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string_view content_type_for(std::string_view name) {
  auto dot = name.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "ico") return "image/x-icon";
  if (ext == "webp") return "image/webp";
  if (ext == "woff") return "font/woff";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "wasm") return "application/wasm";
  return "application/octet-stream";
}

std::optional<Response> serve_static(const std::string& root, std::string_view path) {
  if (root.empty()) return std::nullopt;
  // Reject anything that could escape the root before touching the file system.
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return problem_response(404, "not found");
  }
  fs::path rel;
  std::string_view rest = path;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") return problem_response(404, "not found");
    rel /= std::string(seg);
  }
  std::error_code ec;
  fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path target = base / rel;
  if (rel.empty() || fs::is_directory(target, ec)) target /= "index.html";
  fs::path canon = fs::weakly_canonical(target, ec);
  auto [b, c] = std::mismatch(base.begin(), base.end(), canon.begin(), canon.end());
  if (ec || b != base.end()) return problem_response(404, "not found");
  if (!fs::is_regular_file(canon, ec)) {
    if (rel.has_extension()) return std::nullopt;
    canon = base / "index.html";  // client-side routes of the single-page app
    if (!fs::is_regular_file(canon, ec)) return std::nullopt;
  }
  auto body = read_file(canon);
  if (!body) return std::nullopt;
  Response r;
  r.content_type = std::string(content_type_for(canon.filename().string()));
  r.body = std::move(*body);
  return r;
}

}  // namespace kerf::api
