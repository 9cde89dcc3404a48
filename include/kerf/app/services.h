// app::Services: the one object the API server and the CLI construct to reach every use case.
//
// Event delivery: each change appends its events to the outbox table inside its transaction;
// right after the commit the writer marks them published and publishes them on the local
// EventBus ("publish after commit and mark published"). The OutboxRelay picks up events that
// stayed unpublished for longer than `relay_grace` (the writer crashed between commit and
// publish) and publishes them, claiming each row with a conditional UPDATE so an event is
// published by exactly one relay/writer.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "kerf/app/agent_ledger.h"
#include "kerf/app/approval_service.h"
#include "kerf/app/auth_service.h"
#include "kerf/app/background.h"
#include "kerf/app/change.h"
#include "kerf/app/job_service.h"
#include "kerf/app/machine_service.h"
#include "kerf/app/master_data_service.h"
#include "kerf/app/material_service.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/operation_service.h"
#include "kerf/app/scan_service.h"
#include "kerf/app/schedule_service.h"
#include "kerf/app/sigmanest_ledger.h"
#include "kerf/app/trace_service.h"
#include "kerf/core/event_bus.h"
#include "kerf/store/audit_repo.h"
#include "kerf/store/database.h"

namespace kerf::app {

struct ServicesOptions {
  AuthOptions auth;
  // Unpublished outbox rows older than this are published by the relay.
  std::chrono::seconds relay_grace{10};
  // Real-time period of the background relay task (add_background_tasks()).
  std::chrono::milliseconds relay_period{1000};
  // Published outbox events older than this are deleted (audit rows are kept forever).
  std::chrono::hours event_retention{24 * 7};
  // Machines: down watch, metrics retention, tool warning (machine_service.h).
  MachineOptions machines;
  // Scan stations (scan_service.h).
  ScanOptions scans;

  // Options for tests and benchmarks: argon2id MIN limits.
  static ServicesOptions for_tests();
};

// Publishes outbox rows that no writer published (crash recovery).
class OutboxRelay {
 public:
  OutboxRelay(ChangeRunner& changes, std::chrono::seconds grace)
      : changes_(changes), grace_(grace) {}
  // Publishes up to `max` unpublished events created before now - grace; returns how many.
  Result<int64_t> run_once(int64_t max = 500);

 private:
  ChangeRunner& changes_;
  std::chrono::seconds grace_;
};

class Services {
 public:
  Services(store::Database& db, Env& env, EventBus& bus, ServicesOptions options = {});
  ~Services();
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  AuthService& auth() { return auth_; }
  JobService& jobs() { return jobs_; }
  OperationService& operations() { return operations_; }
  ScheduleService& schedule() { return schedule_; }
  MaterialService& materials() { return materials_; }
  MasterDataService& master_data() { return master_data_; }
  TraceService& trace() { return trace_; }
  OutboxRelay& relay() { return relay_; }
  ChangeRunner& changes() { return changes_; }
  MachineService& machines() { return machines_; }
  ScanService& scans() { return scans_; }
  SigmanestLedger& sigmanest() { return sigmanest_; }
  NestService& nests() { return nests_; }
  // The agents' threads, checkpoints, trace and cursors; the human approval gates.
  AgentLedger& agents() { return agents_; }
  ApprovalService& approvals() { return approvals_; }

  store::Database& db() { return changes_.db(); }
  Env& env() { return changes_.env(); }
  EventBus& bus() { return changes_.bus(); }
  const ServicesOptions& options() const { return options_; }

  // Registers the services' background work with `background`: the outbox relay (every
  // relay_period), the purge of expired sessions (every 5 min) and of published events older
  // than event_retention (hourly), and the machines' tasks (MachineService).
  void add_background_tasks(Background& background);
  // Deletes published outbox events created before now - event_retention; returns how many.
  Result<int64_t> purge_old_events();
  // A page of the audit log (read_audit permission); the log is written by use cases only.
  Result<store::Page<store::AuditEntry>> audit_log(const Principal& who,
                                                   const store::ListQuery& query);

 private:
  ServicesOptions options_;
  ChangeRunner changes_;
  AuthService auth_;
  JobService jobs_;
  OperationService operations_;
  ScheduleService schedule_;
  MaterialService materials_;
  MasterDataService master_data_;
  TraceService trace_;
  OutboxRelay relay_;
  MachineService machines_;
  ScanService scans_;
  SigmanestLedger sigmanest_;
  NestService nests_;
  AgentLedger agents_;
  ApprovalService approvals_;
};

}  // namespace kerf::app
