// The shop the nest tests share (nest_service_test.cpp, nest_operator_test.cpp): sheets with a
// heat lot, two released jobs of one part and a program placing both.
#pragma once

#include <string>

#include "app/app_fixture.h"

namespace kerf::app::testing {

// Stock of stainless 1.5 mm (heat lot H-8841) and two released jobs of part P1: J-1 (10),
// J-2 (4); program(name) posts both on LAS-1, twice.
class NestFixture : public AppBackendTest {
 protected:
  void SetUp() override {
    AppBackendTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
    ReceiveSheetsInput in;
    in.material = model::Material::kStainless304;
    in.thickness_mm = 1.5;
    in.length_mm = 3000;
    in.width_mm = 1500;
    in.quantity = 10;
    in.location = "RACK-A1";
    in.heat_number = "H-8841";
    in.mill_cert_ref = "MTC-1";
    in.supplier = "Outokumpu";
    auto received = app().materials().receive(system(), in);
    ASSERT_TRUE(received.ok()) << fields_of(received.error());
    sheet_ = received->sheet;
    heat_lot_id_ = received->heat_lot.id;
    job1_ = released("J-1", 10);
    job2_ = released("J-2", 4);
    topics();
  }

  JobDetail released(const std::string& number, int64_t qty) {
    JobDetail job = create_job(number, qty);
    auto r = app().jobs().release(as(model::Role::kPlanner), job.job.id);
    EXPECT_TRUE(r.ok()) << fields_of(r.error());
    auto detail = app().jobs().get(system(), job.job.id);
    EXPECT_TRUE(detail.ok());
    return detail.ok() ? *detail : job;
  }

  PostProgramInput program(const std::string& name) {
    PostProgramInput in;
    in.program_name = name;
    in.repeat = 2;
    in.machine_name = "LAS-1";
    in.sheet_id = sheet_.id;
    in.cut_seconds = 1800;
    in.utilisation = 0.8;
    in.scrap_fraction = 0.2;
    in.archive_packet_id = 41;
    in.parts = {{job1_.job.id, part_id_, 10}, {job2_.job.id, part_id_, 2}};
    return in;
  }

  model::Operation operation(int64_t id) {
    auto op = app().operations().get(system(), id);
    EXPECT_TRUE(op.ok());
    return op.ok() ? *op : model::Operation{};
  }

  Principal sigmanest_ = integration_principal("sigmanest");
  model::SheetStock sheet_;
  int64_t heat_lot_id_ = 0;
  JobDetail job1_, job2_;
};

}  // namespace kerf::app::testing
