#include "cli/demo_machines.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "cli/mosquitto_child.h"
#include "kerf/app/machine_service.h"
#include "kerf/app/master_data_service.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/core/child_process.h"
#include "kerf/core/time_format.h"
#include "kerf/ingest/mqtt/mqtt_publisher.h"
#include "kerf/ingest/signals.h"
#include "kerf/model/work_center.h"
#include "kerf/sim/machine_sim.h"

namespace kerf::cli {

namespace fs = std::filesystem;
namespace sig = ingest::signals;
using model::MachineProtocol;
using sim::SimKind;

namespace {

struct DemoMachine {
  const char* code;
  const char* name;
  MachineProtocol protocol;
  SimKind kind;
  double ideal_cycle_s;
  const char* device;  // MTConnect device of the fake agent ("" otherwise)
};

// One machine per demo work center of the connected departments.
constexpr DemoMachine kDemoMachines[] = {
    {"LAS-6K", "Fiber laser 6 kW", MachineProtocol::kMtconnect, SimKind::kLaser, 40, "OKUMA"},
    {"LAS-12K", "Fiber laser 12 kW", MachineProtocol::kMtconnect, SimKind::kLaser, 30, "Mazak"},
    {"PUN-TP30", "Turret punch 30 t", MachineProtocol::kOpcua, SimKind::kPunch, 25, ""},
    {"PUN-COMBI", "Punch-laser combi", MachineProtocol::kOpcua, SimKind::kPunch, 35, ""},
    {"WLD-T1", "TIG cell 1", MachineProtocol::kMqtt, SimKind::kWeld, 150, ""},
    {"WLD-T2", "TIG cell 2", MachineProtocol::kMqtt, SimKind::kWeld, 150, ""},
    {"WLD-M1", "MIG cell", MachineProtocol::kMqtt, SimKind::kWeld, 110, ""},
    {"POL-01", "Polishing station 1", MachineProtocol::kMqtt, SimKind::kPolish, 90, ""},
    {"POL-02", "Polishing station 2", MachineProtocol::kMqtt, SimKind::kPolish, 90, ""},
};

// MTConnect data item names of the two devices in the fixtures' Devices.xml.
struct DeviceItems {
  const char* execution;
  const char* mode;
  const char* part_count;
  const char* program;
  const char* condition;
};
DeviceItems items_of(const std::string& device) {
  if (device == "Mazak") return {"execution", "mode", "PartCountAct", "program", "system_cond"};
  return {"pexecution", "pmode", "ppartcount", "pprogram", "system"};
}

// The source tree holding tests/fakes: next to the executable (build/<preset>/kerf), else ".".
fs::path source_root() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path root = exe.parent_path().parent_path().parent_path();
    if (fs::exists(root / "tests" / "fakes", ec)) return root;
  }
  return fs::current_path(ec);
}

// The number after `prefix` in a line, e.g. "listening on port 41234".
std::function<std::optional<std::string>(const std::string&)> after(std::string prefix) {
  return [prefix](const std::string& line) -> std::optional<std::string> {
    auto at = line.find(prefix);
    if (at == std::string::npos) return std::nullopt;
    std::string rest = line.substr(at + prefix.size());
    size_t n = 0;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 0) return std::nullopt;
    return rest.substr(0, n);
  };
}

constexpr auto kReadyTimeout = std::chrono::seconds(60);


}  // namespace

struct DemoMachines::Impl {
  app::Services& services;
  Settings settings;
  fs::path dir;
  std::string mqtt_url;
  std::unique_ptr<ChildProcess> mosquitto;
  std::map<std::string, std::unique_ptr<ChildProcess>> agents;  // device -> fake agent
  std::unique_ptr<ChildProcess> punches;
  std::unique_ptr<ingest::mqtt::MqttPublisher> publisher;
  std::map<std::string, const DemoMachine*> playing;  // code -> machine with a live peer
  std::map<std::string, std::string> departments;     // code -> department name (topics)
  std::unique_ptr<sim::MachineSimulator> simulator;
  std::thread thread;
  std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;

