// libFuzzer target for the app's all-or-nothing job JSON import (JobService::import_json) on a
// real SQLite database seeded once with customers, parts and work centers. Invariants: a failed
// import writes nothing (job and routing counts unchanged); a successful one adds exactly the
// returned jobs. Violations abort(). Build with the `fuzz` preset.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/core/clock.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/time_format.h"
#include "kerf/store/store.h"

namespace {

using namespace kerf;

struct Counts {
  int64_t jobs = 0;
  int64_t operations = 0;
};

// The process-wide fixture: built on first use, lives until exit.
class Fixture {
 public:
  Fixture() : clock_(*parse_iso8601("2026-11-24T07:00:00Z")), env_(clock_, 42) {
    char dir_template[] = "/tmp/kerf-fuzz-XXXXXX";
    const char* dir = ::mkdtemp(dir_template);
    if (dir == nullptr) std::abort();
    dir_ = dir;
    auto db = store::Database::open("sqlite:" + dir_ + "/kerf.db");
    if (!db.ok()) std::abort();
    db_ = std::move(*db);
    if (!store::migrate(*db_).ok()) std::abort();
    services_ =
        std::make_unique<app::Services>(*db_, env_, bus_, app::ServicesOptions::for_tests());
    seed();
  }

  ~Fixture() {
    services_.reset();
    db_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  app::Services& app() { return *services_; }

  Counts counts() { return Counts{count("jobs"), count("job_routings")}; }

 private:
  int64_t count(const std::string& table) {
    auto n = db_->read([&](store::Tx& tx) -> Result<int64_t> {
      auto row = tx.query_one("SELECT COUNT(*) FROM " + table);
      if (!row.ok()) return row.error();
      return (*row)->get_int(0);
    });
    if (!n.ok()) std::abort();
    return *n;
  }

  // Customers C1, C2; parts P1 rev A, P1 rev B, BR-100; work centers LAS-1, LAS-2, BRK-1, WLD-1.
  void seed() {
    const app::Principal system = app::system_principal();
    for (const char* code : {"C1", "C2"}) {
      model::Customer c;
      c.code = code;
      c.name = std::string("Customer ") + code;
      if (!app().master_data().create(system, c).ok()) std::abort();
    }
    struct PartSeed {
      const char* number;
      const char* revision;
      double thickness;
    };
    for (const PartSeed& s :
         {PartSeed{"P1", "A", 1.5}, PartSeed{"P1", "B", 2.0}, PartSeed{"BR-100", "A", 3.0}}) {
      model::Part p;
      p.number = s.number;
      p.revision = s.revision;
      p.description = "Fuzz part";
      p.thickness_mm = s.thickness;
      p.flat_length_mm = 1200;
      p.flat_width_mm = 600;
      p.weight_kg = 8;
      if (!app().master_data().create(system, p).ok()) std::abort();
    }
    struct CenterSeed {
      const char* code;
      model::Department department;
      model::Process process;
    };
    for (const CenterSeed& s :
         {CenterSeed{"LAS-1", model::Department::kLaser, model::Process::kLaserCut},
          CenterSeed{"LAS-2", model::Department::kLaser, model::Process::kLaserCut},
          CenterSeed{"BRK-1", model::Department::kForming, model::Process::kBend},
          CenterSeed{"WLD-1", model::Department::kWelding, model::Process::kTigWeld}}) {
      model::WorkCenter w;
      w.code = s.code;
      w.name = s.code;
      w.department = s.department;
      w.capabilities.processes = {s.process};
      if (!app().master_data().create(system, w).ok()) std::abort();
    }
  }

  ManualClock clock_;
  Env env_;
  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
};

Fixture& fixture() {
  static Fixture* instance = new Fixture();  // never destroyed: libFuzzer exits via exit()
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  Fixture& f = fixture();
  const app::Principal planner{0, "planner", {model::Role::kPlanner}};
  std::string_view text(reinterpret_cast<const char*>(data), size);

  const Counts before = f.counts();
  auto result = f.app().jobs().import_json(planner, text);
  const Counts after = f.counts();
  if (!result.ok()) {
    if (after.jobs != before.jobs || after.operations != before.operations) std::abort();
    return 0;
  }
  if (after.jobs != before.jobs + static_cast<int64_t>(result->jobs.size())) std::abort();
  if (after.operations < before.operations) std::abort();
  return 0;
}
