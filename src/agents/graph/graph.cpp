// Graph: builders, validation and deterministic routing (docs/agents_runtime.md).
#include "kerf/agents/graph/graph.h"

#include <algorithm>
#include <set>
#include <utility>

namespace kerf::agents {

std::string tool_call_fingerprint(const std::string& tool, const Json& arguments) {
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  return tool + " " + arguments.dump();
}

Graph::Graph(std::string name, StateSchema schema)
    : name_(std::move(name)), schema_(std::move(schema)) {}

Graph& Graph::add_node(std::string name, NodeFn fn) {
  if (nodes_.count(name) != 0) problems_.push_back("duplicate node '" + name + "'");
  nodes_[std::move(name)] = std::move(fn);
  return *this;
}

Graph& Graph::add_edge(std::string from, std::string to) {
  edges_.emplace(std::move(from), std::move(to));
  return *this;
}

Graph& Graph::add_conditional_edges(std::string from, Router router) {
  routers_.emplace(std::move(from), std::move(router));
  return *this;
}

Graph& Graph::set_entry(std::string node) {
  entry_ = std::move(node);
  return *this;
}

Graph& Graph::set_fallback(std::string node) {
  fallback_ = std::move(node);
  return *this;
}

Graph& Graph::add_subgraph(std::string name, std::shared_ptr<const Graph> sub) {
  if (sub == nullptr) {
    problems_.push_back("subgraph node '" + name + "' has no graph");
    return *this;
  }
  subgraphs_[name] = std::move(sub);
  // The runner runs subgraphs itself; this function only marks the node as present.
  return add_node(std::move(name), [](NodeContext&) -> Result<NodeResult> {
    return Error::internal("subgraph node run outside the runner");
  });
}

Status Graph::validate() const {
  if (!problems_.empty()) return Error::invalid("graph " + name_, problems_.front());
  if (name_.empty()) return Error::invalid("graph", "empty graph name");
  for (const auto& [n, fn] : nodes_) {
    if (n.empty()) return Error::invalid("graph " + name_, "empty node name");
    if (n == kEnd) return Error::invalid("node " + n, "'" + n + "' is reserved");
    if (n.find('/') != std::string::npos) {
      return Error::invalid("node " + n, "node names may not contain '/'");
    }
    if (!fn) return Error::invalid("node " + n, "node has no function");
  }
  if (entry_.empty()) return Error::invalid("graph " + name_, "no entry node");
  if (nodes_.count(entry_) == 0) {
    return Error::invalid("entry", "unknown entry node '" + entry_ + "'");
  }
  if (!fallback_.empty() && nodes_.count(fallback_) == 0) {
    return Error::invalid("fallback", "unknown fallback node '" + fallback_ + "'");
  }
  if (!fallback_.empty() && subgraphs_.count(fallback_) != 0) {
    return Error::invalid("fallback", "fallback node '" + fallback_ + "' may not be a subgraph");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [from, to] : edges_) {
    const std::string edge = "edge " + from + "->" + to;
    if (nodes_.count(from) == 0) return Error::invalid(edge, "unknown source node '" + from + "'");
    if (to != kEnd && nodes_.count(to) == 0) {
      return Error::invalid(edge, "unknown target node '" + to + "'");
    }
    if (!seen.insert({from, to}).second) return Error::invalid(edge, "duplicate edge");
  }
  for (const auto& [from, router] : routers_) {
    if (nodes_.count(from) == 0) {
      return Error::invalid("conditional edge " + from, "unknown source node '" + from + "'");
    }
    if (!router) return Error::invalid("conditional edge " + from, "no router function");
  }
  for (const auto& [n, sub] : subgraphs_) {
    auto st = sub->validate();
    if (!st.ok()) return Error::invalid("subgraph " + n, st.error().message);
  }
  return ok_status();
}

const NodeFn* Graph::node(const std::string& name) const {
  auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : &it->second;
}

const Graph* Graph::subgraph(const std::string& name) const {
  auto it = subgraphs_.find(name);
  return it == subgraphs_.end() ? nullptr : it->second.get();
}

std::vector<std::string> Graph::next(const std::string& from, const Json& state) const {
  std::set<std::string> out;
  auto [eb, ee] = edges_.equal_range(from);
  for (auto it = eb; it != ee; ++it) out.insert(it->second);
  auto [rb, re] = routers_.equal_range(from);
  for (auto it = rb; it != re; ++it) {
    for (auto& n : it->second(state)) out.insert(std::move(n));
  }
  out.erase(kEnd);
  return {out.begin(), out.end()};
}

}  // namespace kerf::agents
