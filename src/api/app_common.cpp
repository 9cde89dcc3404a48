#include "app_common.h"

#include <cstdlib>

#include "kerf/core/time_format.h"

namespace kerf::api {

app::Principal app_principal(const RequestContext& ctx) { return ctx.user(); }

std::optional<int64_t> optional_version(JsonReader& r) { return r.integer("version", false, 1); }

const nlohmann::json& body_or_empty(const RequestContext& ctx) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return ctx.json.is_null() ? kEmpty : ctx.json;
}

const nlohmann::json& body_as_sent(const RequestContext& ctx) { return ctx.json; }

nlohmann::json iso_of_ms(int64_t ms) { return format_iso8601(TimePoint(Micros(ms * 1000))); }

nlohmann::json iso_of_ms(const std::optional<int64_t>& ms) {
  return ms ? iso_of_ms(*ms) : nlohmann::json(nullptr);
}

Result<int64_t> query_version(const RequestContext& ctx) {
  const std::string* v = ctx.query_param("version");
  int64_t version = 0;
  if (v == nullptr || (version = std::atoll(v->c_str())) <= 0 || std::to_string(version) != *v) {
    return Error::invalid("version", "must be a positive integer");
  }
  return version;
}

Response respond(const Status& status) {
  if (!status.ok()) return problem_response(status.error());
  return no_content();
}

}  // namespace kerf::api
