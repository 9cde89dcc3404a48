#include "kerf/ingest/mqtt/json_scheme.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ingest/mqtt/json_fields.h"
#include "kerf/ingest/mqtt/signal_map.h"

namespace kerf::ingest::mqtt {
using nlohmann::json;

bool valid_level(std::string_view level) {
  if (level.empty() || level.size() > 64) return false;
  for (char c : level) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

// Reads exactly `n` digits at `pos` (advancing it); -1 when they are not digits.
int digits(std::string_view t, std::size_t& pos, std::size_t n) {
  if (pos + n > t.size()) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = t[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool expect(std::string_view t, std::size_t& pos, char c) {
  if (pos >= t.size() || t[pos] != c) return false;
  ++pos;
  return true;
}

// A JSON scalar as a Value; error for arrays and objects.
Result<Value> json_value(const json& j, const std::string& field) {
  switch (j.type()) {
    case json::value_t::null:
      return Value{};
    case json::value_t::boolean:
      return Value(j.get<bool>());
    case json::value_t::number_integer:
      return Value(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) return Error::invalid(field, "integer too large");
      return Value(static_cast<int64_t>(u));
    }
    case json::value_t::number_float:
      return Value(j.get<double>());
    case json::value_t::string:
      return Value(j.get<std::string>());
    default:
      return Error::invalid(field, "must be a number, boolean, string or null");
  }
}

constexpr int64_t kMaxTsMs = 253402300799999;  // 9999-12-31T23:59:59.999Z

}  // namespace

Result<TopicAddress> parse_topic(std::string_view topic) {
  std::string_view levels[5];
  std::size_t n = 0;
  std::size_t start = 0;
  while (true) {
    auto slash = topic.find('/', start);
    std::string_view level = topic.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (n == 5) return Error::invalid("topic", "more than 5 levels");
    levels[n++] = level;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (n != 5)
    return Error::invalid("topic", "expected kerf/<plant>/<department>/<machine>/<signal>");
  if (levels[0] != "kerf") return Error::invalid("topic", "first level must be 'kerf'");
  static const char* kNames[] = {"", "plant", "department", "machine", "signal"};
  for (std::size_t i = 1; i < 5; ++i) {
    if (!valid_level(levels[i])) {
      return Error::invalid("topic",
                            fmt::format("{} level must be 1..64 of [A-Za-z0-9_.-]", kNames[i]));
    }
  }
  return TopicAddress{std::string(levels[1]), std::string(levels[2]), std::string(levels[3]),
                      std::string(levels[4])};
}

std::string make_topic(std::string_view plant, std::string_view department,
                       std::string_view machine, std::string_view signal) {
  return fmt::format("kerf/{}/{}/{}/{}", plant, department, machine, signal);
}

Result<int64_t> parse_rfc3339(std::string_view t, const std::string& field) {
  const auto bad = [&] {
    return Error::invalid(field, "must be RFC 3339 like 2026-11-29T11:30:00.250Z");
  };
  std::size_t p = 0;
  int year = digits(t, p, 4);
  if (year < 0 || !expect(t, p, '-')) return bad();
  int month = digits(t, p, 2);
  if (month < 0 || !expect(t, p, '-')) return bad();
  int day = digits(t, p, 2);
  if (day < 0 || p >= t.size() || (t[p] != 'T' && t[p] != 't')) return bad();
  ++p;
  int hour = digits(t, p, 2);
  if (hour < 0 || !expect(t, p, ':')) return bad();
  int minute = digits(t, p, 2);
  if (minute < 0 || !expect(t, p, ':')) return bad();
  int second = digits(t, p, 2);
  if (second < 0) return bad();
  int64_t millis = 0;
  if (p < t.size() && t[p] == '.') {
    ++p;
    std::size_t first = p;
    int64_t scale = 100;
    while (p < t.size() && t[p] >= '0' && t[p] <= '9') {
      millis += (t[p] - '0') * scale;
      scale /= 10;
      ++p;
    }
    if (p == first || p - first > 9) return bad();
  }
  int offset_min = 0;
  if (p < t.size() && (t[p] == 'Z' || t[p] == 'z')) {
    ++p;
  } else if (p < t.size() && (t[p] == '+' || t[p] == '-')) {
    int sign = t[p] == '-' ? -1 : 1;
    ++p;
    int oh = digits(t, p, 2);
    if (oh < 0 || !expect(t, p, ':')) return bad();
    int om = digits(t, p, 2);
    if (om < 0 || oh > 23 || om > 59) return bad();
    offset_min = sign * (oh * 60 + om);
  } else {
    return bad();
  }
  if (p != t.size()) return bad();
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                     std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) {
    return Error::invalid(field, "date or time out of range");
  }
  int64_t days = sys_days(ymd).time_since_epoch().count();
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + std::min(second, 59) -
                 static_cast<int64_t>(offset_min) * 60;
  int64_t ms = secs * 1000 + millis;
  if (ms < 0) return Error::invalid(field, "before 1970");
  return ms;
}

Status read_sample_field(const std::string& key, const nlohmann::json& j, const std::string& path,
                         std::string_view source, Sample& out, SampleFields& f) {
  if (key == "v") {
    auto v = json_value(j, path + "v");
    if (!v.ok()) return v.error();
    f.raw = std::move(*v);
    f.has_v = true;
  } else if (key == "ts") {
    if (j.is_string()) {
      auto ms = parse_rfc3339(j.get_ref<const std::string&>(), path + "ts");
      if (!ms.ok()) return ms.error();
      out.ts_ms = *ms;
    } else if (j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0)) {
      uint64_t ms = j.get<uint64_t>();
      if (ms > static_cast<uint64_t>(kMaxTsMs)) return Error::invalid(path + "ts", "too large");
      out.ts_ms = static_cast<int64_t>(ms);
    } else {
      return Error::invalid(path + "ts", "must be an RFC 3339 string or epoch milliseconds >= 0");
    }
  } else if (key == "q") {
    const std::string why = "must be good, unavailable or bad";
    if (!j.is_string()) return Error::invalid(path + "q", why);
    const auto& q = j.get_ref<const std::string&>();
    if (q == "good") {
      out.quality = Quality::kGood;
    } else if (q == "unavailable") {
      out.quality = Quality::kUnavailable;
    } else if (q == "bad") {
      out.quality = Quality::kBad;
    } else {
      return Error::invalid(path + "q", why);
    }
    f.quality_given = true;
  } else if (key == "seq") {
    if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<int64_t>() >= 0)) {
      return Error::invalid(path + "seq", "must be an unsigned integer");
    }
    out.seq = j.get<uint64_t>();
  } else if (key == "src") {
    // The sender's own source name (an edge gateway "edge:<id>"): seq counts per sender.
    if (!j.is_string() || j.get<std::string>().empty() || j.get<std::string>().size() > 128) {
      return Error::invalid(path + "src", "must be a string of 1..128 characters");
    }
    out.source = std::string(source) + "|" + j.get<std::string>();
  } else {
    return Error::invalid(path + (key.size() > 32 ? key.substr(0, 32) : key), "unknown field");
  }
  return ok_status();
}

