#include "kerf/sim/demo_shop.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "kerf/core/time_format.h"

namespace kerf::sim {
namespace {

using namespace model;

const TimePoint kNow = *parse_iso8601("2026-11-26T06:30:00Z");

const DemoShop& shop() {
  static const DemoShop s = make_demo_shop(42, kNow);
  return s;
}

template <typename T>
void expect_valid_sequential(const std::vector<T>& items, const char* what) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i].id, static_cast<int64_t>(i + 1)) << what;
    Status s = items[i].validate();
    EXPECT_TRUE(s.ok()) << what << " " << items[i].id << ": " << (s.ok() ? "" : s.error().message);
  }
}

template <typename T>
std::map<int64_t, const T*> index(const std::vector<T>& items) {
  std::map<int64_t, const T*> out;
  for (const T& item : items) out[item.id] = &item;
  return out;
}

TEST(DemoShop, SameSeedGivesIdenticalShop) {
  DemoShop again = make_demo_shop(42, kNow);
  EXPECT_TRUE(again == shop());
  DemoShop other = make_demo_shop(43, kNow);
  EXPECT_FALSE(other == shop());
  EXPECT_NE(other.jobs, shop().jobs);
}

TEST(DemoShop, CountsAreInRange) {
  const DemoShop& s = shop();
  EXPECT_EQ(s.departments.size(), 7u);
  EXPECT_GE(s.calendars.size(), 2u);
  EXPECT_GE(s.work_centers.size(), 22u);
  EXPECT_LE(s.work_centers.size(), 30u);
  EXPECT_GE(s.customers.size(), 25u);
  EXPECT_LE(s.customers.size(), 35u);
  EXPECT_GE(s.parts.size(), 270u);
  EXPECT_LE(s.parts.size(), 330u);
  EXPECT_GE(s.jobs.size(), 180u);
  EXPECT_LE(s.jobs.size(), 220u);
  EXPECT_GE(s.operations.size(), 3 * s.jobs.size());
  EXPECT_GE(s.bom_lines.size(), 150u);
  EXPECT_GE(s.heat_lots.size(), 15u);
  EXPECT_GE(s.sheets.size(), 40u);
  EXPECT_GE(s.safety_stock.size(), 15u);
  EXPECT_GE(s.tools.size(), 30u);
  EXPECT_GE(s.users.size(), 15u);
  EXPECT_GE(s.certifications.size(), 8u);
  EXPECT_GE(s.nests.size(), 1u);
  int vip = 0;
  for (const Customer& c : s.customers) vip += c.vip;
  EXPECT_GE(vip, 2);
  EXPECT_LE(vip, 6);
}

TEST(DemoShop, EveryObjectValidatesWithSequentialIds) {
  const DemoShop& s = shop();
  EXPECT_TRUE(s.plant.validate().ok());
  expect_valid_sequential(s.departments, "department");
  expect_valid_sequential(s.calendars, "calendar");
  expect_valid_sequential(s.work_centers, "work center");
  expect_valid_sequential(s.customers, "customer");
  expect_valid_sequential(s.parts, "part");
  expect_valid_sequential(s.bom_lines, "bom line");
  expect_valid_sequential(s.jobs, "job");
  expect_valid_sequential(s.operations, "operation");
  expect_valid_sequential(s.heat_lots, "heat lot");
  expect_valid_sequential(s.sheets, "sheet");
  expect_valid_sequential(s.safety_stock, "safety stock");
  expect_valid_sequential(s.tools, "tool");
  expect_valid_sequential(s.users, "user");
  expect_valid_sequential(s.certifications, "certification");
  expect_valid_sequential(s.nests, "nest");
  auto jobs = index(s.jobs);
  for (const Operation& op : s.operations) {
    ASSERT_TRUE(jobs.count(op.job_id));
    Status st = op.validate(*jobs[op.job_id]);
    EXPECT_TRUE(st.ok()) << op.id << ": " << (st.ok() ? "" : st.error().message);
  }
}

