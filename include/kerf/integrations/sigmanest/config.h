// The [sigmanest] section of kerf.toml: how kerf reaches SimTrans and what it sends.
// docs/sigmanest_config.md lists every key. Secrets never live in the file: the database
// password comes from the environment variable named by `password_env`.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/gateway.h"
#include "kerf/model/enums.h"

namespace kerf::integrations::sigmanest {

// Where kerf writes its ids into TransAct rows (they come back in feedback).
struct ItemDataSlots {
  std::string job_id = "ItemData1";
  std::string job_number = "ItemData2";
  std::string part_id = "ItemData3";
  std::string operation_id = "ItemData4";
  std::string sheet_id = "ItemData5";
};

struct SigmanestConfig {
  bool enabled = false;
  // On the first poll, queue what releases and receipts would have sent for the work orders
  // already open and the sheets in stock (a plant switching the sync on; the seeded demo).
  bool initial_load = false;
  std::string gateway = "odbc";  // "odbc" | "file"
  // ODBC connection string without the password, e.g. "Driver={ODBC Driver 18 for SQL
  // Server};Server=sn01;Database=SimTrans;Uid=kerf;". The password is appended as ";PWD=..."
  // from the environment variable `password_env` (when set).
  std::string connection_string;
  std::string password_env;
  std::string password;  // resolved from password_env; never logged, never in the file
  // "database.schema" (or "schema") qualifiers of TransAct and of the feedback tables; "" =
  // the connection's default.
  std::string transact_qualifier;
  std::string feedback_qualifier;
  int32_t district = 1;  // routes rows to a Sigmanest profile
  std::chrono::milliseconds poll_interval{10'000};
  ItemDataSlots slots;
  AckMode ack_mode = AckMode::kDelete;
  std::set<std::string> trans_types;  // enabled outbound codes; empty = every code kerf writes
  int stopped_after_polls = 5;        // "SimTrans stopped" when a row waited this many polls
  int batch_size = 200;               // TransAct rows per transaction
  int feedback_batch = 100;           // feedback packets per poll
  std::string outbound_dir;           // file gateway: TransAct CSVs go here
  std::string inbound_dir;            // file gateway: feedback CSVs come from here
  // [sigmanest.materials]: Sigmanest's name of a kerf material ("stainless_304" = "304-2B");
  // unlisted materials go by kerf's name. Names are distinct, 1..50 characters.
  std::map<model::Material, std::string> material_names;

  // The ODBC connection string with the password appended (for Connection::open only).
  std::string full_connection_string() const;
  // Whether outbound code `trans_type` is enabled.
  bool sends(std::string_view trans_type) const;
  // The Material column kerf writes for `m` (material_names, else kerf's name).
  std::string material_name(model::Material m) const;
};

// Reads [sigmanest] from `toml_text` (absent section = disabled defaults). `env` is the process
// environment (the password variable). Errors name the key: "sigmanest.district: must be an
// integer in 0..2147483647".
Result<SigmanestConfig> parse_sigmanest_config(const std::string& toml_text,
                                               const std::map<std::string, std::string>& env);
// Checks a config built in code (tests, the demo) the same way.
Status validate(const SigmanestConfig& config);

}  // namespace kerf::integrations::sigmanest