Result<Sample> finish_sample(const SignalMapping& mapping, std::string_view signal_name, Sample out,
                             SampleFields f, const std::string& path) {
  if (mapping.fixed_text[0] != '\0') {
    // A polishing pulse (".../pass"): true means one inspection with that result.
    if (std::holds_alternative<bool>(f.raw) && std::get<bool>(f.raw)) {
      f.raw = std::string(mapping.fixed_text);
    } else if (!std::holds_alternative<std::monostate>(f.raw)) {
      return Error::invalid(path + "v",
                            fmt::format("'{}' is a pulse: v must be true", signal_name));
    }
  }
  auto checked = check_signal_value(mapping, std::move(f.raw), path + "v");
  if (!checked.ok()) return checked.error();
  out.signal = mapping.signal;
  out.value = std::move(*checked);
  if (std::holds_alternative<std::monostate>(out.value)) {
    if (f.quality_given && out.quality == Quality::kGood) {
      return Error::invalid(path + "q", "good quality needs a value");
    }
    if (!f.quality_given) out.quality = Quality::kUnavailable;
  }
  return out;
}

Result<Sample> parse_json_message(std::string_view topic, std::string_view payload, int64_t now_ms,
                                  std::string_view source) {
  auto addr = parse_topic(topic);
  if (!addr.ok()) return addr.error();
  const SignalMapping* mapping = map_signal_name(addr->signal);
  if (mapping == nullptr) {
    return Error::invalid("topic", fmt::format("unknown signal '{}'", addr->signal));
  }
  if (payload.size() > kMaxJsonPayload) {
    return Error::invalid("payload",
                          fmt::format("{} bytes exceeds {}", payload.size(), kMaxJsonPayload));
  }
  json doc = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error::invalid("payload", "not valid JSON");

  Sample out;
  out.machine = addr->machine;
  out.ts_ms = now_ms;
  out.source = std::string(source);
  SampleFields f;
  if (doc.is_object()) {
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (Status st = read_sample_field(it.key(), it.value(), "", source, out, f); !st.ok()) {
        return st.error();
      }
    }
    if (!f.has_v) return Error::invalid("v", "missing");
  } else {
    auto v = json_value(doc, "payload");
    if (!v.ok()) return v.error();
    f.raw = std::move(*v);
  }
  return finish_sample(*mapping, addr->signal, std::move(out), std::move(f), "");
}

nlohmann::json sample_object(const Sample& s) {
  json j = json::object();
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          j["v"] = nullptr;
        } else {
          j["v"] = v;
        }
      },
      s.value);
  j["ts"] = s.ts_ms;
  if (s.quality != Quality::kGood) j["q"] = to_string(s.quality);
  if (s.seq != 0) j["seq"] = s.seq;
  return j;
}

std::string encode_json_payload(const Sample& s) {
  json j = sample_object(s);
  // seq is only meaningful per sender.
  if (s.seq != 0 && !s.source.empty()) j["src"] = s.source;
  return j.dump();
}

}  // namespace kerf::ingest::mqtt
