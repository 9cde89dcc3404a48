// Barcode/RFID scan stations (docs/scan_format.md). A station is a machine with protocol `scan`
// on the work center where its operations run. Each scan is a text: a badge sets the station's
// operator, "QTY:<n>" sets the good quantity of the next completion, and an operation barcode
// ("OP-<id>", the traveller's) toggles that operation as the operator: ready -> start, running ->
// complete, paused -> resume. The operation use cases run as the badge's user (audited as
// "<username> via station <code>"); every scan emits "station.scan" {station, code, outcome,
// operation_id, message}.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "kerf/app/operation_service.h"
#include "kerf/core/result.h"
#include "kerf/ingest/pipeline.h"
#include "kerf/model/operation.h"

namespace kerf::app {

class ChangeRunner;

inline constexpr std::size_t kMaxScanLength = 128;

// What a scanned text means (the grammar; no lookups).
enum class ScanKind { kOperation, kQuantity, kBadge };
struct ParsedScan {
  ScanKind kind = ScanKind::kBadge;
  int64_t operation_id = 0;  // kOperation: > 0
  int64_t quantity = 0;      // kQuantity: 0..1,000,000,000
  std::string badge;         // kBadge: the normalised badge (badge.h)
};

// Parses one scan: surrounding whitespace is ignored; "OP-<id>" / "OP<id>" (1..12 digits, any
// case) is an operation, "QTY:<n>" (any case) a good quantity, any other text that is a valid
// badge (check_badge) a badge. Field error "code" when empty, longer than kMaxScanLength, not
// printable ASCII, a malformed OP-/QTY: code or not a possible badge.
Result<ParsedScan> parse_scan(std::string_view code);

// The outcome of an accepted scan.
struct ScanOutcome {
  std::string station;
  std::string code;     // the scanned text (trimmed); a badge is reported as "badge"
  std::string outcome;  // operator_set | quantity_set | started | resumed | completed
  std::optional<int64_t> operation_id;
  std::string message;                        // human-readable, e.g. "started OP-12 as alice"
  std::optional<OperationOutcome> operation;  // after the change (operation outcomes)
  std::optional<int64_t> operator_id;         // the station's operator after the scan
};

struct ScanOptions {
  // A station forgets its operator after this long without a scan (a new badge is needed).
  std::chrono::seconds operator_idle{std::chrono::minutes(15)};
};

struct ScanCounters {
  uint64_t accepted = 0;
  uint64_t rejected = 0;         // refused codes (unknown badge, wrong work center, ...)
  uint64_t unknown_station = 0;  // no active scan station with that code
};

class ScanService {
 public:
  ScanService(ChangeRunner& changes, OperationService& operations, ScanOptions options = {})
      : changes_(changes), operations_(operations), options_(options) {}

  // Handles one scan at station `station_code`. kNotFound (field "station") when no machine has
  // that code; kPrecondition (field "station") when it is inactive, not a `scan` machine or on
  // no work center. A refused code is kInvalid with field "code" and the reason (unknown badge,
  // no operator badged in, operation not eligible at the station's work center, operation not
  // ready/running/paused, the badge's user may not record work); errors of the operation use
  // case pass through. Every scan of a known station, accepted or refused, emits "station.scan".
  Result<ScanOutcome> scan(std::string_view station_code, std::string_view code);

  ScanCounters counters() const;

 private:
  struct StationState {
    int64_t user_id = 0;
    TimePoint last_scan{};
    std::optional<int64_t> qty_good;
  };
  Result<ScanOutcome> handle(const std::string& station, const ParsedScan& parsed,
                             const std::string& shown_code);
  void emit(const std::string& station, const std::string& code, const std::string& outcome,
            std::optional<int64_t> operation_id, const std::string& message);

  ChangeRunner& changes_;
  OperationService& operations_;
  ScanOptions options_;
  mutable std::mutex mu_;  // guards states_ and counters_; one scan at a time
  std::mutex scan_mu_;
  std::map<std::string, StationState> states_;
  ScanCounters counters_;
};

// Ingest sink: signals::kScan samples (MQTT scan stations) -> ScanService::scan. Refused scans
// and unknown stations are counted (ScanService::counters) and logged, never fatal.
class ScanSink final : public ingest::Sink {
 public:
  explicit ScanSink(ScanService& scans) : scans_(scans) {}
  std::string_view name() const override { return "scans"; }
  Status consume(std::span<const ingest::Sample> batch) override;

 private:
  ScanService& scans_;
};

}  // namespace kerf::app