  Impl(app::Services& s, Settings st) : services(s), settings(std::move(st)) {}

  void start_mosquitto() {
    if (!settings.mqtt_url.empty()) {
      mqtt_url = settings.mqtt_url;
      return;
    }
    const fs::path broker_dir = dir / "mosquitto";
    auto broker = cli::start_mosquitto(broker_dir.string(),
                                       "persistence true\npersistence_location " +
                                           broker_dir.string() + "/\n");
    if (!broker) {
      return spdlog::warn("demo: weld cells and polishing stations stay offline: {}",
                          broker.error().message);
    }
    mosquitto = std::move(broker->process);
    mqtt_url = broker->url;
    spdlog::info("demo: mosquitto on {}", mqtt_url);
  }

  void start_agents(const fs::path& root) {
    // The fixtures' Devices.xml: <shared>/fixtures/mtconnect, shared = KERF_SHARED_DIR or the
    // folder beside the source tree (as the tests find it).
    const char* env_shared = std::getenv("KERF_SHARED_DIR");
    const fs::path shared = env_shared ? fs::path(env_shared) : root.parent_path() / "shared";
    const fs::path devices = shared / "fixtures" / "mtconnect" / "Devices.xml";
    const fs::path agent = root / "tests" / "fakes" / "mtconnect_agent" / "agent.mjs";
    std::error_code ec;
    if (!fs::exists(devices, ec) || !fs::exists(agent, ec)) {
      return spdlog::warn("demo: lasers stay offline: {} or {} not found (KERF_SHARED_DIR names "
                          "the shared folder)",
                          devices.string(), agent.string());
    }
    for (const char* device : {"OKUMA", "Mazak"}) {
      auto child = ChildProcess::start({"node", agent.string(), "--devices", devices.string(),
                                        "--port", "0", "--stdin", "--device", device,
                                        "--buffer-size", "16384"},
                                       (dir / (std::string("mtconnect-") + device + ".log")).string(),
                                       "", true);
      if (!child) {
        return spdlog::warn("demo: lasers stay offline: node: {}", child.error().message);
      }
      auto port = (*child)->wait_for_line(after("listening on port "), kReadyTimeout);
      if (!port) return spdlog::warn("demo: fake MTConnect agent: {}", port.error().message);
      agents[device] = std::move(*child);
      endpoints[device] = "http://127.0.0.1:" + *port + "/" + device;
    }
  }

  void start_punches(const fs::path& root) {
    const fs::path server = root / "tests" / "fakes" / "opcua_punch" / "server.mjs";
    std::error_code ec;
    if (!fs::exists(root / "tests" / "fakes" / "opcua_punch" / "node_modules", ec)) {
      return spdlog::warn("demo: punches stay offline: the OPC UA simulator's npm packages are "
                          "not installed (scripts/setup installs them)");
    }
    std::string names;
    for (const auto& m : kDemoMachines) {
      if (m.protocol != MachineProtocol::kOpcua) continue;
      if (!names.empty()) names += ",";
      names += m.code;
    }
    auto child = ChildProcess::start(
        {"node", server.string(), "--port", "0", "--machines", names, "--no-autostart-running"},
        (dir / "opcua-punch.log").string(), "", true);
    if (!child) return spdlog::warn("demo: punches stay offline: node: {}", child.error().message);
    auto port = (*child)->wait_for_line(after("\"port\":"), kReadyTimeout);
    if (!port) return spdlog::warn("demo: OPC UA punch simulator: {}", port.error().message);
    punches = std::move(*child);
    endpoints["opcua"] = "opc.tcp://127.0.0.1:" + *port;
  }

