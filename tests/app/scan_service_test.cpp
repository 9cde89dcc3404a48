// Scan stations: the scan grammar, and ScanService / ScanSink driving the operation use cases as
// the badged user (badge -> start -> complete, quantities, wrong work center, unknown codes),
// and the MQTT path through the ingest runtime against a real mosquitto.
#include "kerf/app/scan_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "app_fixture.h"
#include "kerf/app/ingest_runtime.h"
#include "kerf/ingest/mqtt/mqtt_publisher.h"
#include "kerf/ingest/signals.h"
#include "support/mosquitto_harness.h"

namespace kerf::app {
namespace {

using nlohmann::json;
using testing::as;
using testing::has_field;

TEST(ScanGrammarTest, OperationsQuantitiesAndBadges) {
  auto op = parse_scan("  OP-42 ");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->kind, ScanKind::kOperation);
  EXPECT_EQ(op->operation_id, 42);
  auto op2 = parse_scan("op17");
  ASSERT_TRUE(op2.ok());
  EXPECT_EQ(op2->kind, ScanKind::kOperation);
  EXPECT_EQ(op2->operation_id, 17);
  auto qty = parse_scan("qty:8");
  ASSERT_TRUE(qty.ok());
  EXPECT_EQ(qty->kind, ScanKind::kQuantity);
  EXPECT_EQ(qty->quantity, 8);
  auto badge = parse_scan("b-1001");
  ASSERT_TRUE(badge.ok());
  EXPECT_EQ(badge->kind, ScanKind::kBadge);
  EXPECT_EQ(badge->badge, "B-1001");
  // "OPEN-1" is not an operation barcode: a badge candidate.
  auto word = parse_scan("OPEN-1");
  ASSERT_TRUE(word.ok());
  EXPECT_EQ(word->kind, ScanKind::kBadge);

  for (const char* bad : {"", "   ", "OP-0", "OP-1234567890123", "OP-12x", "QTY:", "QTY:-1",
                          "QTY:abc", "QTY:10000000000", "a b", "X", "tab\tin", "caf\xc3\xa9"}) {
    auto r = parse_scan(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(has_field(r.error(), "code")) << bad;
  }
  EXPECT_FALSE(parse_scan(std::string(kMaxScanLength + 1, 'A')).ok());
}

class ScanServiceTest : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
    station_ = make_station("SCAN-LAS1", wc_ids_[0]);
    alice_ = make_user("alice", {model::Role::kOperator}, "B-1001");
    quinn_ = make_user("quinn", {model::Role::kQuality}, "B-2002");
    topics();
  }

  model::Machine make_station(const std::string& code, std::optional<int64_t> wc) {
    model::Machine m;
    m.code = code;
    m.name = code + " scanner";
    m.work_center_id = wc;
    m.protocol = model::MachineProtocol::kScan;
    auto r = app().machines().create(as(model::Role::kAdmin), m);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : testing::fields_of(r.error()));
    return r.ok() ? *r : model::Machine{};
  }

  int64_t make_user(const std::string& name, std::set<model::Role> roles, const char* badge) {
    auto u = app().auth().create_user(system(), {name, name, "correct-horse-9", roles});
    EXPECT_TRUE(u.ok()) << u.error().message;
    if (!u.ok()) return 0;
    auto b = app().auth().set_badge(system(), u->id, badge, "1234");
    EXPECT_TRUE(b.ok()) << b.error().message;
    return u->id;
  }

  // A released job J-1 (quantity 10): op 10 laser at LAS-1/LAS-2, op 20 bend at BRK-1.
  JobDetail released_job(const std::string& number = "J-1", int64_t qty = 10) {
    auto job = create_job(number, qty);
    auto r = app().jobs().release(as(model::Role::kPlanner), job.job.id, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.error().message;
    topics();
    return job;
  }

  model::Operation operation(int64_t id) {
    auto op = app().operations().get(system(), id);
    EXPECT_TRUE(op.ok());
    return op.ok() ? *op : model::Operation{};
  }

  Result<ScanOutcome> scan(const std::string& code, const std::string& station = "SCAN-LAS1") {
    return app().scans().scan(station, code);
  }

  std::vector<json> scan_events() {
    std::vector<json> out;
    for (auto& e : bus_events()) {
      if (e.topic == "station.scan") out.push_back(json::parse(e.payload_json));
    }
    return out;
  }

  model::Machine station_;
  int64_t alice_ = 0;
  int64_t quinn_ = 0;
};

