#include "kerf/ingest/mqtt/sparkplug_host.h"

#include <fmt/format.h>

#include <limits>
#include <optional>

#include "kerf/ingest/mqtt/signal_map.h"
#include "kerf/ingest/mqtt/sparkplug.h"

namespace kerf::ingest::mqtt {
namespace {

struct MetricDef {
  SpDataType type = SpDataType::kUnknown;
  const SignalMapping* mapping = nullptr;  // nullptr: no signals.h meaning
};

// The metric definitions of one node or device, from its BIRTH.
struct Entity {
  bool alive = false;
  std::map<std::string, MetricDef> metrics;
  std::map<uint64_t, std::string> aliases;
};

bool is_control_metric(const std::string& name) {
  return name == "bdSeq" || name.rfind("Node Control/", 0) == 0 ||
         name.rfind("Device Control/", 0) == 0 || name.rfind("Properties/", 0) == 0;
}

std::optional<uint64_t> bdseq_of(const SpPayload& p) {
  for (const SpMetric& m : p.metrics) {
    if (m.name != "bdSeq") continue;
    if (const auto* u = std::get_if<uint64_t>(&m.value)) return *u;
    if (const auto* u = std::get_if<uint32_t>(&m.value)) return *u;
  }
  return std::nullopt;
}

}  // namespace

struct SparkplugHost::Node {
  std::string group;
  std::string id;
  bool awaiting_rebirth = false;
  int64_t last_rebirth_ms = std::numeric_limits<int64_t>::min();
  uint64_t last_seq = 0;
  std::optional<uint64_t> bdseq;
  Entity self;
  std::map<std::string, Entity> devices;
};

namespace {

// Defines `e` from a BIRTH payload. Errors name the metric.
Status define(Entity& e, const SpPayload& p) {
  e = Entity{};
  for (std::size_t i = 0; i < p.metrics.size(); ++i) {
    const SpMetric& m = p.metrics[i];
    std::string field = fmt::format("metrics/{}", i);
    if (m.name.empty()) return Error::invalid(field + "/name", "BIRTH metrics need a name");
    if (!m.datatype) return Error::invalid(field + "/datatype", "BIRTH metrics need a datatype");
    MetricDef def{static_cast<SpDataType>(*m.datatype), nullptr};
    if (!is_control_metric(m.name)) def.mapping = map_signal_name(m.name);
    e.metrics[m.name] = def;
    if (m.alias) {
      auto [it, inserted] = e.aliases.emplace(*m.alias, m.name);
      if (!inserted && it->second != m.name) {
        return Error::invalid(field + "/alias", fmt::format("alias {} used twice", *m.alias));
      }
    }
  }
  e.alive = true;
  return ok_status();
}

}  // namespace

SparkplugHost::SparkplugHost(std::string source, int64_t rebirth_interval_ms)
    : source_(std::move(source)), rebirth_interval_ms_(rebirth_interval_ms) {}
SparkplugHost::~SparkplugHost() = default;
SparkplugHost::SparkplugHost(SparkplugHost&&) noexcept = default;
SparkplugHost& SparkplugHost::operator=(SparkplugHost&&) noexcept = default;

bool SparkplugHost::node_online(std::string_view group, std::string_view edge_node) const {
  auto it = nodes_.find(fmt::format("{}/{}", group, edge_node));
  return it != nodes_.end() && it->second->self.alive && !it->second->awaiting_rebirth;
}

SparkplugOutput SparkplugHost::on_message(std::string_view topic, std::string_view payload,
                                          int64_t now_ms) {
  SparkplugOutput out;
  ++stats_.messages;
  const auto reject = [&](Error e) {
    ++stats_.rejected;
    out.rejected.push_back(std::move(e));
  };
  auto parsed_topic = parse_sparkplug_topic(topic);
  if (!parsed_topic.ok()) {
    reject(parsed_topic.error());
    return out;
  }
  const SpTopic& t = *parsed_topic;
  if (t.type == SpMessageType::kNCmd || t.type == SpMessageType::kDCmd) return out;

  auto& slot = nodes_[fmt::format("{}/{}", t.group, t.edge_node)];
  if (!slot) {
    slot = std::make_unique<Node>();
    slot->group = t.group;
    slot->id = t.edge_node;
  }
  Node& node = *slot;
  const auto rebirth = [&](std::string why) {
    node.awaiting_rebirth = true;
    if (node.last_rebirth_ms != std::numeric_limits<int64_t>::min() &&
        now_ms - node.last_rebirth_ms < rebirth_interval_ms_) {
      return;
    }
    node.last_rebirth_ms = now_ms;
    ++stats_.rebirths_requested;
    SpPayload cmd;
    cmd.timestamp = static_cast<uint64_t>(std::max<int64_t>(0, now_ms));
    cmd.metrics.push_back(make_metric("Node Control/Rebirth", SpDataType::kBoolean, Value(true)));
    out.rebirths.push_back(RebirthRequest{
        sparkplug_topic(t.group, SpMessageType::kNCmd, t.edge_node), encode_sparkplug(cmd)});
    (void)why;
  };

  auto decoded = decode_sparkplug(payload);
  if (!decoded.ok()) {
    reject(decoded.error());
    if (t.type != SpMessageType::kNDeath) rebirth("undecodable payload");
    return out;
  }
  const SpPayload& p = *decoded;
  const int64_t msg_ts = p.timestamp ? static_cast<int64_t>(std::min<uint64_t>(
                                           *p.timestamp, std::numeric_limits<int64_t>::max()))
                                     : now_ms;

  // Samples for every mapped metric of `e` present in `p` (resolving aliases).
  // All or nothing: an unknown alias or name drops the whole message (it needs a rebirth).
  const auto emit = [&](Entity& e, const std::string& machine) -> bool {
    std::vector<Sample> batch;
    for (std::size_t i = 0; i < p.metrics.size(); ++i) {
      const SpMetric& m = p.metrics[i];
      std::string field = fmt::format("metrics/{}", i);
      std::string name = m.name;
      if (name.empty()) {
        if (!m.alias) {
          reject(Error::invalid(field, "metric has neither name nor alias"));
          continue;
        }
        auto a = e.aliases.find(*m.alias);
        if (a == e.aliases.end()) {
          reject(Error::invalid(field + "/alias", fmt::format("unknown alias {}", *m.alias)));
          return false;
        }
        name = a->second;
      }
      auto d = e.metrics.find(name);
      if (d == e.metrics.end()) {
        reject(Error::invalid(field + "/name", fmt::format("'{}' not in the BIRTH", name)));
        return false;
      }
      if (d->second.mapping == nullptr) {
        if (!is_control_metric(name)) ++stats_.unmapped_metrics;
        continue;
      }
      Sample s;
      s.machine = machine;
      s.signal = d->second.mapping->signal;
      s.ts_ms = m.timestamp ? static_cast<int64_t>(std::min<uint64_t>(
                                  *m.timestamp, std::numeric_limits<int64_t>::max()))
                            : msg_ts;
      s.source = source_;
      if (m.is_null) {
        s.quality = Quality::kUnavailable;
      } else {
        auto v = metric_value(m.value, d->second.type, field);
        if (v.ok() && d->second.mapping->fixed_text[0] != '\0') {
          if (*v == Value(true)) {
            v = Value(std::string(d->second.mapping->fixed_text));
          } else {
            v = Error::invalid(field, "inspection pulse must be true");
          }
        }
        if (v.ok()) v = check_signal_value(*d->second.mapping, std::move(*v), field);
        if (!v.ok()) {
          reject(v.error());
          continue;
        }
        s.value = std::move(*v);
      }
      batch.push_back(std::move(s));
    }
    for (Sample& s : batch) out.samples.push_back(std::move(s));
    return true;
  };
  const auto all_unavailable = [&](Entity& e, const std::string& machine, int64_t ts) {
    if (!e.alive) return;
    e.alive = false;
    for (const auto& [name, def] : e.metrics) {
      if (def.mapping == nullptr || def.mapping->fixed_text[0] != '\0') continue;
      Sample s;
      s.machine = machine;
      s.signal = def.mapping->signal;
      s.ts_ms = ts;
      s.quality = Quality::kUnavailable;
      s.source = source_;
      out.samples.push_back(std::move(s));
    }
  };

  if (t.type == SpMessageType::kNBirth) {
    auto bd = bdseq_of(p);
    if (!p.seq || *p.seq > 255) {
      reject(Error::invalid("seq", "NBIRTH needs seq 0..255"));
      rebirth("bad NBIRTH");
      return out;
    }
    if (!bd) {
      reject(Error::invalid("metrics/bdSeq", "NBIRTH needs a bdSeq metric"));
      rebirth("bad NBIRTH");
      return out;
    }
    node.devices.clear();
    if (Status st = define(node.self, p); !st.ok()) {
      reject(st.error());
      node.self.alive = false;
      rebirth("bad NBIRTH");
      return out;
    }
    node.awaiting_rebirth = false;
    node.last_rebirth_ms = std::numeric_limits<int64_t>::min();
    node.last_seq = *p.seq;
    node.bdseq = bd;
    emit(node.self, node.id);
    return out;
  }
  if (t.type == SpMessageType::kNDeath) {
    auto bd = bdseq_of(p);
    if (!node.self.alive || !bd || !node.bdseq || *bd != *node.bdseq) {
      ++stats_.dropped;  // a stale will from an older session, or an unknown node
      return out;
    }
    for (auto& [id, dev] : node.devices) all_unavailable(dev, id, msg_ts);
    all_unavailable(node.self, node.id, msg_ts);
    node.devices.clear();
    node.awaiting_rebirth = false;
    return out;
  }

  // NDATA, DBIRTH, DDATA, DDEATH: the node must be born and in sequence.
  if (!node.self.alive) {
    ++stats_.dropped;
    rebirth("message before NBIRTH");
    return out;
  }
  if (node.awaiting_rebirth) {
    ++stats_.dropped;
    rebirth("still waiting for NBIRTH");
    return out;
  }
  if (!p.seq || *p.seq != (node.last_seq + 1) % 256) {
    ++stats_.dropped;
    rebirth(fmt::format("seq gap: expected {}", (node.last_seq + 1) % 256));
    return out;
  }
  node.last_seq = *p.seq;

  switch (t.type) {
    case SpMessageType::kNData:
      if (!emit(node.self, node.id)) rebirth("unknown metric");
      break;
    case SpMessageType::kDBirth: {
      Entity& dev = node.devices[t.device];
      if (Status st = define(dev, p); !st.ok()) {
        reject(st.error());
        node.devices.erase(t.device);
        rebirth("bad DBIRTH");
        break;
      }
      emit(dev, t.device);
      break;
    }
    case SpMessageType::kDData: {
      auto it = node.devices.find(t.device);
      if (it == node.devices.end() || !it->second.alive) {
        ++stats_.dropped;
        rebirth("DDATA before DBIRTH");
        break;
      }
      if (!emit(it->second, t.device)) rebirth("unknown metric");
      break;
    }
    case SpMessageType::kDDeath: {
      auto it = node.devices.find(t.device);
      if (it != node.devices.end()) all_unavailable(it->second, t.device, msg_ts);
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace kerf::ingest::mqtt
