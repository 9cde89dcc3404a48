#include "golden_shop.h"

#include <filesystem>
#include <sstream>

#include "kerf/app/nest_service.h"
#include "kerf/app/sigmanest_ledger.h"
#include "kerf/core/time_format.h"
#include "kerf/integrations/sigmanest/odbc_gateway.h"
#include "kerf/store/migrations.h"
#include "kerf/store/sigmanest_log_repo.h"
#include "support/odbc_harness.h"
#include "support/test_env.h"

namespace kerf::integrations::sigmanest::golden {

using nlohmann::json;

namespace {

app::Principal who() { return app::system_principal(); }

std::string sheet_code(int64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "S%06lld", static_cast<long long>(id));
  return buf;
}

template <typename T>
std::string err(const Result<T>& r, const std::string& what) {
  if (r.ok()) return "";
  return what + ": " + r.error().message;
}

Result<model::Material> material_of(const json& j) {
  return model::parse_material(j.value("material", std::string("stainless_304")));
}

}  // namespace

Result<std::vector<FeedbackPacket>> RecordingGateway::read_feedback(int64_t after, int limit) {
  auto r = inner_.read_feedback(after, limit);
  if (r.ok()) last_read = *r;
  return r;
}

Status RecordingGateway::acknowledge(const std::vector<int64_t>& ids) {
  if (lose_acks > 0) {
    --lose_acks;
    return Error::unavailable("golden: kerf crashed before acknowledging");
  }
  return inner_.acknowledge(ids);
}

Result<std::vector<FeedbackPacket>> ReplayGateway::read_feedback(int64_t after, int limit) {
  std::vector<FeedbackPacket> out;
  for (const FeedbackPacket& p : packets_) {
    if (p.archive_packet_id > after && static_cast<int>(out.size()) < limit) out.push_back(p);
  }
  return out;
}

