#include "kerf/api/router.h"

#include <algorithm>
#include <stdexcept>

namespace kerf::api {
namespace {

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

}  // namespace

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    auto slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    if (!seg.empty()) out.emplace_back(seg);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

void Router::add(RouteSpec spec, Handler handler) {
  if (spec.path.empty() || spec.path.front() != '/') {
    throw std::logic_error("route path must start with '/': " + spec.path);
  }
  auto segments = split_path(spec.path);
  for (const auto& seg : segments) {
    bool open = seg.find('{') != std::string::npos || seg.find('}') != std::string::npos;
    if (open && !is_param(seg)) throw std::logic_error("bad path parameter in " + spec.path);
  }
  for (const auto& r : routes_) {
    if (r.spec.method == spec.method && r.segments == segments) {
      throw std::logic_error("duplicate route " + spec.method + " " + spec.path);
    }
  }
  routes_.push_back(Route{std::move(spec), std::move(handler), std::move(segments)});
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  auto segs = split_path(path);
  int best_literals = -1;
  for (const auto& route : routes_) {
    const bool tail = route.spec.path_tail && !route.segments.empty() &&
                      is_param(route.segments.back()) && segs.size() > route.segments.size();
    if (route.segments.size() != segs.size() && !tail) continue;
    int literals = 0;
    bool ok = true;
    for (std::size_t i = 0; i < route.segments.size() && ok; ++i) {
      if (is_param(route.segments[i])) continue;
      if (route.segments[i] != segs[i]) ok = false;
      ++literals;
    }
    if (!ok) continue;
    if (route.spec.method != method) {
      if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(),
                    route.spec.method) == result.allowed_methods.end()) {
        result.allowed_methods.push_back(route.spec.method);
      }
      continue;
    }
    if (literals <= best_literals) continue;
    best_literals = literals;
    result.route = &route;
    result.params.clear();
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
      const auto& seg = route.segments[i];
      if (is_param(seg)) result.params[seg.substr(1, seg.size() - 2)] = segs[i];
    }
    if (tail) {
      const auto& last = route.segments.back();
      std::string& value = result.params[last.substr(1, last.size() - 2)];
      for (std::size_t i = route.segments.size(); i < segs.size(); ++i) value += "/" + segs[i];
    }
  }
  if (result.route != nullptr) result.allowed_methods.clear();
  return result;
}

Status Router::authorize(const RouteSpec& spec, const Principal& who) {
  if (spec.is_public || !spec.permission) return ok_status();
  return app::authorize(who, *spec.permission);
}

}  // namespace kerf::api
