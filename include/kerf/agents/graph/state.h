// The typed state of an agent graph: named channels, each holding a JSON value and merged by its
// reducer when nodes write to it (LangGraph's channels). The state is one JSON object
// {channel: value}; a node returns a partial object (its update) and the runner applies every
// update of a super-step at the barrier, in node-name order, through the reducers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kerf/core/result.h"

namespace kerf::agents {

using Json = nlohmann::json;

enum class Reducer {
  kReplace,      // last write wins
  kAppend,       // array channel: the update (an array, or one value) is appended
  kMergeObject,  // object channel: shallow merge, the update's keys win
  kSum,          // number channel: added
};

struct ChannelSpec {
  std::string name;
  Reducer reducer = Reducer::kReplace;
  Json initial;  // value before any write (null, [], {} or 0 as the reducer needs)
};

// The declared channels of a graph. Writing to an undeclared channel is an error naming it.
class StateSchema {
 public:
  // Declares a channel; kInvalidArgument("channel") for a duplicate or empty name.
  Status add(ChannelSpec spec);
  // The initial state with `input` (a partial object) applied through the reducers.
  Result<Json> initial(const Json& input) const;
  // `state` with every update applied in order. kInvalidArgument naming "<node>.<channel>" for
  // an unknown channel or a value the reducer cannot take (e.g. kSum with a string).
  struct Update {
    std::string node;
    Json values;  // object: channel -> value
  };
  Result<Json> apply(const Json& state, const std::vector<Update>& updates) const;
  const std::vector<ChannelSpec>& channels() const { return channels_; }

 private:
  std::vector<ChannelSpec> channels_;
};

}  // namespace kerf::agents