Shop::~Shop() {
  inbound_.reset();
  sync_.reset();
  recording_.reset();
  gateway_.reset();
  peek_.reset();
  sim_.reset();
  services_.reset();
  db_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

std::string Shop::open(const json& sc) {
  const json setup = sc.value("setup", json::object());
  clock_.set(*parse_iso8601("2026-11-24T07:00:00Z"));
  env_ = std::make_unique<Env>(clock_, 7);
  dir_ = kerf::testing::make_temp_dir("kerf-sn-golden");
  auto db = store::Database::open("sqlite:" + dir_ + "/kerf.db");
  if (!db.ok()) return "kerf database: " + db.error().message;
  db_ = std::move(*db);
  if (auto m = store::migrate(*db_); !m.ok()) return "migrate: " + m.error().message;
  services_ = std::make_unique<app::Services>(*db_, *env_, bus_, app::ServicesOptions::for_tests());

  // The simulator on its own SQLite database, through ODBC.
  sim_conn_ = kerf::testing::fresh_sqlite_odbc("simtrans");
  simtrans_sim::SimulatorOptions so;
  so.connection_string = sim_conn_;
  so.env = env_.get();
  so.machine_name = "LAS-1";
  so.auto_cut = false;
  auto sim = simtrans_sim::SimTransSimulator::open(so);
  if (!sim.ok()) return "simulator: " + sim.error().message;
  sim_ = std::move(*sim);
  if (auto s = sim_->create_schema(); !s.ok()) return "simulator schema: " + s.error().message;
  auto peek = odbc::Connection::open({sim_conn_});
  if (!peek.ok()) return "peek connection: " + peek.error().message;
  peek_ = std::move(*peek);

  config_.enabled = true;
  config_.connection_string = sim_conn_;
  config_.ack_mode = sc.value("ack_mode", std::string("delete")) == "high_water"
                         ? AckMode::kHighWater
                         : AckMode::kDelete;
  config_.feedback_batch = sc.value("feedback_batch", 100);
  OdbcGatewayOptions go;
  go.connect.connection_string = sim_conn_;
  go.connect.query_timeout_s = 5;
  go.ack_mode = config_.ack_mode;
  auto gw = OdbcGateway::create(go);
  if (!gw.ok()) return "gateway: " + gw.error().message;
  gateway_ = std::move(*gw);
  recording_ = std::make_unique<RecordingGateway>(*gateway_);
  sync_ = std::make_unique<Sync>(*services_, *recording_, config_, *env_);
  inbound_ = std::make_unique<Inbound>(*services_, *recording_, inbound_options(config_), *env_);
  sync_->set_inbound([this] {
    auto r = inbound_->poll();
    if (r.ok()) last_stats_ = *r;
    return status_of(r);
  });

  // Master data: customer, work centers LAS-1 (laser) and BRK-1 (brake), parts, sheets, jobs.
  model::Customer c;
  c.code = "C1";
  c.name = setup.value("customer_name", std::string("Customer One"));
  auto cr = services_->master_data().create(who(), c);
  if (!cr.ok()) return err(cr, "customer");
  customer_id_ = cr->id;
  for (const char* code : {"LAS-1", "BRK-1"}) {
    model::WorkCenter w;
    w.code = code;
    w.name = code;
    bool brake = std::string(code) == "BRK-1";
    w.department = brake ? model::Department::kForming : model::Department::kLaser;
    w.capabilities.processes = {brake ? model::Process::kBend : model::Process::kLaserCut};
    auto wr = services_->master_data().create(who(), w);
    if (!wr.ok()) return err(wr, std::string("work center ") + code);
    work_centers_[code] = wr->id;
  }
  for (const json& p : setup.value("parts", json::array())) {
    model::Part part;
    part.number = p.at("number").get<std::string>();
    part.revision = "A";
    part.description = "golden part " + part.number;
    auto mat = material_of(p);
    if (!mat.ok()) return err(mat, "part material");
    part.material = *mat;
    part.thickness_mm = p.value("thickness_mm", 1.5);
    part.flat_length_mm = p.value("length_mm", 400.0);
    part.flat_width_mm = p.value("width_mm", 300.0);
    part.weight_kg = 1;
    auto pr = services_->master_data().create(who(), part);
    if (!pr.ok()) return err(pr, "part " + part.number);
    parts_[part.number] = pr->id;
  }
  for (const json& s : setup.value("sheets", json::array())) {
    if (auto e = step(json{{"do", "receive"}, {"sheets", s}}); !e.empty()) return e;
  }
  for (const json& j : setup.value("jobs", json::array())) {
    app::JobInput in;
    in.number = j.at("number").get<std::string>();
    auto part = parts_.find(j.at("part").get<std::string>());
    if (part == parts_.end()) return "job " + in.number + ": unknown part";
    in.part_id = part->second;
    in.customer_id = customer_id_;
    in.quantity = j.value("qty", 10);
    in.due = clock_.now() + std::chrono::hours(24 * j.value("due_days", 7));
    in.priority = j.value("priority", 3);
    app::OperationInput laser;
    laser.sequence = 10;
    laser.name = "Laser cut";
    laser.process = model::Process::kLaserCut;
    laser.eligible_work_center_ids = {work_centers_["LAS-1"]};
    laser.setup_seconds = 300;
    laser.run_seconds_per_piece = 60;
    app::OperationInput bend;
    bend.sequence = 20;
    bend.name = "Bend";
    bend.process = model::Process::kBend;
    bend.eligible_work_center_ids = {work_centers_["BRK-1"]};
    bend.setup_seconds = 300;
    bend.run_seconds_per_piece = 30;
    in.operations = {laser, bend};
    auto jr = services_->jobs().create(who(), in);
    if (!jr.ok()) return err(jr, "job " + in.number);
    jobs_[in.number] = jr->job.id;
  }
  return "";
}

int64_t Shop::job_id(const std::string& number) {
  auto it = jobs_.find(number);
  return it == jobs_.end() ? 0 : it->second;
}

// "#k" = the k-th program of the simulator in name order; anything else is a name.
std::string Shop::program_name(const std::string& ref) {
  if (ref.empty() || ref[0] != '#') return ref;
  size_t k = std::stoul(ref.substr(1));
  std::vector<std::string> names;
  for (const auto& p : sim_->programs()) names.push_back(p.name);
  std::sort(names.begin(), names.end());
  return k >= 1 && k <= names.size() ? names[k - 1] : ref;
}

std::string Shop::inbound_poll() {
  auto r = inbound_->poll();
  if (!r.ok()) return r.error().message;
  last_stats_ = *r;
  return "";
}

std::string Shop::replay_last_read() {
  if (recording_->last_read.empty()) return "";
  json before = kerf_state();
  ReplayGateway replay(recording_->last_read);
  Inbound again(*services_, replay, inbound_options(config_), *env_);
  auto r = again.poll();
  if (!r.ok()) return "second delivery failed: " + r.error().message;
  json after = kerf_state();
  if (before != after) {
    return "ingesting the same feedback twice changed kerf:\nbefore " + before.dump() +
           "\nafter  " + after.dump();
  }
  if (r->applied != 0 || r->refused != 0) {
    return "second delivery applied " + std::to_string(r->applied) + ", refused " +
           std::to_string(r->refused);
  }
  return "";
}

std::string Shop::step(const json& st) {
  const std::string op = st.at("do").get<std::string>();
  auto job = [&]() { return job_id(st.value("job", std::string())); };
  auto expect_error = st.value("expect_error", false);
  auto outcome = [&](const Status& s, const std::string& what) -> std::string {
    if (expect_error) return s.ok() ? what + ": expected an error" : "";
    return s.ok() ? "" : what + ": " + s.error().message;
  };
  if (op == "release") {
    auto r = services_->jobs().release(who(), job());
    return outcome(status_of(r), "release");
  }
  if (op == "hold") {
    auto r = services_->jobs().hold(who(), job(), "golden hold");
    return outcome(status_of(r), "hold");
  }
  if (op == "unhold") return outcome(status_of(services_->jobs().unhold(who(), job())), "unhold");
  if (op == "cancel") {
    return outcome(status_of(services_->jobs().cancel(who(), job(), "golden cancel")), "cancel");
  }
  if (op == "receive") {
    const json& s = st.at("sheets");
    app::ReceiveSheetsInput in;
    auto mat = material_of(s);
    if (!mat.ok()) return err(mat, "sheet material");
    in.material = *mat;
    in.thickness_mm = s.value("thickness_mm", 1.5);
    in.length_mm = s.value("length_mm", 3000.0);
    in.width_mm = s.value("width_mm", 1500.0);
    in.quantity = s.value("qty", 1);
    in.location = s.value("location", std::string("RACK-A1"));
    in.heat_number = s.value("heat", std::string("H-1"));
    in.mill_cert_ref = "MTC-" + in.heat_number;
    in.supplier = "Golden Steel";
    auto r = services_->materials().receive(who(), in);
    return err(r, "receive");
  }
  if (op == "consume") {  // a manual consumption in kerf: sheet (code), job, qty
    app::ConsumeSheetsInput in;
    in.sheet_id = std::stoll(st.at("sheet").get<std::string>().substr(1));  // "S000002" -> 2
    in.job_id = job();
    in.quantity = st.value("qty", 1);
    return outcome(status_of(services_->materials().consume(who(), in)), "consume");
  }
  if (op == "sync") return outcome(sync_->poll_once(), "sync");
  if (op == "inbound") {
    std::string e = inbound_poll();
    return expect_error ? (e.empty() ? "inbound: expected an error" : "") : e;
  }
  if (op == "inbound_crash") {
    recording_->lose_acks = 1;
    std::string e = inbound_poll();
    recording_->lose_acks = 0;
    return e.empty() ? "inbound_crash: the lost acknowledgement was not reported" : "";
  }
  if (op == "simtrans") return outcome(status_of(sim_->poll_once()), "simtrans");
  if (op == "nest") return outcome(status_of(sim_->nest_once()), "nest");
  if (op == "cut") return outcome(sim_->cut_program(program_name(st.at("program"))), "cut");
  if (op == "delete") {
    return outcome(sim_->delete_program(program_name(st.at("program"))), "delete");
  }
  if (op == "repost") return outcome(sim_->repost(program_name(st.at("program"))), "repost");
  if (op == "flush") return outcome(sim_->flush_pending(), "flush");
  if (op == "lock") return outcome(sim_->hold_lock(), "lock");
  if (op == "unlock") return outcome(sim_->release_lock(), "unlock");
  if (op == "third_party_delete") {
    return outcome(status_of(sim_->delete_feedback_rows(st.at("packet").get<int64_t>())),
                   "third_party_delete");
  }
  if (op == "faults") {
    simtrans_sim::Faults f = sim_->faults();
    f.simtrans_stopped = st.value("simtrans_stopped", f.simtrans_stopped);
    f.half_visible_batch = st.value("half_visible_batch", f.half_visible_batch);
    if (st.contains("repost_order")) {
      f.repost_order = st["repost_order"] == "post_first" ? simtrans_sim::RepostOrder::kPostFirst
                                                          : simtrans_sim::RepostOrder::kDeleteFirst;
    }
    f.duplicate_feedback = st.value("duplicate_feedback", f.duplicate_feedback);
    f.third_party_delete_every = st.value("third_party_delete_every", f.third_party_delete_every);
    f.deadlock_next = st.value("deadlock_next", f.deadlock_next);
    f.error_next = st.value("error_next", f.error_next);
    sim_->set_faults(f);
    return "";
  }
  if (op == "advance") {
    clock_.advance(std::chrono::seconds(st.at("seconds").get<int64_t>()));
    return "";
  }
  if (op == "feedback") {
    // Raw feedback rows as a (misbehaving) Sigmanest writes them: {"table", "columns"}.
    for (const json& row : st.at("rows")) {
      std::string sql = "INSERT INTO " + row.at("table").get<std::string>() + " (";
      std::string marks;
      std::vector<odbc::Value> params;
      for (const auto& [k, v] : row.at("columns").items()) {
        if (!params.empty()) {
          sql += ", ";
          marks += ", ";
        }
        sql += k;
        marks += "?";
        params.emplace_back(v.is_string() ? v.get<std::string>() : v.dump());
      }
      sql += ") VALUES (" + marks + ")";
      auto r = peek_->execute(sql, params);
      if (!r.ok()) return "feedback row: " + r.error().message;
    }
    return "";
  }
  return "unknown step \"" + op + "\"";
}

json Shop::kerf_state() {
  json out = json::object();
  app::NestService nests(services_->changes());
  store::ListQuery all;
  all.limit = 1000;
  auto list = nests.list(who(), all);
  json n = json::array();
  std::map<int64_t, std::string> job_numbers;
  for (const auto& [num, id] : jobs_) job_numbers[id] = num;
  if (list.ok()) {
    for (const model::Nest& nest : list->items) {
      json parts = json::object();
      for (const model::NestPart& p : nest.parts) parts[job_numbers[p.job_id]] = p.qty;
      n.push_back({{"program", nest.program_name},
                   {"state", model::to_string(nest.state)},
                   {"sheet", sheet_code(nest.sheet_id)},
                   {"repeat", nest.repeat},
                   {"cut_seconds", nest.cut_seconds_est},
                   {"parts", parts}});
    }
  } else {
    out["nests_error"] = list.error().message;
  }
  out["nests"] = n;
  json ops = json::object();
  json cons = json::object();
  json shares = json::object();
  for (const auto& [num, id] : jobs_) {
    auto d = services_->jobs().get(who(), id);
    if (!d.ok()) continue;
    json o = json::object();
    o["status"] = model::to_string(d->job.status);
    for (const model::Operation& op : d->operations) {
      o[op.process == model::Process::kLaserCut ? "laser" : op.name] = {
          {"qty_good", op.qty_good}, {"status", model::to_string(op.status)}};
    }
    ops[num] = o;
    auto m = services_->trace().job_materials(who(), id);
    if (m.ok()) {
      json heats = json::object();
      json heat_shares = json::object();
      for (const json& h : m->value("heat_lots", json::array())) {
        heats[h.value("number", std::string())] = h.value("sheets", json(0));
        heat_shares[h.value("number", std::string())] = h.value("sheet_share", json(0));
      }
      if (!heats.empty()) cons[num] = heats;
      if (!heat_shares.empty()) shares[num] = heat_shares;
    }
  }
  out["jobs"] = ops;
  out["consumptions"] = cons;
  out["shares"] = shares;
  json sheets = json::object();
  int64_t remnants = 0;
  auto page = services_->materials().list_sheets(who(), all);
  if (page.ok()) {
    for (const model::SheetStock& s : page->items) {
      if (s.is_remnant) ++remnants;
      sheets[sheet_code(s.id)] = s.quantity;
    }
  }
  out["sheets"] = sheets;
  out["remnants"] = remnants;
  app::SigmanestLedger ledger(services_->changes());
  auto status = ledger.status(who());
  if (status.ok()) out["outbound"] = status->outbound;
  auto log = db_->read([&](store::Tx& tx) { return store::list_sigmanest_sync(tx, all); });
  json kinds = json::object();
  if (log.ok()) {
    for (const store::SigmanestSyncEntry& e : log->items) {
      std::string key = e.direction + " " + e.kind + " " + e.status;
      kinds[key] = kinds.value(key, 0) + 1;
    }
  }
  out["sync_log"] = kinds;
  return out;
}

json Shop::sim_state() {
  json out = json::object();
  auto count = [&](const std::string& sql) -> json {
    auto rs = peek_->query(sql);
    if (!rs.ok() || rs->rows.empty()) return json(nullptr);
    return std::stoll(rs->rows[0].values[0].value_or("0"));
  };
  out["TransAct"] = count("SELECT COUNT(*) FROM TransAct");
  out["TransAct_errors"] = count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 1");
  for (const char* t : {"WO", "Part", "Stock", "Remnant", "Program", "PIP", "STPrgArc", "STPIPArc",
                        "STPrtArc", "STShtArc", "STRemArc", "STWOArc"}) {
    out[t] = count(std::string("SELECT COUNT(*) FROM ") + t);
  }
  json programs = json::object();
  for (const auto& p : sim_->programs()) programs[p.name] = p.state;
  out["programs"] = programs;
  return out;
}

std::vector<std::string> Shop::check(const json& expect) {
  std::vector<std::string> bad;
  json kerf = kerf_state();
  json sim = sim_state();
  auto compare = [&](const std::string& where, const json& want, const json& got) {
    if (want != got) bad.push_back(where + ": want " + want.dump() + ", got " + got.dump());
  };
  // Partial objects: every listed key compared, others ignored.
  std::function<void(const std::string&, const json&, const json&)> subset =
      [&](const std::string& where, const json& want, const json& got) {
        if (!want.is_object() || !got.is_object()) return compare(where, want, got);
        for (const auto& [k, v] : want.items()) {
          subset(where + "." + k, v, got.contains(k) ? got[k] : json(nullptr));
        }
      };
  if (expect.contains("nests")) {
    json want = expect["nests"];
    for (json& w : want) {
      if (w.contains("program")) w["program"] = program_name(w["program"]);
    }
    json got = json::array();
    for (const json& g : kerf["nests"]) {
      json view = json::object();
      for (const auto& [k, v] : g.items()) {
        if (!want.empty() && want[0].contains(k)) view[k] = v;
      }
      got.push_back(view);
    }
    compare("nests", want, got);
  }
  for (const char* key :
       {"jobs", "consumptions", "shares", "sheets", "remnants", "outbound", "sync_log"}) {
    if (expect.contains(key)) subset(key, expect[key], kerf[key]);
  }
  if (expect.contains("sim")) {
    json want = expect["sim"];
    if (want.contains("programs")) {
      json p = json::object();
      for (const auto& [k, v] : want["programs"].items()) p[program_name(k)] = v;
      want["programs"] = p;
      compare("sim.programs", want["programs"], sim["programs"]);
      want.erase("programs");
    }
    subset("sim", want, sim);
  }
  if (expect.contains("inbound")) {
    json got = {{"packets_read", last_stats_.packets_read},
                {"applied", last_stats_.applied},
                {"already_applied", last_stats_.already_applied},
                {"skipped_ingested", last_stats_.skipped_ingested},
                {"collapsed", last_stats_.collapsed},
                {"refused", last_stats_.refused},
                {"acknowledged", last_stats_.acknowledged},
                {"duplicate_rows", last_stats_.duplicate_rows}};
    subset("inbound", expect["inbound"], got);
  }
  if (expect.contains("log_mentions")) {
    store::ListQuery all;
    all.limit = 1000;
    auto log = db_->read([&](store::Tx& tx) { return store::list_sigmanest_sync(tx, all); });
    std::string text;
    if (log.ok()) {
      for (const auto& e : log->items) text += e.kind + " " + e.status + " " + e.message + "\n";
    }
    for (const json& m : expect["log_mentions"]) {
      if (text.find(m.get<std::string>()) == std::string::npos) {
        bad.push_back("sync log does not mention \"" + m.get<std::string>() + "\":\n" + text);
      }
    }
  }
  return bad;
}

}  // namespace kerf::integrations::sigmanest::golden
