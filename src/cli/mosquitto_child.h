// mosquitto as a child process of kerf (the live demo's broker, `kerf bench ingest`'s private
// broker): configured in a directory of its own, listening on 127.0.0.1 and a free port,
// stopped when the object goes.
#pragma once

#include <memory>
#include <string>

#include "kerf/core/child_process.h"
#include "kerf/core/result.h"

namespace kerf::cli {

struct MosquittoChild {
  std::unique_ptr<ChildProcess> process;
  std::string url;  // tcp://127.0.0.1:<port>
};

// Starts mosquitto (from PATH) with `extra_config` lines appended to the listener settings (as
// the current user, so it can write `dir`), and waits until it accepts connections.
// Unavailable, with the reason and the log's tail, when mosquitto is missing or does not come up.
Result<MosquittoChild> start_mosquitto(const std::string& dir, const std::string& extra_config);

}  // namespace kerf::cli