  // Creates or updates the demo machines with the endpoints of the peers that started.
  void ensure_machines() {
    const auto who = app::system_principal();
    std::map<std::string, int64_t> wc_ids;
    if (auto wcs = services.master_data().list<model::WorkCenter>(who, {.limit = 1000})) {
      for (const auto& wc : wcs->items) {
        wc_ids[wc.code] = wc.id;
        departments[wc.code] = std::string(model::to_string(wc.department));
      }
    }
    std::map<std::string, model::Machine> existing;
    if (auto page = services.machines().list(who, {.limit = 1000})) {
      for (auto& m : page->items) existing[m.code] = m;
    }
    for (const auto& d : kDemoMachines) {
      std::string endpoint;
      switch (d.protocol) {
        case MachineProtocol::kMtconnect: endpoint = endpoints[d.device]; break;
        case MachineProtocol::kOpcua: endpoint = endpoints["opcua"]; break;
        default:
          endpoint = mqtt_url.empty() ? "" : "kerf/" + settings.plant_code + "/" +
                                                  departments[d.code] + "/" + d.code;
      }
      model::Machine m;
      if (auto it = existing.find(d.code); it != existing.end()) m = it->second;
      m.code = d.code;
      m.name = d.name;
      m.protocol = d.protocol;
      m.ideal_cycle_s = d.ideal_cycle_s;
      m.endpoint = endpoint;
      m.active = !endpoint.empty();
      if (auto wc = wc_ids.find(d.code); wc != wc_ids.end()) m.work_center_id = wc->second;
      auto saved = m.id == 0 ? services.machines().create(who, m)
                             : services.machines().update(who, m);
      if (!saved) {
        spdlog::warn("demo: machine {}: {}", d.code, saved.error().message);
        continue;
      }
      if (m.active) playing[d.code] = &d;
    }
  }

  void start_publisher() {
    if (mqtt_url.empty()) return;
    ingest::mqtt::MqttConnectOptions options;
    options.broker_uri = mqtt_url;
    options.client_id = "kerf-demo-machines";
    publisher = std::make_unique<ingest::mqtt::MqttPublisher>(options);
    if (auto st = publisher->start(std::chrono::seconds(10)); !st) {
      spdlog::warn("demo: MQTT publisher: {}", st.error().message);
    }
  }

  // Plays one sample through the machine's protocol.
  void play(const ingest::Sample& s) {
    auto it = playing.find(s.machine);
    if (it == playing.end()) return;
    const DemoMachine& m = *it->second;
    Status sent;
    if (m.protocol == MachineProtocol::kMtconnect) {
      sent = play_mtconnect(m, s);
    } else if (m.protocol == MachineProtocol::kOpcua) {
      sent = play_opcua(s);
    } else if (publisher) {
      sent = publisher->publish_sample(settings.plant_code, departments[s.machine], s);
    }
    if (!sent) spdlog::debug("demo: {} {}: {}", s.machine, s.signal, sent.error().message);
  }

  Status play_mtconnect(const DemoMachine& m, const ingest::Sample& s) {
    auto agent = agents.find(m.device);
    if (agent == agents.end()) return {};
    const DeviceItems items = items_of(m.device);
    const std::string ts = format_iso8601(TimePoint(std::chrono::milliseconds(s.ts_ms)));
    const std::string value = ingest::as_text(s.value);
    std::string line;
    if (s.signal == sig::kAvailability) line = ts + "|avail|" + value;
    if (s.signal == sig::kEmergencyStop) line = ts + "|estop|" + value;
    if (s.signal == sig::kExecution) line = ts + "|" + items.execution + "|" + value;
    if (s.signal == sig::kControllerMode) line = ts + "|" + items.mode + "|" + value;
    if (s.signal == sig::kPartCount) line = ts + "|" + items.part_count + "|" + value;
    if (s.signal == sig::kProgram) line = ts + "|" + items.program + "|" + value;
    if (s.signal == sig::kAlarm) {
      // "LEVEL|code|text" -> condition LEVEL|nativeCode|nativeSeverity|qualifier|text
      auto bar1 = value.find('|');
      auto bar2 = value.find('|', bar1 + 1);
      line = ts + "|" + items.condition + "|" + value.substr(0, bar1) + "|" +
             value.substr(bar1 + 1, bar2 - bar1 - 1) + "|||" + value.substr(bar2 + 1);
    }
    if (line.empty()) return {};
    return agent->second->write_line(line);
  }

