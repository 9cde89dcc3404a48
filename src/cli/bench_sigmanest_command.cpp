// `kerf bench sigmanest`: Sigmanest SimTrans exchange figures (docs/benchmarks.md, "Sigmanest")
// through real ODBC: the SimTrans/feedback tables on a scratch SQLite database (libsqliteodbc)
// and, with --pg-url, on that PostgreSQL database (odbc-postgresql); kerf on a scratch SQLite
// database. Phases per SimTrans backend:
//  1. outbound: --lines SN84 work-order lines (validated TransAct rows) submitted through the
//     ODBC gateway in batches of --batch, one transaction each (rows/s);
//  2. inbound: --programs SN100 feedback packets (STPrgArc + STPIPArc + STShtArc rows, written as
//     Sigmanest does) ingested by Inbound::poll into kerf nests (rows/s, programs/s);
//  3. latency release -> TransAct: a job released in kerf until its SN84 row is in TransAct,
//     the sync polling back to back (p50/p95 over --samples; add the poll interval on site);
//  4. latency SN100 -> plan: an SN100 packet committed until its nest is in the laser NC queue
//     the problem builder reads nests from (inbound polled back to back) (p50/p95).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/sigmanest/config.h"
#include "kerf/integrations/sigmanest/inbound.h"
#include "kerf/integrations/sigmanest/odbc_gateway.h"
#include "kerf/integrations/sigmanest/outbound.h"
#include "kerf/integrations/sigmanest/sync.h"
#include "kerf/integrations/sigmanest/transact.h"
#include "kerf/integrations/simtrans_sim/simulator.h"
#include "kerf/store/migrations.h"

namespace kerf::cli {
namespace {

namespace sn = integrations::sigmanest;
namespace odbc = integrations::odbc;
namespace simtrans_sim = integrations::simtrans_sim;
using Clock = std::chrono::steady_clock;

struct SigmanestBenchFlags {
  int64_t lines = 10'000;
  int batch = 200;
  int64_t programs = 1'000;
  int samples = 50;
  std::string pg_url;
  bool json = false;
};

struct Latency {
  double p50_ms = 0, p95_ms = 0, max_ms = 0;
  int n = 0;
};

struct Figures {
  std::string backend;
  int64_t lines = 0;
  double outbound_s = 0;
  int64_t feedback_rows = 0;
  int64_t programs = 0;
  double inbound_s = 0;
  Latency release_to_transact;
  Latency sn100_to_plan;
};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

Latency percentiles(std::vector<double> ms) {
  Latency l;
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(ms.size()))) - 1;
    return ms[std::min(i, ms.size() - 1)];
  };
  l.p50_ms = at(0.50);
  l.p95_ms = at(0.95);
  l.max_ms = ms.back();
  l.n = static_cast<int>(ms.size());
  return l;
}

// postgresql://user:password@host:port/database -> an ODBC connection string.
Result<std::string> odbc_of_pg_url(const std::string& url) {
  static const std::regex re(
      R"(postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^:/]+)(?::(\d+))?/([^?]+).*)");
  std::smatch m;
  if (!std::regex_match(url, m, re)) {
    return Error::invalid("--pg-url", "expected postgresql://user:password@host:port/database");
  }
  std::string s = "Driver={PostgreSQL Unicode};Server=" + m[3].str() +
                  ";Port=" + (m[4].matched ? m[4].str() : std::string("5432")) +
                  ";Database=" + m[5].str();
  if (m[1].matched) s += ";Uid=" + m[1].str();
  if (m[2].matched) s += ";Pwd=" + m[2].str();
  return s;
}

// Empties the SimTrans and feedback tables (a --pg-url database may hold an earlier run).
Status clear_simtrans(odbc::Connection& c) {
  for (const char* t :
       {"TransAct", "STPrgArc", "STPIPArc", "STPrtArc", "STShtArc", "STRemArc", "STWOArc"}) {
    auto r = c.execute(std::string("DELETE FROM ") + t);
    if (!r.ok()) return r.error();
  }
  return ok_status();
}