TEST(DemoShop, EveryReferencedIdExists) {
  const DemoShop& s = shop();
  auto calendars = index(s.calendars);
  auto wcs = index(s.work_centers);
  auto customers = index(s.customers);
  auto parts = index(s.parts);
  auto jobs = index(s.jobs);
  auto lots = index(s.heat_lots);
  auto sheets = index(s.sheets);
  auto users = index(s.users);
  for (const WorkCenter& wc : s.work_centers) EXPECT_TRUE(calendars.count(wc.calendar_id));
  for (const BomLine& b : s.bom_lines) {
    ASSERT_TRUE(parts.count(b.parent_part_id));
    ASSERT_TRUE(parts.count(b.component_part_id));
    EXPECT_TRUE(parts[b.parent_part_id]->assembly);
  }
  for (const Part& p : s.parts) {
    if (!p.assembly) continue;
    bool has_component = false;
    for (const BomLine& b : s.bom_lines) has_component |= b.parent_part_id == p.id;
    EXPECT_TRUE(has_component) << p.number;
  }
  for (const Job& j : s.jobs) {
    EXPECT_TRUE(parts.count(j.part_id));
    EXPECT_TRUE(customers.count(j.customer_id));
  }
  std::map<int64_t, int32_t> last_sequence;
  for (const Operation& op : s.operations) {
    ASSERT_TRUE(jobs.count(op.job_id));
    EXPECT_GT(op.sequence, last_sequence[op.job_id]) << "operations grouped in sequence order";
    last_sequence[op.job_id] = op.sequence;
    for (int64_t wc : op.eligible_work_center_ids) {
      ASSERT_TRUE(wcs.count(wc));
      EXPECT_TRUE(wcs[wc]->capabilities.processes.count(op.process)) << op.name;
    }
    if (op.operator_id != 0) {
      ASSERT_TRUE(users.count(op.operator_id));
      EXPECT_TRUE(users[op.operator_id]->has_role(Role::kOperator));
    }
  }
  EXPECT_EQ(last_sequence.size(), s.jobs.size()) << "every job has a routing";
  for (const SheetStock& sh : s.sheets) {
    ASSERT_TRUE(lots.count(sh.heat_lot_id));
    EXPECT_EQ(lots[sh.heat_lot_id]->material, sh.material);
    if (!sh.is_remnant) continue;
    ASSERT_TRUE(sheets.count(sh.parent_sheet_id));
    const SheetStock& parent = *sheets[sh.parent_sheet_id];
    EXPECT_FALSE(parent.is_remnant);
    EXPECT_EQ(parent.material, sh.material);
    EXPECT_EQ(parent.thickness_mm, sh.thickness_mm);
    EXPECT_EQ(parent.heat_lot_id, sh.heat_lot_id);
    EXPECT_LT(sh.length_mm * sh.width_mm, parent.length_mm * parent.width_mm);
  }
  for (const Certification& c : s.certifications) EXPECT_TRUE(users.count(c.user_id));
  std::map<int64_t, const Operation*> operations;
  for (const Operation& o : s.operations) operations[o.id] = &o;
  for (const Nest& n : s.nests) {
    EXPECT_TRUE(n.validate().ok()) << n.program_name;
    ASSERT_TRUE(sheets.count(n.sheet_id));
    EXPECT_EQ(sheets[n.sheet_id]->material, n.material);
    EXPECT_EQ(sheets[n.sheet_id]->thickness_mm, n.thickness_mm);
    for (const NestPart& np : n.parts) {
      ASSERT_TRUE(jobs.count(np.job_id));
      EXPECT_EQ(jobs[np.job_id]->part_id, np.part_id);
      EXPECT_LE(np.qty, jobs[np.job_id]->quantity);
      EXPECT_EQ(parts[np.part_id]->material, n.material);
      // Posted to the laser of the job's laser operation it is linked to.
      ASSERT_TRUE(operations.count(np.operation_id)) << n.program_name;
      const Operation& op = *operations[np.operation_id];
      EXPECT_EQ(op.job_id, np.job_id);
      EXPECT_EQ(op.process, Process::kLaserCut);
    }
    EXPECT_NE(n.work_center_id, 0) << n.program_name;
    EXPECT_GE(n.queue_position, 1);
  }
}

