// Shop-floor use cases on routing operations: start, pause, resume, complete (with good and
// scrap quantities). Completing the last operation completes the job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/model/job.h"
#include "kerf/model/operation.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

struct CompleteOperationInput {
  int64_t operation_id = 0;
  std::optional<int64_t> expected_version;
  int64_t qty_good = 0;                    // >= 0
  int64_t qty_scrap = 0;                   // >= 0; good + scrap <= job quantity
  int64_t operator_id = 0;                 // 0 = the acting user
  std::vector<std::string> scrap_reasons;  // required (non-empty codes) when qty_scrap > 0
};

struct OperationOutcome {
  model::Operation operation;
  model::Job job;  // after the change (in_progress on first start, complete after the last op)
};

class OperationService {
 public:
  explicit OperationService(ChangeRunner& changes) : changes_(changes) {}

  // Operator or lead. ready -> running; the job must be released or in progress (the first
  // start moves it to in_progress). Event "operation.started".
  Result<OperationOutcome> start(const Principal& who, int64_t operation_id,
                                 std::optional<int64_t> expected_version = std::nullopt,
                                 int64_t operator_id = 0);
  // Operator or lead. running -> paused with a reason code ("reason"). Event "operation.paused".
  Result<OperationOutcome> pause(const Principal& who, int64_t operation_id,
                                 const std::string& reason,
                                 std::optional<int64_t> expected_version = std::nullopt);
  // Operator or lead. paused -> running. Event "operation.resumed".
  Result<OperationOutcome> resume(const Principal& who, int64_t operation_id,
                                  std::optional<int64_t> expected_version = std::nullopt);
  // Operator or lead. running|paused -> complete; the next operation becomes ready; the last
  // completes the job ("job.completed"). Event "operation.completed". Field errors "qty_good",
  // "qty_scrap", "scrap_reasons", "operator_id".
  Result<OperationOutcome> complete(const Principal& who, const CompleteOperationInput& input);

  // Any authenticated user.
  Result<model::Operation> get(const Principal& who, int64_t operation_id);
  Result<store::Page<model::Operation>> list(const Principal& who, const store::ListQuery& query);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