sn::TransActRow work_order_line(int64_t i) {
  sn::TransActRow row;
  row.trans_type = std::string(sn::kSN84);
  row.district = 1;
  row.trans_id = fmt::format("B{:09d}", i);
  row.columns = {{"OrderNo", fmt::format("BWO-{:05d}", i / 10)},
                 {"ItemName", fmt::format("BP-{:06d}", i)},
                 {"Qty", std::to_string(1 + i % 40)},
                 {"Material", "304"},
                 {"Thickness", "1.5"},
                 {"DueDate", "2026-12-24 16:00:00"},
                 {"Customer", "Bench Customer"},
                 {"Length", "400"},
                 {"Width", "300"},
                 {"ItemData1", std::to_string(i + 1)}};
  return row;
}

Status bench_outbound(sn::Gateway& gateway, const SigmanestBenchFlags& flags, Figures& f) {
  std::vector<sn::TransActRow> rows;
  rows.reserve(static_cast<size_t>(flags.lines));
  for (int64_t i = 0; i < flags.lines; ++i) {
    rows.push_back(work_order_line(i));
    if (auto v = sn::validate(rows.back()); !v.ok()) return v.error();
  }
  auto t0 = Clock::now();
  for (size_t at = 0; at < rows.size(); at += static_cast<size_t>(flags.batch)) {
    size_t end = std::min(rows.size(), at + static_cast<size_t>(flags.batch));
    std::vector<sn::TransActRow> batch(rows.begin() + static_cast<long>(at),
                                       rows.begin() + static_cast<long>(end));
    if (auto s = gateway.submit(batch); !s.ok()) return s;
  }
  f.outbound_s = seconds_since(t0);
  f.lines = flags.lines;
  return ok_status();
}

// kerf master data for the inbound phases: customer, laser LAS-1, a part, sheets, jobs.
struct Shop {
  int64_t customer_id = 0, part_id = 0, laser_id = 0, sheet_id = 0;
  std::vector<std::string> jobs;  // job numbers (planned)
  std::vector<int64_t> job_ids;
};

Result<Shop> seed_shop(app::Services& s, int64_t jobs) {
  app::Principal who = app::system_principal();
  Shop shop;
  model::Customer c;
  c.code = "BENCH";
  c.name = "Bench Customer";
  auto cr = s.master_data().create(who, c);
  if (!cr.ok()) return cr.error();
  shop.customer_id = cr->id;
  model::WorkCenter w;
  w.code = "LAS-1";
  w.name = "Laser 1";
  w.department = model::Department::kLaser;
  w.capabilities.processes = {model::Process::kLaserCut};
  auto wr = s.master_data().create(who, w);
  if (!wr.ok()) return wr.error();
  shop.laser_id = wr->id;
  model::Part p;
  p.number = "BP-1";
  p.revision = "A";
  p.description = "Bench bracket";
  p.thickness_mm = 1.5;
  p.flat_length_mm = 400;
  p.flat_width_mm = 300;
  p.weight_kg = 1;
  auto pr = s.master_data().create(who, p);
  if (!pr.ok()) return pr.error();
  shop.part_id = pr->id;
  app::ReceiveSheetsInput in;
  in.thickness_mm = 1.5;
  in.length_mm = 3000;
  in.width_mm = 1500;
  in.quantity = 100'000;
  in.location = "RACK-A1";
  in.heat_number = "H-BENCH";
  in.mill_cert_ref = "MTC-BENCH";
  in.supplier = "Bench Steel";
  auto rr = s.materials().receive(who, in);
  if (!rr.ok()) return rr.error();
  shop.sheet_id = rr->sheet.id;
  for (int64_t i = 0; i < jobs; ++i) {
    app::JobInput j;
    j.number = fmt::format("BJ-{:05d}", i);
    j.part_id = shop.part_id;
    j.customer_id = shop.customer_id;
    j.quantity = 10;
    j.due = s.env().now() + std::chrono::hours(24 * 14);
    app::OperationInput laser;
    laser.name = "Laser cut";
    laser.process = model::Process::kLaserCut;
    laser.eligible_work_center_ids = {shop.laser_id};
    laser.setup_seconds = 300;
    laser.run_seconds_per_piece = 60;
    j.operations = {laser};
    auto jr = s.jobs().create(who, j);
    if (!jr.ok()) return jr.error();
    shop.jobs.push_back(j.number);
    shop.job_ids.push_back(jr->job.id);
  }
  return shop;
}