TEST_F(ScanServiceTest, BadgeThenOperationStartsAndCompletesAsTheBadgedUser) {
  auto job = released_job();
  const int64_t op_id = job.operations[0].id;
  const std::string op_code = "OP-" + std::to_string(op_id);

  auto badged = scan("b-1001");
  ASSERT_TRUE(badged.ok()) << badged.error().message;
  EXPECT_EQ(badged->outcome, "operator_set");
  EXPECT_EQ(badged->operator_id, alice_);
  EXPECT_EQ(badged->code, "badge");  // the badge itself is never echoed
  auto ev = scan_events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0]["outcome"], "operator_set");
  EXPECT_EQ(ev[0]["code"], "badge");
  EXPECT_EQ(ev[0]["station"], "SCAN-LAS1");

  auto started = scan(op_code);
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->outcome, "started");
  EXPECT_EQ(started->operation_id, op_id);
  EXPECT_EQ(operation(op_id).status, model::OperationStatus::kRunning);
  EXPECT_EQ(operation(op_id).operator_id, alice_);
  auto audit = last_audit();
  EXPECT_EQ(audit.actor, "alice via station SCAN-LAS1");
  ev = scan_events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0]["outcome"], "started");
  EXPECT_EQ(ev[0]["operation_id"], op_id);

  auto completed = scan(op_code);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(completed->outcome, "completed");
  auto done = operation(op_id);
  EXPECT_EQ(done.status, model::OperationStatus::kComplete);
  EXPECT_EQ(done.qty_good, 10);  // the whole job quantity remained
  EXPECT_EQ(audit_rows("operation", "completed").items.front().actor,
            "alice via station SCAN-LAS1");

  // A completed operation does not toggle again.
  auto again = scan(op_code);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(has_field(again.error(), "code"));
  ev = scan_events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1]["outcome"], "rejected");
  EXPECT_NE(ev[1]["message"].get<std::string>().find("complete"), std::string::npos);
}

TEST_F(ScanServiceTest, QuantityScanSetsTheGoodQuantityAndRemainingFollowsThePreviousOp) {
  auto job = released_job("J-2", 10);
  const int64_t laser = job.operations[0].id;
  const int64_t bend = job.operations[1].id;
  ASSERT_TRUE(scan("B-1001").ok());
  ASSERT_TRUE(scan("OP-" + std::to_string(laser)).ok());
  auto q = scan("QTY:8");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->outcome, "quantity_set");
  auto completed = scan("OP-" + std::to_string(laser));
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  EXPECT_EQ(operation(laser).qty_good, 8);

  // The bend station: without a QTY scan the good quantity is what the laser passed on (8).
  make_station("SCAN-BRK1", wc_ids_[2]);
  ASSERT_TRUE(scan("B-1001", "SCAN-BRK1").ok());
  ASSERT_TRUE(scan("OP-" + std::to_string(bend), "SCAN-BRK1").ok());
  ASSERT_TRUE(app().operations().pause(as(model::Role::kLead), bend, "MATERIAL_SHORTAGE").ok());
  auto resumed = scan("OP-" + std::to_string(bend), "SCAN-BRK1");
  ASSERT_TRUE(resumed.ok()) << resumed.error().message;
  EXPECT_EQ(resumed->outcome, "resumed");
  auto done = scan("OP-" + std::to_string(bend), "SCAN-BRK1");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(operation(bend).qty_good, 8);
  ASSERT_TRUE(done->operation.has_value());
  EXPECT_EQ(done->operation->job.status, model::JobStatus::kComplete);

  // A quantity larger than the job is the use case's field error.
  auto job3 = released_job("J-3", 5);
  ASSERT_TRUE(scan("OP-" + std::to_string(job3.operations[0].id)).ok());
  ASSERT_TRUE(scan("QTY:6").ok());
  auto too_many = scan("OP-" + std::to_string(job3.operations[0].id));
  ASSERT_FALSE(too_many.ok());
  EXPECT_TRUE(has_field(too_many.error(), "qty_good"));
}

TEST_F(ScanServiceTest, RefusedScansNameTheReason) {
  auto job = released_job();
  const std::string laser = "OP-" + std::to_string(job.operations[0].id);
  const std::string bend = "OP-" + std::to_string(job.operations[1].id);

  auto no_operator = scan(laser);
  ASSERT_FALSE(no_operator.ok());
  EXPECT_TRUE(has_field(no_operator.error(), "code"));
  EXPECT_NE(no_operator.error().message.find("badge"), std::string::npos);

  auto unknown_badge = scan("B-9999");
  ASSERT_FALSE(unknown_badge.ok());
  EXPECT_TRUE(has_field(unknown_badge.error(), "code"));
  auto garbage = scan("!");
  ASSERT_FALSE(garbage.ok());
  EXPECT_TRUE(has_field(garbage.error(), "code"));

  // A quality user may not record work.
  auto quality = scan("B-2002");
  ASSERT_FALSE(quality.ok());
  EXPECT_NE(quality.error().message.find("quinn"), std::string::npos);

  ASSERT_TRUE(scan("B-1001").ok());
  auto wrong_wc = scan(bend);  // the bend runs at BRK-1, not this station's LAS-1
  ASSERT_FALSE(wrong_wc.ok());
  EXPECT_TRUE(has_field(wrong_wc.error(), "code"));
  EXPECT_NE(wrong_wc.error().message.find("work center"), std::string::npos);
  EXPECT_EQ(operation(job.operations[1].id).status, model::OperationStatus::kPlanned);

  auto missing = scan("OP-999999");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(has_field(missing.error(), "code"));

  // Unknown, inactive and non-scan stations.
  auto unknown_station = scan(laser, "NOPE");
  ASSERT_FALSE(unknown_station.ok());
  EXPECT_EQ(unknown_station.error().code, ErrorCode::kNotFound);
  model::Machine laser_machine;
  laser_machine.code = "LAS-1M";
  laser_machine.name = "laser";
  laser_machine.work_center_id = wc_ids_[0];
  laser_machine.endpoint = "kerf/p1/laser/LAS-1M";
  ASSERT_TRUE(app().machines().create(as(model::Role::kAdmin), laser_machine).ok());
  auto not_scan = scan(laser, "LAS-1M");
  ASSERT_FALSE(not_scan.ok());
  EXPECT_TRUE(has_field(not_scan.error(), "station"));

  // Bytes that are not printable ASCII are refused and echoed as '?'.
  topics();
  auto binary = scan(std::string("OP-\xff\x01", 5));
  ASSERT_FALSE(binary.ok());
  auto ev = scan_events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0]["code"], "OP-??");
  EXPECT_EQ(ev[0]["outcome"], "rejected");

  auto c = app().scans().counters();
  EXPECT_EQ(c.unknown_station, 2u);
  EXPECT_EQ(c.accepted, 1u);
  EXPECT_EQ(c.rejected, 7u);
}

