// Internal: copies a SQLite WAL back into its database file on a connection and thread of its
// own, so the one writer does not stop for checkpoints (docs/store.md "Checkpoints").
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kerf/core/result.h"

namespace kerf::store::detail {

struct WalThresholds {
  // WAL pages after which a commit asks the checkpoint thread for a PASSIVE checkpoint.
  int background_pages = 8000;
  // WAL pages after which the committing writer checkpoints itself (the thread fell behind, or
  // readers kept the WAL from restarting); by then the thread has copied most frames.
  int inline_pages = 24000;
};

class WalCheckpointer {
 public:
  // Opens its own read-write connection to `path` (an existing WAL database) and starts the
  // thread.
  static Result<std::unique_ptr<WalCheckpointer>> open(const std::string& path,
                                                       WalThresholds thresholds = {});
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Takes over checkpointing of `writer` (replaces its automatic checkpoint). The checkpointer
  // must outlive the writer's connection or be detached with sqlite3_wal_hook(writer, 0, 0).
  void attach(sqlite3* writer);

  // Checkpoints run so far (by the thread, by writers inline).
  int64_t background_runs() const;
  int64_t inline_runs() const;

 private:
  WalCheckpointer(sqlite3* db, WalThresholds thresholds);
  static int on_commit(void* self, sqlite3* writer, const char* schema, int wal_pages);
  void run();

  sqlite3* db_;
  const WalThresholds thresholds_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
  bool stop_ = false;
  int64_t background_runs_ = 0;
  int64_t inline_runs_ = 0;
  std::thread thread_;
};

}  // namespace kerf::store::detail
