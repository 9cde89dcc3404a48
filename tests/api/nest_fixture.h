// Test data for the nest and Sigmanest routes: a Sigmanest program posted through the real
// NestService for a released demo job with a laser operation, on a sheet stack received for
// the job part's material and thickness.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "kerf/app/material_service.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/services.h"
#include "kerf/model/model.h"

namespace kerf::api::testing {

struct PostedProgram {
  model::Nest nest;
  model::Job job;
  int64_t laser_work_center_id = 0;
  std::string laser_code;
  int64_t heat_lot_id = 0;
  std::string heat_number;
};

// Posts `program_name` (utilisation 0.8, 20 min estimated) carrying 2 pieces of a released
// demo job's part that has a laser-cut operation. Fails the test (nest.id == 0) when the demo
// has no such job.
inline PostedProgram post_test_program(app::Services& services, const std::string& program_name,
                                       const std::string& heat_number = "H-NEST-1") {
  const auto who = app::system_principal();
  PostedProgram out;
  store::ListQuery q;
  q.filters["status"] = std::string("released");
  q.limit = 1000;
  auto jobs = services.jobs().list(who, q);
  EXPECT_TRUE(jobs.ok());
  if (!jobs.ok()) return out;
  for (const auto& job : jobs->items) {
    auto detail = services.jobs().get(who, job.id);
    if (!detail.ok()) continue;
    for (const auto& op : detail->operations) {
      if (op.process != model::Process::kLaserCut || out.job.id != 0) continue;
      out.job = job;
      out.laser_work_center_id = op.eligible_work_center_ids.front();
    }
    if (out.job.id != 0) break;
  }
  EXPECT_NE(out.job.id, 0) << "no released demo job with a laser operation";
  if (out.job.id == 0) return out;
  auto part = services.master_data().get<model::Part>(who, out.job.part_id);
  auto wc = services.master_data().get<model::WorkCenter>(who, out.laser_work_center_id);
  EXPECT_TRUE(part.ok() && wc.ok());
  if (!part.ok() || !wc.ok()) return out;
  out.laser_code = wc->code;
  app::ReceiveSheetsInput receive{.material = part->material,
                                  .thickness_mm = part->thickness_mm,
                                  .length_mm = 3000,
                                  .width_mm = 1500,
                                  .quantity = 5,
                                  .location = "A1",
                                  .heat_number = heat_number,
                                  .mill_cert_ref = "MTC-" + heat_number,
                                  .supplier = "Outokumpu"};
  auto received = services.materials().receive(who, receive);
  EXPECT_TRUE(received.ok()) << (received.ok() ? "" : received.error().message);
  if (!received.ok()) return out;
  out.heat_lot_id = received->heat_lot.id;
  out.heat_number = received->heat_lot.number;
  app::PostProgramInput post{
      .program_name = program_name,
      .repeat = 1,
      .machine_name = wc->code,
      .work_center_id = out.laser_work_center_id,
      .sheet_id = received->sheet.id,
      .cut_seconds = 1200,
      .utilisation = 0.8,
      .scrap_fraction = 0.2,
      .archive_packet_id = 1,
      .parts = {{.job_id = out.job.id, .part_id = out.job.part_id, .qty = 2}}};
  auto nest = services.nests().post_program(who, post);
  EXPECT_TRUE(nest.ok()) << (nest.ok() ? "" : nest.error().message);
  if (nest.ok()) out.nest = *nest;
  return out;
}

}  // namespace kerf::api::testing