TEST_F(ScanServiceTest, TheOperatorExpiresAfterIdleTime) {
  auto job = released_job();
  ASSERT_TRUE(scan("B-1001").ok());
  clock_.advance(std::chrono::minutes(16));
  auto r = scan("OP-" + std::to_string(job.operations[0].id));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("badge"), std::string::npos);
}

TEST_F(ScanServiceTest, SinkTakesMqttScanSamplesAndNeverFails) {
  auto job = released_job();
  const int64_t op_id = job.operations[0].id;
  ScanSink sink(app().scans());
  auto sample = [&](const std::string& machine, std::string code) {
    ingest::Sample s;
    s.machine = machine;
    s.signal = ingest::signals::kScan;
    s.ts_ms = 1;
    s.value = std::move(code);
    s.source = "test";
    return s;
  };
  std::vector<ingest::Sample> batch = {sample("SCAN-LAS1", "B-1001"), sample("GHOST", "B-1001"),
                                       sample("SCAN-LAS1", "???"),
                                       sample("SCAN-LAS1", "OP-" + std::to_string(op_id))};
  ASSERT_TRUE(sink.consume(batch).ok());
  EXPECT_EQ(operation(op_id).status, model::OperationStatus::kRunning);
  auto c = app().scans().counters();
  EXPECT_EQ(c.unknown_station, 1u);
  EXPECT_EQ(c.rejected, 1u);
  EXPECT_EQ(c.accepted, 2u);
}

// The MQTT path: a real mosquitto, the ingest runtime of `kerf serve` (its ScanSink) and scans
// published on kerf/<plant>/<department>/<station>/scan.
TEST_F(ScanServiceTest, MqttScansThroughTheIngestRuntimeDriveTheOperation) {
  auto job = released_job();
  const int64_t op_id = job.operations[0].id;
  kerf::testing::MosquittoHarness broker;
  broker.start();
  IngestRuntimeOptions options;
  options.mqtt_url = broker.uri();
  options.plant = "p1";
  options.node_id = "scan-test";
  IngestRuntime runtime(app(), options);
  ASSERT_TRUE(runtime.start().ok());
  ingest::mqtt::MqttConnectOptions pub_options;
  pub_options.broker_uri = broker.uri();
  pub_options.client_id = "scan-test-pub";
  ingest::mqtt::MqttPublisher pub(pub_options);
  ASSERT_TRUE(pub.start().ok()) << broker.log();
  const std::string topic = "kerf/p1/laser/SCAN-LAS1/scan";

  // The badge is re-published until the subscription is up and the station has its operator
  // (a badge scan is idempotent; an operation scan is not, so it is published once).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (app().scans().counters().accepted == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "badge scan never arrived";
    ASSERT_TRUE(pub.publish(topic, R"({"v": "B-1001"})").ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const std::string op_payload = R"({"v": "OP-)" + std::to_string(op_id) + R"("})";
  ASSERT_TRUE(pub.publish(topic, op_payload).ok());
  wait_until([&] { return operation(op_id).status == model::OperationStatus::kRunning; },
             "the operation to start");
  ASSERT_TRUE(pub.publish(topic, R"({"v": "QTY:7"})").ok());
  ASSERT_TRUE(pub.publish(topic, op_payload).ok());
  wait_until([&] { return operation(op_id).status == model::OperationStatus::kComplete; },
             "the operation to complete");
  EXPECT_EQ(operation(op_id).qty_good, 7);
  EXPECT_EQ(operation(op_id).operator_id, alice_);
  runtime.stop();
}

}  // namespace
}  // namespace kerf::app