  Status play_opcua(const ingest::Sample& s) {
    if (!punches) return {};
    nlohmann::json cmd{{"machine", s.machine}};
    if (s.signal == sig::kStrokeCount) {
      return {};  // the simulator counts strokes itself while running
    } else if (s.signal == sig::kPartCount) {
      cmd["cmd"] = "parts";
      cmd["n"] = 1;
      if (ingest::as_text(s.value) == "0") return {};
    } else {
      cmd["cmd"] = "set";
      if (s.signal == sig::kRunning) cmd["running"] = ingest::as_text(s.value) == "true";
      else if (s.signal == sig::kStrokesPerMinute) cmd["spm"] = ingest::as_number(s.value).value_or(0);
      else if (s.signal == sig::kProgram) cmd["program"] = ingest::as_text(s.value);
      else if (s.signal == sig::kToolNumber) cmd["tool"] = ingest::as_text(s.value);
      else if (s.signal == sig::kAlarm) {
        const std::string v = ingest::as_text(s.value);
        auto bar = v.find('|');
        cmd["alarm"] = v.rfind("FAULT", 0) == 0 ? v.substr(bar + 1, v.find('|', bar + 1) - bar - 1)
                                               : std::string();
      } else {
        return {};
      }
    }
    return punches->write_line(cmd.dump());
  }

  // What each playing machine should do now: the operation running on its work center.
  std::map<std::string, sim::SimWork> current_work() {
    std::map<std::string, sim::SimWork> work;
    auto views = services.machines().views(app::system_principal());
    if (!views) return work;
    for (const auto& v : *views) {
      if (!v.current_operation) continue;
      const auto& op = *v.current_operation;
      work[v.machine.code] = sim::SimWork{
          .operation_id = op.id,
          .program = op.job_number + "-" + std::to_string(op.sequence),
          .tool = "RO-10.0",
          .welder = "op.ana",
          .wps = "WPS-304-TIG-01"};
    }
    return work;
  }

  void loop() {
    std::unique_lock lock(mu);
    while (!stopping) {
      lock.unlock();
      const auto now = services.env().now();
      const int64_t now_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
      for (const auto& s : simulator->step(now_ms, current_work())) play(s);
      lock.lock();
      wake.wait_for(lock, std::chrono::seconds(1), [this] { return stopping; });
    }
  }

  std::map<std::string, std::string> endpoints;  // device / "opcua" -> endpoint
};

std::unique_ptr<DemoMachines> DemoMachines::start(app::Services& services,
                                                  const Settings& settings) {
  auto impl = std::make_unique<Impl>(services, settings);
  impl->dir = fs::path(settings.data_dir) / "demo";
  std::error_code ec;
  fs::create_directories(impl->dir, ec);
  const fs::path root = source_root();
  impl->start_mosquitto();
  impl->start_agents(root);
  impl->start_punches(root);
  impl->ensure_machines();
  impl->start_publisher();
  std::vector<sim::SimMachine> machines;
  for (const auto& [code, m] : impl->playing) machines.push_back({m->code, m->kind, m->ideal_cycle_s});
  spdlog::info("demo: {} live machines", machines.size());
  impl->simulator = std::make_unique<sim::MachineSimulator>(std::move(machines), 20261129);
  return std::unique_ptr<DemoMachines>(new DemoMachines(std::move(impl)));
}

DemoMachines::DemoMachines(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DemoMachines::~DemoMachines() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  if (impl_->publisher) impl_->publisher->stop();
}

const std::string& DemoMachines::mqtt_url() const { return impl_->mqtt_url; }

void DemoMachines::run() {
  impl_->thread = std::thread([this] { impl_->loop(); });
}

}  // namespace kerf::cli
