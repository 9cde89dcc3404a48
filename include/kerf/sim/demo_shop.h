// A realistic demo job shop (a fabricator of commercial kitchen equipment, doors and frames):
// plant, departments, calendars, ~25 work centers, customers, ~300 parts with BOMs, ~200 open
// jobs with routings and progress, sheet stock with heat lots and remnants, tools, users and
// welder certifications. Plain model objects with ids assigned sequentially from 1 per entity
// type so that references are consistent; no database involved.
#pragma once

#include <cstdint>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/model/model.h"

namespace kerf::sim {

struct DemoShop {
  model::Plant plant;
  std::vector<model::DepartmentRecord> departments;
  std::vector<model::ShiftCalendar> calendars;
  std::vector<model::WorkCenter> work_centers;
  std::vector<model::Customer> customers;
  std::vector<model::Part> parts;
  std::vector<model::BomLine> bom_lines;
  std::vector<model::Job> jobs;
  std::vector<model::Operation> operations;  // grouped by job, in sequence order
  std::vector<model::HeatLot> heat_lots;
  std::vector<model::SheetStock> sheets;
  std::vector<model::SafetyStock> safety_stock;
  std::vector<model::Tool> tools;
  std::vector<model::User> users;
  std::vector<model::Certification> certifications;
  std::vector<model::Nest> nests;

  friend bool operator==(const DemoShop&, const DemoShop&) = default;
};

// Builds the demo shop. Deterministic: the same (seed, now) always gives an identical shop on
// every platform. Jobs are due within three weeks after `now`; in-progress work started before
// `now`. Every object passes its validate().
DemoShop make_demo_shop(uint64_t seed, TimePoint now);

}  // namespace kerf::sim
