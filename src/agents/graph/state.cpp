// StateSchema: declared channels and the four reducers (docs/agents_runtime.md).
#include "kerf/agents/graph/state.h"

#include <utility>

namespace kerf::agents {
namespace {

const ChannelSpec* find_channel(const std::vector<ChannelSpec>& channels, const std::string& name) {
  for (const auto& c : channels) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// `current` merged with `value` through `reducer`; an error message when the reducer cannot
// take the value.
Result<Json> reduce(Reducer reducer, const Json& current, const Json& value,
                    const std::string& field) {
  switch (reducer) {
    case Reducer::kReplace:
      return value;
    case Reducer::kAppend: {
      Json out = current.is_array() ? current : Json::array();
      if (!current.is_array() && !current.is_null()) {
        return Error::invalid(field, "append channel holds a non-array value");
      }
      if (value.is_array()) {
        for (const auto& v : value) out.push_back(v);
      } else {
        out.push_back(value);
      }
      return out;
    }
    case Reducer::kMergeObject: {
      if (!value.is_object()) return Error::invalid(field, "merge channel takes an object");
      Json out = current.is_object() ? current : Json::object();
      for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = it.value();
      return out;
    }
    case Reducer::kSum: {
      if (!value.is_number()) return Error::invalid(field, "sum channel takes a number");
      if (!current.is_number() && !current.is_null()) {
        return Error::invalid(field, "sum channel holds a non-number value");
      }
      if (current.is_null()) return value;
      if (current.is_number_integer() && value.is_number_integer()) {
        return Json(current.get<int64_t>() + value.get<int64_t>());
      }
      return Json(current.get<double>() + value.get<double>());
    }
  }
  return Error::internal("unknown reducer");
}

}  // namespace

Status StateSchema::add(ChannelSpec spec) {
  if (spec.name.empty()) return Error::invalid("channel", "empty channel name");
  if (find_channel(channels_, spec.name) != nullptr) {
    return Error::invalid("channel", "duplicate channel '" + spec.name + "'");
  }
  channels_.push_back(std::move(spec));
  return ok_status();
}

Result<Json> StateSchema::initial(const Json& input) const {
  Json state = Json::object();
  for (const auto& c : channels_) state[c.name] = c.initial;
  if (input.is_null() || (input.is_object() && input.empty())) return state;
  if (!input.is_object()) return Error::invalid("input", "initial input must be an object");
  return apply(state, {Update{"input", input}});
}

Result<Json> StateSchema::apply(const Json& state, const std::vector<Update>& updates) const {
  Json out = state.is_object() ? state : Json::object();
  for (const auto& u : updates) {
    if (u.values.is_null()) continue;
    if (!u.values.is_object()) {
      return Error::invalid(u.node, "a node update must be an object of channels");
    }
    for (auto it = u.values.begin(); it != u.values.end(); ++it) {
      const std::string field = u.node + "." + it.key();
      const ChannelSpec* spec = find_channel(channels_, it.key());
      if (spec == nullptr) return Error::invalid(field, "unknown channel '" + it.key() + "'");
      const Json current = out.contains(it.key()) ? out[it.key()] : spec->initial;
      auto merged = reduce(spec->reducer, current, it.value(), field);
      if (!merged.ok()) return merged.error();
      out[it.key()] = std::move(merged).value();
    }
  }
  return out;
}

}  // namespace kerf::agents
