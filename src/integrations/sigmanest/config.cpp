#include "kerf/integrations/sigmanest/config.h"

#include <regex>

#include "kerf/core/toml_parse.h"
#include "kerf/integrations/sigmanest/transact.h"

namespace kerf::integrations::sigmanest {
namespace {

using Errors = std::vector<FieldError>;

void read_text(const toml::table& t, const char* key, std::string& out, Errors& errors) {
  auto node = t.at_path(std::string("sigmanest.") + key);
  if (!node) return;
  auto v = node.value<std::string>();
  if (!v) {
    errors.push_back({std::string("sigmanest.") + key, "must be a string"});
    return;
  }
  out = *v;
}

void read_int(const toml::table& t, const char* key, int64_t lo, int64_t hi, int64_t& out,
              Errors& errors) {
  auto node = t.at_path(std::string("sigmanest.") + key);
  if (!node) return;
  auto v = node.value<int64_t>();
  if (!v || !node.is_integer() || *v < lo || *v > hi) {
    errors.push_back({std::string("sigmanest.") + key,
                      "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi)});
    return;
  }
  out = *v;
}

// "SimTrans", "SimTrans.dbo" or "" (letters, digits, _ ; one optional dot).
bool valid_qualifier(const std::string& q) {
  static const std::regex kQualifier(
      "^([A-Za-z_][A-Za-z0-9_]{0,127})(\\.[A-Za-z_][A-Za-z0-9_]{0,127})?$");
  return q.empty() || std::regex_match(q, kQualifier);
}

// "ItemData1".."ItemData18".
bool valid_slot(const std::string& s) {
  static const std::regex kSlot("^ItemData([1-9]|1[0-8])$");
  return std::regex_match(s, kSlot);
}

// [sigmanest.materials]: kerf material = "Sigmanest name".
void read_material_names(toml::node_view<const toml::node> node,
                         std::map<model::Material, std::string>& out, Errors& errors) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    errors.push_back({"sigmanest.materials", "must be a table of kerf material = \"name\""});
    return;
  }
  for (const auto& [key, value] : *table) {
    const std::string path = "sigmanest.materials." + std::string(key.str());
    auto material = model::parse_material(key.str());
    if (!material.ok()) {
      errors.push_back({path, "is not a kerf material (" + material.error().message + ")"});
      continue;
    }
    auto name = value.value<std::string>();
    if (!name || !value.is_string()) {
      errors.push_back({path, "must be a string"});
      continue;
    }
    out[*material] = *name;
  }
}

}  // namespace

std::string SigmanestConfig::full_connection_string() const {
  if (password.empty()) return connection_string;
  std::string s = connection_string;
  if (!s.empty() && s.back() != ';') s += ';';
  // ODBC: a value with ; or } must be braced, a } inside doubled.
  std::string escaped;
  for (char ch : password) {
    escaped += ch;
    if (ch == '}') escaped += '}';
  }
  return s + "PWD={" + escaped + "};";
}

bool SigmanestConfig::sends(std::string_view trans_type) const {
  return trans_types.empty() || trans_types.count(std::string(trans_type)) > 0;
}

std::string SigmanestConfig::material_name(model::Material m) const {
  auto it = material_names.find(m);
  return it == material_names.end() ? std::string(model::to_string(m)) : it->second;
}

Status validate(const SigmanestConfig& c) {
  Errors errors;
  if (c.gateway != "odbc" && c.gateway != "file") {
    errors.push_back({"sigmanest.gateway", "must be \"odbc\" or \"file\""});
  }
  if (c.enabled && c.gateway == "odbc" && c.connection_string.empty()) {
    errors.push_back({"sigmanest.connection_string", "is required for the odbc gateway"});
  }
  if (c.connection_string.find("PWD=") != std::string::npos ||
      c.connection_string.find("pwd=") != std::string::npos ||
      c.connection_string.find("Pwd=") != std::string::npos ||
      c.connection_string.find("Password=") != std::string::npos) {
    errors.push_back({"sigmanest.connection_string",
                      "must not contain the password: name its environment variable in "
                      "sigmanest.password_env"});
  }
  if (c.enabled && c.gateway == "file") {
    if (c.outbound_dir.empty()) {
      errors.push_back({"sigmanest.outbound_dir", "is required for the file gateway"});
    }
    if (c.inbound_dir.empty()) {
      errors.push_back({"sigmanest.inbound_dir", "is required for the file gateway"});
    }
  }
  if (!valid_qualifier(c.transact_qualifier)) {
    errors.push_back({"sigmanest.transact_table",
                      "must be \"database.schema\" or \"schema\" "
                      "(letters, digits, _)"});
  }
  if (!valid_qualifier(c.feedback_qualifier)) {
    errors.push_back({"sigmanest.feedback_tables",
                      "must be \"database.schema\" or \"schema\" "
                      "(letters, digits, _)"});
  }
  if (c.district < 0) errors.push_back({"sigmanest.district", "must be >= 0"});
  if (c.poll_interval < std::chrono::milliseconds(100) ||
      c.poll_interval > std::chrono::hours(24)) {
    errors.push_back({"sigmanest.poll_interval_ms", "must be in 100..86400000"});
  }
  const std::pair<const char*, const std::string*> slots[] = {
      {"sigmanest.item_data.job_id", &c.slots.job_id},
      {"sigmanest.item_data.job_number", &c.slots.job_number},
      {"sigmanest.item_data.part_id", &c.slots.part_id},
      {"sigmanest.item_data.operation_id", &c.slots.operation_id},
      {"sigmanest.item_data.sheet_id", &c.slots.sheet_id}};
  std::set<std::string> used;
  for (const auto& [key, slot] : slots) {
    if (!valid_slot(*slot)) {
      errors.push_back({key, "must be ItemData1..ItemData18"});
    } else if (!used.insert(*slot).second) {
      errors.push_back({key, *slot + " is already used by another kerf id"});
    }
  }
  for (const auto& t : c.trans_types) {
    if (!is_known_trans_type(t)) {
      errors.push_back({"sigmanest.trans_types", "unknown transaction type '" + t + "'"});
    }
  }
  std::map<std::string, model::Material> names;
  for (const auto& [material, name] : c.material_names) {
    const std::string key = "sigmanest.materials." + std::string(model::to_string(material));
    if (name.empty() || name.size() > 50) {
      errors.push_back({key, "must be 1..50 characters (TransAct Material)"});
    } else if (auto [it, fresh] = names.emplace(name, material); !fresh) {
      errors.push_back({key, "\"" + name + "\" is already the name of " +
                                 std::string(model::to_string(it->second))});
    }
  }
  if (c.stopped_after_polls < 1 || c.stopped_after_polls > 1000) {
    errors.push_back({"sigmanest.stopped_after_polls", "must be in 1..1000"});
  }
  if (c.batch_size < 1 || c.batch_size > 10000) {
    errors.push_back({"sigmanest.batch_size", "must be in 1..10000"});
  }
  if (c.feedback_batch < 1 || c.feedback_batch > 10000) {
    errors.push_back({"sigmanest.feedback_batch", "must be in 1..10000"});
  }
  if (errors.empty()) return ok_status();
  Error e = Error::invalid(errors.front().field, errors.front().message);
  e.fields = errors;
  e.message = errors.front().field + ": " + errors.front().message;
  return e;
}

Result<SigmanestConfig> parse_sigmanest_config(const std::string& toml_text,
                                               const std::map<std::string, std::string>& env) {
  auto parsed = parse_toml(toml_text);
  if (!parsed.ok()) return parsed.error();
  const toml::table& t = *parsed;
  SigmanestConfig c;
  if (!t.contains("sigmanest")) return c;
  Errors errors;
  for (auto [key, target] : {std::pair{"enabled", &c.enabled}, {"initial_load", &c.initial_load}}) {
    const std::string path = std::string("sigmanest.") + key;
    if (auto node = t.at_path(path)) {
      auto v = node.value<bool>();
      if (!v || !node.is_boolean()) {
        errors.push_back({path, "must be true or false"});
      } else {
        *target = *v;
      }
    }
  }
  read_text(t, "gateway", c.gateway, errors);
  read_text(t, "connection_string", c.connection_string, errors);
  read_text(t, "password_env", c.password_env, errors);
  read_text(t, "transact_table", c.transact_qualifier, errors);
  read_text(t, "feedback_tables", c.feedback_qualifier, errors);
  read_text(t, "outbound_dir", c.outbound_dir, errors);
  read_text(t, "inbound_dir", c.inbound_dir, errors);
  int64_t district = c.district, poll = c.poll_interval.count(), stopped = c.stopped_after_polls,
          batch = c.batch_size, fb = c.feedback_batch;
  read_int(t, "district", 0, 2147483647, district, errors);
  read_int(t, "poll_interval_ms", 100, 86'400'000, poll, errors);
  read_int(t, "stopped_after_polls", 1, 1000, stopped, errors);
  read_int(t, "batch_size", 1, 10000, batch, errors);
  read_int(t, "feedback_batch", 1, 10000, fb, errors);
  c.district = static_cast<int32_t>(district);
  c.poll_interval = std::chrono::milliseconds(poll);
  c.stopped_after_polls = static_cast<int>(stopped);
  c.batch_size = static_cast<int>(batch);
  c.feedback_batch = static_cast<int>(fb);
  std::string ack = "delete";
  read_text(t, "ack_mode", ack, errors);
  if (ack == "delete") {
    c.ack_mode = AckMode::kDelete;
  } else if (ack == "high_water") {
    c.ack_mode = AckMode::kHighWater;
  } else {
    errors.push_back({"sigmanest.ack_mode", "must be \"delete\" or \"high_water\""});
  }
  read_text(t, "item_data.job_id", c.slots.job_id, errors);
  read_text(t, "item_data.job_number", c.slots.job_number, errors);
  read_text(t, "item_data.part_id", c.slots.part_id, errors);
  read_text(t, "item_data.operation_id", c.slots.operation_id, errors);
  read_text(t, "item_data.sheet_id", c.slots.sheet_id, errors);
  if (auto node = t.at_path("sigmanest.trans_types")) {
    const toml::array* arr = node.as_array();
    if (arr == nullptr) {
      errors.push_back({"sigmanest.trans_types", "must be an array of strings"});
    } else {
      for (const auto& item : *arr) {
        auto v = item.value<std::string>();
        if (!v) {
          errors.push_back({"sigmanest.trans_types", "must be an array of strings"});
          break;
        }
        c.trans_types.insert(*v);
      }
    }
  }
  if (auto node = t.at_path("sigmanest.materials")) {
    read_material_names(node, c.material_names, errors);
  }
  if (!c.password_env.empty()) {
    auto it = env.find(c.password_env);
    if (it == env.end()) {
      if (c.enabled) {
        errors.push_back(
            {"sigmanest.password_env", "environment variable " + c.password_env + " is not set"});
      }
    } else {
      c.password = it->second;
    }
  }
  if (!errors.empty()) {
    Error e = Error::invalid(errors.front().field, errors.front().message);
    e.fields = errors;
    e.message = errors.front().field + ": " + errors.front().message;
    return e;
  }
  if (Status s = validate(c); !s.ok()) return s.error();
  return c;
}

}  // namespace kerf::integrations::sigmanest
