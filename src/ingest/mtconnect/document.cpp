#include "kerf/ingest/mtconnect/document.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <pugixml.hpp>

#include "kerf/core/time_format.h"

namespace kerf::ingest::mtconnect {
namespace {

// The element name without a namespace prefix ("m:Header" -> "Header").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// First child element with local name `name`.
pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (auto c : parent.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::optional<uint64_t> to_u64(std::string_view text) {
  uint64_t v = 0;
  if (text.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

Result<pugi::xml_document*> load(pugi::xml_document& doc, std::string_view xml) {
  auto r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    return Error::invalid("document", fmt::format("not XML: {} at offset {}", r.description(),
                                                  static_cast<int64_t>(r.offset)));
  }
  return &doc;
}

pugi::xml_node root_element(const pugi::xml_document& doc) {
  for (auto c : doc.children()) {
    if (c.type() == pugi::node_element) return c;
  }
  return {};
}

// "OutOfRange" -> "OUT_OF_RANGE", "InvalidURI" -> "INVALID_URI".
std::string upper_snake(std::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    bool upper = std::isupper(static_cast<unsigned char>(c));
    bool prev_lower = i > 0 && std::islower(static_cast<unsigned char>(camel[i - 1]));
    if (upper && prev_lower) out.push_back('_');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<uint64_t> header_u64(const pugi::xml_node& header, const char* attr, bool required) {
  auto a = header.attribute(attr);
  if (!a) {
    if (!required) return uint64_t{0};
    return Error::invalid(fmt::format("Header.{}", attr), "missing");
  }
  auto v = to_u64(a.value());
  if (!v) {
    return Error::invalid(fmt::format("Header.{}", attr),
                          fmt::format("'{}' is not an unsigned integer", a.value()));
  }
  return *v;
}

void collect_data_items(const pugi::xml_node& node, const std::string& device,
                        const std::string& uuid, DeviceModel& model,
                        std::vector<FieldError>& errors) {
  for (auto c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == "DataItem") {
      DataItemInfo item{c.attribute("id").value(),
                        c.attribute("name").value(),
                        c.attribute("type").value(),
                        c.attribute("subType").value(),
                        c.attribute("category").value(),
                        device,
                        uuid};
      if (item.id.empty()) {
        errors.push_back({"DataItem.id", fmt::format("missing in device '{}'", device)});
        continue;
      }
      if (item.type.empty() || item.category.empty()) {
        errors.push_back({"DataItem.type", fmt::format("'{}' lacks type or category", item.id)});
        continue;
      }
      if (!model.by_id.emplace(item.id, model.items.size()).second) {
        errors.push_back({"DataItem.id", fmt::format("duplicate id '{}'", item.id)});
        continue;
      }
      model.items.push_back(std::move(item));
      continue;
    }
    collect_data_items(c, device, uuid, model, errors);
  }
}

}  // namespace

const DataItemInfo* DeviceModel::find(std::string_view id) const {
  auto it = by_id.find(std::string(id));
  return it == by_id.end() ? nullptr : &items[it->second];
}

bool ErrorDocument::has(std::string_view code) const {
  for (const auto& e : errors) {
    if (e.code == code) return true;
  }
  return false;
}

Result<int64_t> parse_timestamp(std::string_view text) {
  // Agents send up to 7 fraction digits (adapter time); kerf's parser takes at most 6.
  std::string t(text);
  auto dot = t.find('.');
  if (dot != std::string::npos) {
    size_t end = dot + 1;
    while (end < t.size() && std::isdigit(static_cast<unsigned char>(t[end]))) ++end;
    if (end - dot - 1 > 6) t.erase(dot + 7, end - dot - 7);
  }
  auto tp = parse_iso8601(t);
  if (!tp.ok())
    return Error::invalid("timestamp", fmt::format("'{}': {}", text, tp.error().message));
  return std::chrono::duration_cast<std::chrono::milliseconds>(tp->time_since_epoch()).count();
}

Result<DeviceModel> parse_devices(std::string_view xml) {
  pugi::xml_document doc;
  if (auto r = load(doc, xml); !r.ok()) return r.error();
  auto root = root_element(doc);
  if (local_name(root) != "MTConnectDevices") {
    return Error::invalid("document", fmt::format("expected MTConnectDevices, got '{}'",
                                                  std::string(local_name(root))));
  }
  DeviceModel model;
  auto header = child(root, "Header");
  auto instance = header_u64(header, "instanceId", false);
  if (!instance.ok()) return instance.error();
  model.instance_id = *instance;
  auto devices = child(root, "Devices");
  if (!devices) return Error::invalid("Devices", "missing");
  std::vector<FieldError> errors;
  for (auto d : devices.children()) {
    if (d.type() != pugi::node_element) continue;
    std::string name = d.attribute("name").value();
    if (name.empty()) {
      errors.push_back({"Device.name", "missing"});
      continue;
    }
    model.devices.push_back(name);
    collect_data_items(d, name, d.attribute("uuid").value(), model, errors);
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return model;
}

Result<std::variant<StreamsDocument, ErrorDocument>> parse_streams(std::string_view xml) {
  pugi::xml_document doc;
  if (auto r = load(doc, xml); !r.ok()) return r.error();
  auto root = root_element(doc);
  auto header = child(root, "Header");
  if (local_name(root) == "MTConnectError") {
    ErrorDocument err;
    auto instance = header_u64(header, "instanceId", false);
    if (instance.ok()) err.instance_id = *instance;
    auto add = [&err](const pugi::xml_node& e) {
      std::string code = e.attribute("errorCode").value();
      if (code.empty()) code = upper_snake(local_name(e));
      std::string message = child(e, "ErrorMessage").text().get();
      if (message.empty()) message = e.text().get();
      err.errors.push_back({std::move(code), std::move(message)});
    };
    for (auto c : root.children()) {
      if (c.type() != pugi::node_element) continue;
      if (local_name(c) == "Errors") {
        for (auto e : c.children()) {
          if (e.type() == pugi::node_element) add(e);
        }
      } else if (local_name(c) != "Header") {
        add(c);
      }
    }
    if (err.errors.empty()) return Error::invalid("Errors", "an error document without errors");
    return std::variant<StreamsDocument, ErrorDocument>(std::move(err));
  }
  if (local_name(root) != "MTConnectStreams") {
    return Error::invalid("document", fmt::format("expected MTConnectStreams or MTConnectError, "
                                                  "got '{}'",
                                                  std::string(local_name(root))));
  }
  if (!header) return Error::invalid("Header", "missing");
  StreamsDocument out;
  auto& h = out.header;
  for (auto [field, attr, required] : {std::tuple{&h.instance_id, "instanceId", true},
                                       {&h.first_sequence, "firstSequence", true},
                                       {&h.last_sequence, "lastSequence", true},
                                       {&h.next_sequence, "nextSequence", true},
                                       {&h.buffer_size, "bufferSize", false}}) {
    auto v = header_u64(header, attr, required);
    if (!v.ok()) return v.error();
    *field = *v;
  }
  auto streams = child(root, "Streams");
  for (auto ds : streams.children()) {
    if (ds.type() != pugi::node_element || local_name(ds) != "DeviceStream") continue;
    std::string device = ds.attribute("name").value();
    for (auto cs : ds.children()) {
      if (cs.type() != pugi::node_element || local_name(cs) != "ComponentStream") continue;
      for (auto group : cs.children()) {
        if (group.type() != pugi::node_element) continue;
        auto gname = local_name(group);
        std::string category = gname == "Samples"     ? "SAMPLE"
                               : gname == "Events"    ? "EVENT"
                               : gname == "Condition" ? "CONDITION"
                                                      : "";
        if (category.empty()) continue;
        for (auto o : group.children()) {
          if (o.type() != pugi::node_element) continue;
          Observation obs;
          obs.device_name = device;
          obs.data_item_id = o.attribute("dataItemId").value();
          obs.element = std::string(local_name(o));
          obs.category = category;
          obs.value = o.text().get();
          obs.native_code = o.attribute("nativeCode").value();
          if (category == "CONDITION") {
            obs.level = upper(obs.element);
            obs.type = o.attribute("type").value();
          }
          if (obs.data_item_id.empty()) {
            out.rejected.push_back(fmt::format("{}: no dataItemId", obs.element));
            continue;
          }
          auto seq = to_u64(o.attribute("sequence").value());
          if (!seq || *seq == 0) {
            out.rejected.push_back(fmt::format("{}: sequence '{}' is not a positive integer",
                                               obs.data_item_id, o.attribute("sequence").value()));
            continue;
          }
          obs.sequence = *seq;
          auto ts = parse_timestamp(o.attribute("timestamp").value());
          if (!ts.ok()) {
            out.rejected.push_back(fmt::format("{}: {}", obs.data_item_id, ts.error().message));
            continue;
          }
          obs.ts_ms = *ts;
          out.observations.push_back(std::move(obs));
        }
      }
    }
  }
  // Documents group observations by device and component; their true order is the sequence.
  std::stable_sort(
      out.observations.begin(), out.observations.end(),
      [](const Observation& a, const Observation& b) { return a.sequence < b.sequence; });
  return std::variant<StreamsDocument, ErrorDocument>(std::move(out));
}

}  // namespace kerf::ingest::mtconnect