// Writes one SN100 packet for `program` (one part line of `job`) as Sigmanest does.
Status write_sn100(odbc::Connection& c, int64_t packet, const std::string& program,
                   const std::string& job, const Shop& shop) {
  std::string pid = std::to_string(packet);
  std::string sheet = fmt::format("S{:06d}", shop.sheet_id);
  auto r = c.execute(
      "INSERT INTO STPIPArc (ArchivePacketID, TransType, ProgramName, WONumber, PartName, "
      "QtyInProcess) VALUES (?, 'SN100', ?, ?, 'BP-1', '10')",
      {pid, program, job});
  if (!r.ok()) return r.error();
  r = c.execute(
      "INSERT INTO STShtArc (ArchivePacketID, TransType, ProgramName, SheetName, HeatNumber, Qty) "
      "VALUES (?, 'SN100', ?, ?, 'H-BENCH', '1')",
      {pid, program, sheet});
  if (!r.ok()) return r.error();
  r = c.execute(
      "INSERT INTO STPrgArc (ArchivePacketID, TransType, ProgramName, RepeatID, SheetName, "
      "MachineName, CuttingTime, UsedArea, ScrapFraction, SheetLength, SheetWidth) VALUES (?, "
      "'SN100', ?, '1', ?, 'LAS-1', '600', '1200000', '0.2', '3000', '1500')",
      {pid, program, sheet});
  return status_of(r);
}

Status bench_inbound(app::Services& services, sn::Gateway& gateway, odbc::Connection& peer,
                     const Shop& shop, const SigmanestBenchFlags& flags, Figures& f) {
  // Release the jobs first (program parts must be on released jobs); not timed.
  app::Principal who = app::system_principal();
  for (int64_t i = 0; i < flags.programs; ++i) {
    auto r = services.jobs().release(who, shop.job_ids[static_cast<size_t>(i)]);
    if (!r.ok()) return r.error();
  }
  if (auto s = peer.begin(); !s.ok()) return s;
  for (int64_t i = 0; i < flags.programs; ++i) {
    auto s = write_sn100(peer, i + 1, fmt::format("BN-{:05d}", i), shop.jobs[i], shop);
    if (!s.ok()) return s;
  }
  if (auto s = peer.commit(); !s.ok()) return s;
  sn::InboundOptions options;
  options.batch_packets = 200;
  sn::Inbound inbound(services, gateway, options, services.env());
  auto t0 = Clock::now();
  int64_t applied = 0;
  for (;;) {
    auto r = inbound.poll();
    if (!r.ok()) return r.error();
    applied += r->applied;
    if (r->refused > 0) return Error::internal("bench inbound: refused packets");
    if (r->packets_read == 0) break;
  }
  f.inbound_s = seconds_since(t0);
  f.programs = applied;
  f.feedback_rows = 3 * flags.programs;
  return ok_status();
}

// Whether nest `id` is in what the planner schedules from. Until the problem builder maps nests
// (issue 12, sn-plan) this is the laser NC queue the builder reads them from.
bool planned(app::Services& services, int64_t id) {
  app::NestService nests(services.changes());
  auto queue = nests.laser_queue(app::system_principal(), std::nullopt);
  if (!queue.ok()) return false;
  for (const app::LaserQueueEntry& e : *queue) {
    if (e.nest.id == id) return true;
  }
  return false;
}

