#include "kerf/app/seed.h"

#include <map>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/services.h"
#include "kerf/sim/demo_shop.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

using model::Role;

// old (generator) id -> new (database) id for one entity type.
using IdMap = std::map<int64_t, int64_t>;

int64_t mapped(const IdMap& ids, int64_t old_id) {
  if (old_id == 0) return 0;
  auto it = ids.find(old_id);
  if (it == ids.end())
    throw std::logic_error("demo shop references unknown id " + std::to_string(old_id));
  return it->second;
}

struct DemoUser {
  const char* username;
  const char* display_name;
  Role role;
};

constexpr DemoUser kDemoUsers[] = {
    {"admin", "Demo Admin", Role::kAdmin},       {"planner", "Demo Planner", Role::kPlanner},
    {"lead", "Demo Lead", Role::kLead},          {"operator", "Demo Operator", Role::kOperator},
    {"quality", "Demo Quality", Role::kQuality}, {"shipping", "Demo Shipping", Role::kShipping},
};

Status ensure_empty(store::Tx& tx) {
  for (auto count :
       {repo::count<model::Job>(tx), repo::count<model::Part>(tx), repo::count<model::Customer>(tx),
        repo::count<model::WorkCenter>(tx), repo::count<model::User>(tx)}) {
    if (!count.ok()) return count.error();
    if (*count > 0) {
      return Error::precondition("the database is not empty; demo data goes into a new one");
    }
  }
  return ok_status();
}

// Inserts every element of `items` with `insert`, recording the id mapping.
template <typename T, typename Fix, typename Insert>
Status insert_all(store::Tx& tx, const std::vector<T>& items, IdMap& ids, Fix fix, Insert insert) {
  for (const T& item : items) {
    T copy = item;
    fix(copy);
    auto saved = insert(tx, copy);
    if (!saved.ok()) return saved.error();
    ids[item.id] = saved->id;
  }
  return ok_status();
}

}  // namespace

Result<SeedSummary> seed_demo(Services& services, uint64_t seed) {
  auto now = services.env().now();
  sim::DemoShop shop = sim::make_demo_shop(seed, now);
  auto hash = hash_password(kDemoPassword, services.options().auth.password);
  if (!hash.ok()) return hash.error();
  Principal who = system_principal();

  return services.changes().run(who, [&](Change& c) -> Result<SeedSummary> {
    store::Tx& tx = c.tx();
    KERF_TRY(ensure_empty(tx));
    SeedSummary summary;
    IdMap plants, departments, calendars, work_centers, customers, parts, boms, users, jobs, ops,
        lots, sheets, safety, tools, certs, nests;
    auto keep = [](auto&) {};

    {
      auto p = store::insert_plant(tx, shop.plant);
      if (!p.ok()) return p.error();
    }
    KERF_TRY(insert_all(tx, shop.departments, departments, keep, store::insert_department));
    KERF_TRY(insert_all(tx, shop.calendars, calendars, keep, store::insert_calendar));
    KERF_TRY(insert_all(
        tx, shop.work_centers, work_centers,
        [&](model::WorkCenter& w) { w.calendar_id = mapped(calendars, w.calendar_id); },
        store::insert_work_center));
    KERF_TRY(insert_all(tx, shop.customers, customers, keep, store::insert_customer));
    KERF_TRY(insert_all(tx, shop.parts, parts, keep, store::insert_part));
    KERF_TRY(insert_all(
        tx, shop.bom_lines, boms,
        [&](model::BomLine& b) {
          b.parent_part_id = mapped(parts, b.parent_part_id);
          b.component_part_id = mapped(parts, b.component_part_id);
        },
        store::insert_bom_line));

    // Users: the generator's staff plus the six demo logins (merged by username).
    std::vector<model::User> all_users = shop.users;
    for (const auto& d : kDemoUsers) {
      bool merged = false;
      for (auto& u : all_users) {
        if (u.username == d.username) {
          u.roles.insert(d.role);
          merged = true;
        }
      }
      if (!merged) {
        model::User u;
        u.id = -static_cast<int64_t>(all_users.size() + 1);  // not referenced by the shop
        u.username = d.username;
        u.display_name = d.display_name;
        u.roles = {d.role};
        all_users.push_back(u);
      }
    }
    KERF_TRY(insert_all(tx, all_users, users, keep, [&](store::Tx& t, const model::User& u) {
      return repo::insert_user(t, u, *hash);
    }));

    KERF_TRY(insert_all(
        tx, shop.certifications, certs,
        [&](model::Certification& x) { x.user_id = mapped(users, x.user_id); },
        store::insert_certification));
    KERF_TRY(insert_all(
        tx, shop.jobs, jobs,
        [&](model::Job& j) {
          j.part_id = mapped(parts, j.part_id);
          j.customer_id = mapped(customers, j.customer_id);
        },
        store::insert_job));
    KERF_TRY(insert_all(
        tx, shop.operations, ops,
        [&](model::Operation& o) {
          o.job_id = mapped(jobs, o.job_id);
          o.operator_id = mapped(users, o.operator_id);
          for (auto& id : o.eligible_work_center_ids) id = mapped(work_centers, id);
        },
        store::insert_operation));
    KERF_TRY(insert_all(tx, shop.heat_lots, lots, keep, store::insert_heat_lot));
    // Parent sheets come before their remnants in the generator's order.
    KERF_TRY(insert_all(
        tx, shop.sheets, sheets,
        [&](model::SheetStock& s) {
          s.heat_lot_id = mapped(lots, s.heat_lot_id);
          s.parent_sheet_id = mapped(sheets, s.parent_sheet_id);
        },
        store::insert_sheet));
    KERF_TRY(insert_all(tx, shop.safety_stock, safety, keep, store::insert_safety_stock));
    KERF_TRY(insert_all(tx, shop.tools, tools, keep, store::insert_tool));
    KERF_TRY(insert_all(
        tx, shop.nests, nests,
        [&](model::Nest& n) {
          n.sheet_id = mapped(sheets, n.sheet_id);
          n.work_center_id = mapped(work_centers, n.work_center_id);
          for (auto& p : n.parts) {
            p.job_id = mapped(jobs, p.job_id);
            p.part_id = mapped(parts, p.part_id);
            p.operation_id = mapped(ops, p.operation_id);
          }
        },
        store::insert_nest));

    summary.users = static_cast<int64_t>(users.size());
    summary.customers = static_cast<int64_t>(customers.size());
    summary.parts = static_cast<int64_t>(parts.size());
    summary.work_centers = static_cast<int64_t>(work_centers.size());
    summary.calendars = static_cast<int64_t>(calendars.size());
    summary.jobs = static_cast<int64_t>(jobs.size());
    summary.operations = static_cast<int64_t>(ops.size());
    summary.sheets = static_cast<int64_t>(sheets.size());
    summary.heat_lots = static_cast<int64_t>(lots.size());
    nlohmann::json facts = {{"seed", seed},
                            {"users", summary.users},
                            {"customers", summary.customers},
                            {"parts", summary.parts},
                            {"work_centers", summary.work_centers},
                            {"calendars", summary.calendars},
                            {"jobs", summary.jobs},
                            {"operations", summary.operations},
                            {"sheets", summary.sheets},
                            {"heat_lots", summary.heat_lots}};
    KERF_TRY(c.audit("database", 0, "seed_demo", nullptr, facts));
    KERF_TRY(c.emit("demo.seeded", facts));
    return summary;
  });
}

}  // namespace kerf::app