TEST(DemoShop, LooksLikeAKitchenDoorAndFrameFabricator) {
  const DemoShop& s = shop();
  std::map<Department, int> per_dept;
  std::set<double> brake_tonnage;
  for (const WorkCenter& wc : s.work_centers) {
    ++per_dept[wc.department];
    if (wc.capabilities.processes.count(Process::kBend)) {
      brake_tonnage.insert(wc.capabilities.tonnage);
    }
  }
  EXPECT_GE(per_dept[Department::kLaser], 2);
  EXPECT_EQ(per_dept[Department::kWelding], 6);
  EXPECT_GE(per_dept[Department::kPolishing], 2);
  EXPECT_GE(per_dept[Department::kAssembly], 3);
  EXPECT_EQ(per_dept[Department::kShipping], 2);
  EXPECT_EQ(brake_tonnage.size(), 3u);

  const std::set<double> gauges = {0.9, 1.2, 1.5, 2.0, 3.0, 5.0};
  std::set<std::string> names;
  for (const Part& p : s.parts) {
    names.insert(p.description.substr(0, p.description.find(',')));
    if (!p.assembly) {
      EXPECT_TRUE(gauges.count(p.thickness_mm)) << p.number;
    }
  }
  EXPECT_TRUE(names.count("Hinged door leaf 2040x926"));
  EXPECT_TRUE(names.count("Frame jamb 2100"));
  EXPECT_TRUE(names.count("Prep table top 1800x700"));

  auto parts = index(s.parts);
  auto jobs = index(s.jobs);
  std::map<JobStatus, int> statuses;
  for (const Job& j : s.jobs) {
    ++statuses[j.status];
    EXPECT_GT(j.due, kNow);
    EXPECT_LE(j.due, kNow + std::chrono::days(22));
  }
  EXPECT_GE(statuses[JobStatus::kPlanned], 40);
  EXPECT_GE(statuses[JobStatus::kReleased], 20);
  EXPECT_GE(statuses[JobStatus::kInProgress], 10);

  int started = 0, partial = 0;
  std::set<int64_t> with_laser, with_punch;
  for (const Operation& op : s.operations) {
    const Job& job = *jobs[op.job_id];
    const Part& part = *parts[job.part_id];
    if (op.process == Process::kPolish) {
      EXPECT_TRUE(part.material == Material::kStainless304 ||
                  part.material == Material::kStainless316)
          << "no polish for " << to_string(part.material);
    }
    if (op.process == Process::kLaserCut) with_laser.insert(job.id);
    if (op.process == Process::kPunch) with_punch.insert(job.id);
    if (op.started_at) {
      ++started;
      EXPECT_LT(*op.started_at, kNow);
      EXPECT_TRUE(job.status == JobStatus::kInProgress || job.status == JobStatus::kOnHold);
    }
    if (op.status == OperationStatus::kRunning && op.qty_good > 0) ++partial;
    EXPECT_GT(op.setup_seconds + op.run_seconds_per_piece, 0) << op.name;
  }
  EXPECT_GE(started, 10);
  EXPECT_GE(partial, 3);
  EXPECT_GE(with_laser.size(), 50u);
  EXPECT_GE(with_punch.size(), 10u);

  // The overtime calendar gives Saturday hours.
  const ShiftCalendar& overtime = s.calendars[1];
  EXPECT_FALSE(overtime.overtime.empty());
  auto windows =
      overtime.working_windows(kNow, kNow + std::chrono::days(7), s.plant.zone().value());
  int64_t minutes = 0;
  for (auto& [a, b] : windows) {
    minutes += std::chrono::duration_cast<std::chrono::minutes>(b - a).count();
  }
  EXPECT_EQ(minutes, 5 * 960 + 360);  // five two-shift days plus one Saturday morning
}

}  // namespace
}  // namespace kerf::sim