Status bench_latency(app::Services& services, sn::Gateway& gateway, odbc::Connection& peer,
                     const Shop& shop, const SigmanestBenchFlags& flags, Figures& f) {
  app::Principal who = app::system_principal();
  sn::SigmanestConfig config;
  config.enabled = true;
  sn::Sync sync(services, gateway, config, services.env());
  if (auto s = sync.poll_once(); !s.ok()) return s;  // earlier events (the inbound phase)
  std::vector<double> release_ms;
  for (int i = 0; i < flags.samples; ++i) {
    const std::string& number = shop.jobs[static_cast<size_t>(flags.programs + i)];
    auto t0 = Clock::now();
    auto r = services.jobs().release(who, shop.job_ids[static_cast<size_t>(flags.programs + i)]);
    if (!r.ok()) return r.error();
    for (int polls = 0;; ++polls) {
      if (auto s = sync.poll_once(); !s.ok()) return s;
      auto rs = peer.query("SELECT COUNT(*) FROM TransAct WHERE TransType = 'SN84' AND OrderNo = ?",
                           {number});
      if (!rs.ok()) return rs.error();
      if (rs->rows[0].values[0].value_or("0") != "0") break;
      if (polls > 100) return Error::internal("bench: no TransAct row for " + number);
    }
    release_ms.push_back(seconds_since(t0) * 1000);
  }
  f.release_to_transact = percentiles(release_ms);

  sn::InboundOptions options;
  sn::Inbound inbound(services, gateway, options, services.env());
  app::NestService nests(services.changes());
  std::vector<double> plan_ms;
  for (int i = 0; i < flags.samples; ++i) {
    const std::string& job = shop.jobs[static_cast<size_t>(flags.programs + i)];
    std::string program = fmt::format("BL-{:05d}", i);
    auto t0 = Clock::now();
    if (auto s = peer.begin(); !s.ok()) return s;
    if (auto s = write_sn100(peer, 1'000'000 + i, program, job, shop); !s.ok()) return s;
    if (auto s = peer.commit(); !s.ok()) return s;
    for (int polls = 0;; ++polls) {
      auto r = inbound.poll();
      if (!r.ok()) return r.error();
      auto nest = nests.find_by_program(who, program);
      if (!nest.ok()) return nest.error();
      if (nest->has_value() && planned(services, (*nest)->id)) break;
      if (polls > 100) return Error::internal("bench: nest " + program + " never planned");
    }
    plan_ms.push_back(seconds_since(t0) * 1000);
  }
  f.sn100_to_plan = percentiles(plan_ms);
  return ok_status();
}

Result<Figures> run_backend(const std::string& backend, const std::string& simtrans_odbc,
                            const std::string& scratch, const SigmanestBenchFlags& flags) {
  Figures f;
  f.backend = backend;
  // The SimTrans side: schema through the simulator, a peer connection for the bench's writes.
  simtrans_sim::SimulatorOptions so;
  so.connection_string = simtrans_odbc;
  auto sim = simtrans_sim::SimTransSimulator::open(so);
  if (!sim.ok()) return sim.error();
  if (auto s = (*sim)->create_schema(); !s.ok()) return s.error();
  auto peer = odbc::Connection::open({simtrans_odbc});
  if (!peer.ok()) return peer.error();
  if (auto s = clear_simtrans(**peer); !s.ok()) return s.error();
  sn::SigmanestConfig config;
  config.enabled = true;
  config.connection_string = simtrans_odbc;
  sn::OdbcGatewayOptions go;
  go.connect.connection_string = simtrans_odbc;
  auto gateway = sn::OdbcGateway::create(go);
  if (!gateway.ok()) return gateway.error();
  if (auto s = bench_outbound(**gateway, flags, f); !s.ok()) return s.error();
  if (auto s = clear_simtrans(**peer); !s.ok()) return s.error();

  // kerf on a scratch SQLite database.
  auto db = store::Database::open("sqlite:" + scratch + "/kerf-" + backend + ".db");
  if (!db.ok()) return db.error();
  if (auto m = store::migrate(**db); !m.ok()) return m.error();
  EventBus bus;
  app::Services services(**db, Env::system(), bus, app::ServicesOptions::for_tests());
  auto shop = seed_shop(services, flags.programs + flags.samples);
  if (!shop.ok()) return shop.error();
  if (auto s = bench_inbound(services, **gateway, **peer, *shop, flags, f); !s.ok()) {
    return s.error();
  }
  if (auto s = bench_latency(services, **gateway, **peer, *shop, flags, f); !s.ok()) {
    return s.error();
  }
  return f;
}

nlohmann::json to_json(const Latency& l) {
  return {{"p50_ms", l.p50_ms}, {"p95_ms", l.p95_ms}, {"max_ms", l.max_ms}, {"n", l.n}};
}

