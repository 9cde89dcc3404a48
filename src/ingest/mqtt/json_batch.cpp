#include "kerf/ingest/mqtt/json_batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ingest/mqtt/json_fields.h"
#include "kerf/ingest/mqtt/json_scheme.h"

namespace kerf::ingest::mqtt {
namespace {

using nlohmann::json;

constexpr std::string_view kBatchLevel = "_batch";

// One element of "samples" at index `i`.
Result<Sample> parse_element(const json& e, std::size_t i, int64_t now_ms,
                             const std::string& source) {
  const std::string path = fmt::format("samples[{}].", i);
  if (!e.is_object()) return Error::invalid(fmt::format("samples[{}]", i), "must be an object");
  Sample out;
  out.ts_ms = now_ms;
  out.source = source;
  SampleFields f;
  std::string signal_name;
  for (auto it = e.begin(); it != e.end(); ++it) {
    const std::string& key = it.key();
    const json& j = it.value();
    if (key == "m" || key == "s") {
      if (!j.is_string() || !valid_level(j.get_ref<const std::string&>())) {
        return Error::invalid(path + key, "must be 1..64 of [A-Za-z0-9_.-]");
      }
      (key == "m" ? out.machine : signal_name) = j.get<std::string>();
    } else if (key == "src") {
      return Error::invalid(path + key, "belongs to the batch, not to an element");
    } else if (Status st = read_sample_field(key, j, path, source, out, f); !st.ok()) {
      return st.error();
    }
  }
  if (out.machine.empty()) return Error::invalid(path + "m", "missing");
  if (signal_name.empty()) return Error::invalid(path + "s", "missing");
  if (!f.has_v) return Error::invalid(path + "v", "missing");
  const SignalMapping* mapping = map_signal_name(signal_name);
  if (mapping == nullptr) {
    return Error::invalid(path + "s", fmt::format("unknown signal '{}'", signal_name));
  }
  return finish_sample(*mapping, signal_name, std::move(out), std::move(f), path);
}

}  // namespace

bool is_batch_topic(std::string_view topic) {
  // Every message asks, so only the shape and the department level are looked at here;
  // parse_json_batch validates the whole topic.
  if (topic.substr(0, 5) != "kerf/" || std::count(topic.begin(), topic.end(), '/') != 4) {
    return false;
  }
  const auto plant_end = topic.find('/', 5);
  const auto level = topic.substr(plant_end + 1);
  return level.substr(0, level.find('/')) == kBatchLevel;
}

std::string make_batch_topic(std::string_view plant, std::string_view sender) {
  return make_topic(plant, kBatchLevel, sender, "samples");
}

Result<JsonBatch> parse_json_batch(std::string_view topic, std::string_view payload, int64_t now_ms,
                                   std::string_view source) {
  auto addr = parse_topic(topic);
  if (!addr.ok()) return addr.error();
  if (addr->department != kBatchLevel || addr->signal != "samples") {
    return Error::invalid("topic", "expected kerf/<plant>/_batch/<sender>/samples");
  }
  if (payload.size() > kMaxJsonBatchPayload) {
    return Error::invalid("payload",
                          fmt::format("{} bytes exceeds {}", payload.size(), kMaxJsonBatchPayload));
  }
  json doc = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error::invalid("payload", "not valid JSON");
  if (!doc.is_object()) return Error::invalid("payload", "must be an object");
  std::string element_source(source);
  const json* samples = nullptr;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "samples") {
      samples = &it.value();
    } else if (it.key() == "src") {
      const json& j = it.value();
      if (!j.is_string() || j.get<std::string>().empty() || j.get<std::string>().size() > 128) {
        return Error::invalid("src", "must be a string of 1..128 characters");
      }
      element_source = std::string(source) + "|" + j.get<std::string>();
    } else {
      const std::string& key = it.key();
      return Error::invalid(key.size() > 32 ? key.substr(0, 32) : key, "unknown field");
    }
  }
  if (samples == nullptr) return Error::invalid("samples", "missing");
  if (!samples->is_array()) return Error::invalid("samples", "must be an array");
  if (samples->size() > kMaxJsonBatchSamples) {
    return Error::invalid(
        "samples", fmt::format("{} elements exceeds {}", samples->size(), kMaxJsonBatchSamples));
  }
  JsonBatch out;
  out.samples.reserve(samples->size());
  for (std::size_t i = 0; i < samples->size(); ++i) {
    auto s = parse_element((*samples)[i], i, now_ms, element_source);
    if (s.ok()) {
      out.samples.push_back(std::move(*s));
    } else {
      out.rejected.push_back(std::move(s).error());
    }
  }
  return out;
}

std::string encode_json_batch(std::span<const Sample> samples, std::string_view sender_source) {
  json doc = json::object();
  if (!sender_source.empty()) doc["src"] = sender_source;
  json& arr = doc["samples"] = json::array();
  for (const Sample& s : samples) {
    json e = sample_object(s);
    e["m"] = s.machine;
    e["s"] = s.signal;
    arr.push_back(std::move(e));
  }
  return doc.dump();
}

}  // namespace kerf::ingest::mqtt