void print(const SigmanestBenchFlags& flags, const std::vector<Figures>& all) {
  if (flags.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Figures& f : all) {
      out.push_back({{"backend", f.backend},
                     {"outbound_rows", f.lines},
                     {"outbound_rows_per_s", f.lines / std::max(f.outbound_s, 1e-9)},
                     {"feedback_rows", f.feedback_rows},
                     {"feedback_programs", f.programs},
                     {"inbound_rows_per_s", f.feedback_rows / std::max(f.inbound_s, 1e-9)},
                     {"inbound_programs_per_s", f.programs / std::max(f.inbound_s, 1e-9)},
                     {"release_to_transact", to_json(f.release_to_transact)},
                     {"sn100_to_plan", to_json(f.sn100_to_plan)}});
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (const Figures& f : all) {
    std::cout << fmt::format("[{}]\n", f.backend);
    std::cout << fmt::format("outbound {} rows in batches of {}: {:.2f} s, {:.0f} rows/s\n",
                             f.lines, flags.batch, f.outbound_s,
                             f.lines / std::max(f.outbound_s, 1e-9));
    std::cout << fmt::format(
        "inbound {} programs ({} feedback rows): {:.2f} s, {:.0f} rows/s, {:.0f} programs/s\n",
        f.programs, f.feedback_rows, f.inbound_s, f.feedback_rows / std::max(f.inbound_s, 1e-9),
        f.programs / std::max(f.inbound_s, 1e-9));
    std::cout << fmt::format("release -> TransAct row: p50 {:.1f} ms, p95 {:.1f} ms (n={})\n",
                             f.release_to_transact.p50_ms, f.release_to_transact.p95_ms,
                             f.release_to_transact.n);
    std::cout << fmt::format("SN100 row -> nest in the plan: p50 {:.1f} ms, p95 {:.1f} ms (n={})\n",
                             f.sn100_to_plan.p50_ms, f.sn100_to_plan.p95_ms, f.sn100_to_plan.n);
  }
}

int run_bench(const SigmanestBenchFlags& flags) {
  spdlog::set_level(spdlog::level::err);
  ScratchDir scratch("kerf-bench-sigmanest-");
  std::filesystem::create_directories(scratch.path());
  std::vector<std::pair<std::string, std::string>> backends = {
      {"sqlite-odbc", "Driver=SQLite3;Database=" + scratch.path() + "/simtrans.db"}};
  if (!flags.pg_url.empty()) {
    auto pg = odbc_of_pg_url(flags.pg_url);
    if (!pg.ok()) {
      std::cerr << "bench sigmanest: " << pg.error().message << "\n";
      return 2;
    }
    backends.emplace_back("postgresql-odbc", *pg);
  }
  std::vector<Figures> all;
  for (const auto& [name, conn] : backends) {
    auto f = run_backend(name, conn, scratch.path(), flags);
    if (!f.ok()) {
      std::cerr << "bench sigmanest: " << name << ": " << f.error().message << "\n";
      return 1;
    }
    all.push_back(*f);
  }
  print(flags, all);
  return 0;
}

const CommandRegistrar kBenchSigmanest("bench sigmanest", [](CLI::App& root) {
  auto& bench = subcommand_of(root, "bench", "Benchmarks that print figures");
  auto flags = std::make_shared<SigmanestBenchFlags>();
  auto* cmd = bench.add_subcommand(
      "sigmanest", "Sigmanest SimTrans over ODBC: work orders out, feedback in, sync latencies");
  cmd->add_option("--lines", flags->lines, "work-order lines (SN84 rows) sent")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  cmd->add_option("--batch", flags->batch, "TransAct rows per transaction")
      ->check(CLI::Range(1, 100'000));
  cmd->add_option("--programs", flags->programs, "SN100 feedback programs ingested")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  cmd->add_option("--samples", flags->samples, "samples per latency figure")
      ->check(CLI::Range(1, 10'000));
  cmd->add_option("--pg-url", flags->pg_url,
                  "also run on this empty PostgreSQL database through ODBC "
                  "(postgresql://user:password@host:port/database)");
  cmd->add_flag("--json", flags->json, "one JSON summary instead of lines");
  cmd->callback([flags] { exit_code() = run_bench(*flags); });
});

}  // namespace
}  // namespace kerf::cli
