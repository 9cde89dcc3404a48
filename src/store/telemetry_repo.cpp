#include "kerf/store/telemetry_repo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace kerf::store {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;
constexpr std::size_t kInsertChunk = 64;  // rows per multi-row INSERT (6 params each)

std::string multi_insert_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO machine_metrics (machine_id, signal, ts_ms, num, text, quality) VALUES ";
  for (std::size_t i = 0; i < rows; ++i)
    sql += i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
  return sql;
}

void append_params(std::vector<Param>& params, const MetricRow& r) {
  params.emplace_back(r.machine_id);
  params.emplace_back(r.signal);
  params.emplace_back(r.ts_ms);
  params.emplace_back(r.num);
  params.emplace_back(r.text);
  params.emplace_back(r.quality);
}

Result<std::vector<SeriesPoint>> points_of(const Result<Rows>& rows, int64_t origin,
                                           int64_t bucket_ms) {
  if (!rows.ok()) return rows.error();
  std::vector<SeriesPoint> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    SeriesPoint p;
    p.t = origin + r.get_int(0) * bucket_ms;
    p.min = r.get_double(1);
    p.max = r.get_double(2);
    p.avg = r.get_double(3);
    p.count = r.get_int(4);
    out.push_back(p);
  }
  return out;
}

int64_t month_start_ms(std::chrono::year_month month) {
  const std::chrono::sys_days day{month / std::chrono::day(1)};
  return std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count();
}

// "machine_metrics_p202612" for December 2026.
std::string partition_name(std::chrono::year_month month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "machine_metrics_p%04d%02u", static_cast<int>(month.year()),
                static_cast<unsigned>(month.month()));
  return buf;
}

// The month of a partition named by partition_name (nullopt for any other name).
std::optional<std::chrono::year_month> month_of_partition(const std::string& name) {
  const std::string prefix = "machine_metrics_p";
  if (name.size() != prefix.size() + 6 || name.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  for (std::size_t i = prefix.size(); i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
  }
  const int y = std::stoi(name.substr(prefix.size(), 4));
  const unsigned m = static_cast<unsigned>(std::stoi(name.substr(prefix.size() + 4, 2)));
  if (m < 1 || m > 12) return std::nullopt;
  return std::chrono::year_month(std::chrono::year(y), std::chrono::month(m));
}

}  // namespace

Status insert_metrics(Tx& tx, std::span<const MetricRow> rows) {
  static const std::string kChunkSql = multi_insert_sql(kInsertChunk);
  static const std::string kOneSql = multi_insert_sql(1);
  std::vector<Param> params;
  std::size_t at = 0;
  for (; at + kInsertChunk <= rows.size(); at += kInsertChunk) {
    params.clear();
    for (std::size_t i = at; i < at + kInsertChunk; ++i) append_params(params, rows[i]);
    if (auto r = tx.exec(kChunkSql, params); !r.ok()) return r.error();
  }
  for (; at < rows.size(); ++at) {
    params.clear();
    append_params(params, rows[at]);
    if (auto r = tx.exec(kOneSql, params); !r.ok()) return r.error();
  }
  return ok_status();
}

Result<std::vector<SeriesPoint>> raw_series(Tx& tx, int64_t machine_id, const std::string& signal,
                                            int64_t from_ms, int64_t to_ms, int64_t bucket_ms) {
  if (bucket_ms <= 0) return Error::invalid("points", "bucket width must be positive");
  auto rows = tx.query(
      "SELECT (ts_ms - ?) / ? AS b, MIN(num), MAX(num), AVG(num), COUNT(num) FROM machine_metrics "
      "WHERE machine_id = ? AND signal = ? AND ts_ms >= ? AND ts_ms < ? AND num IS NOT NULL "
      "GROUP BY b ORDER BY b",
      {from_ms, bucket_ms, machine_id, signal, from_ms, to_ms});
  return points_of(rows, from_ms, bucket_ms);
}

Result<std::vector<SeriesPoint>> rollup_series(Tx& tx, int64_t machine_id,
                                               const std::string& signal, int64_t from_ms,
                                               int64_t to_ms, int64_t bucket_ms) {
  if (bucket_ms <= 0) return Error::invalid("points", "bucket width must be positive");
  const int64_t origin = from_ms - ((from_ms % kHourMs) + kHourMs) % kHourMs;
  auto rows = tx.query(
      "SELECT (hour_start - ?) / ? AS b, MIN(min), MAX(max), "
      "SUM(avg * count) / SUM(count), SUM(count) FROM machine_rollups "
      "WHERE machine_id = ? AND signal = ? AND hour_start >= ? AND hour_start < ? AND count > 0 "
      "GROUP BY b ORDER BY b",
      {origin, bucket_ms, machine_id, signal, origin, to_ms});
  return points_of(rows, origin, bucket_ms);
}

Result<int64_t> rollup_hour(Tx& tx, int64_t hour_start_ms) {
  const int64_t hour_end = hour_start_ms + kHourMs;
  if (auto r = tx.exec("DELETE FROM machine_rollups WHERE hour_start = ?", {hour_start_ms});
      !r.ok()) {
    return r.error();
  }
  if (auto r = tx.exec("DELETE FROM machine_state_hours WHERE hour_start = ?", {hour_start_ms});
      !r.ok()) {
    return r.error();
  }
  auto agg = tx.query(
      "SELECT machine_id, signal, MIN(num), MAX(num), AVG(num), COUNT(num) FROM machine_metrics "
      "WHERE ts_ms >= ? AND ts_ms < ? AND num IS NOT NULL "
      "AND machine_id IN (SELECT id FROM machines) GROUP BY machine_id, signal",
      {hour_start_ms, hour_end});
  if (!agg.ok()) return agg.error();
  int64_t written = 0;
  for (const Row& r : *agg) {
    auto ins = tx.exec(
        "INSERT INTO machine_rollups (machine_id, signal, hour_start, min, max, avg, count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {r.get_int(0), r.get_text(1), hour_start_ms, r.get_double(2), r.get_double(3),
         r.get_double(4), r.get_int(5)});
    if (!ins.ok()) return ins.error();
    ++written;
  }
  // Time per state: the timeline clipped to the hour (the open interval runs to the hour's end).
  auto spans = tx.query(
      "SELECT machine_id, state, from_ms, to_ms FROM machine_state_intervals "
      "WHERE from_ms < ? AND (to_ms IS NULL OR to_ms > ?)",
      {hour_end, hour_start_ms});
  if (!spans.ok()) return spans.error();
  std::map<std::pair<int64_t, std::string>, int64_t> ms;
  for (const Row& r : *spans) {
    const int64_t a = std::max(r.get_int(2), hour_start_ms);
    const int64_t b = std::min(r.opt_int(3).value_or(hour_end), hour_end);
    if (b > a) ms[{r.get_int(0), r.get_text(1)}] += b - a;
  }
  for (const auto& [key, value] : ms) {
    auto ins = tx.exec(
        "INSERT INTO machine_state_hours (machine_id, hour_start, state, seconds) "
        "VALUES (?, ?, ?, ?)",
        {key.first, hour_start_ms, key.second, static_cast<double>(value) / 1000.0});
    if (!ins.ok()) return ins.error();
    ++written;
  }
  return written;
}

Result<int64_t> purge_metrics(Tx& tx, int64_t before_ms) {
  int64_t dropped = 0;
  if (tx.backend() == Backend::kPostgres) {
    auto parts = tx.query(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'machine_metrics' "
        "ORDER BY c.relname");
    if (!parts.ok()) return parts.error();
    for (const Row& r : *parts) {
      const std::string name = r.get_text(0);
      auto month = month_of_partition(name);
      if (!month || month_start_ms(*month + std::chrono::months(1)) > before_ms) continue;
      auto n = tx.query_one("SELECT COUNT(*) FROM " + name);  // name from the catalog, checked
      if (!n.ok()) return n.error();
      if (auto d = tx.exec("DROP TABLE " + name); !d.ok()) return d.error();
      dropped += (*n)->get_int(0);
    }
  }
  auto deleted = tx.exec("DELETE FROM machine_metrics WHERE ts_ms < ?", {before_ms});
  if (!deleted.ok()) return deleted.error();
  return dropped + *deleted;
}

Result<int64_t> ensure_metric_partitions(Tx& tx, int64_t now_ms) {
  if (tx.backend() != Backend::kPostgres) return int64_t{0};
  const auto today = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(now_ms)));
  const std::chrono::year_month_day ymd(today);
  const std::chrono::year_month this_month(ymd.year(), ymd.month());
  int64_t created = 0;
  for (int ahead = 1; ahead <= 2; ++ahead) {
    const auto month = this_month + std::chrono::months(ahead);
    const std::string name = partition_name(month);
    const int64_t from = month_start_ms(month);
    const int64_t to = month_start_ms(month + std::chrono::months(1));
    auto exists = tx.query_one("SELECT to_regclass(?) IS NOT NULL", {name});
    if (!exists.ok()) return exists.error();
    if ((*exists)->get_bool(0)) continue;
    auto in_default = tx.query_one(
        "SELECT COUNT(*) FROM machine_metrics_default WHERE ts_ms >= ? AND ts_ms < ?", {from, to});
    if (!in_default.ok()) return in_default.error();
    if ((*in_default)->get_int(0) > 0) continue;  // attaching would fail; stays in the default
    // DDL takes no parameters: the bounds are integers formatted here, the name ours.
    auto made = tx.exec("CREATE TABLE " + name + " PARTITION OF machine_metrics FOR VALUES FROM (" +
                        std::to_string(from) + ") TO (" + std::to_string(to) + ")");
    if (!made.ok()) return made.error();
    ++created;
  }
  return created;
}

Result<std::vector<StateSeconds>> state_hours(Tx& tx, int64_t machine_id, int64_t from_ms,
                                              int64_t to_ms) {
  auto rows = tx.query(
      "SELECT state, SUM(seconds) FROM machine_state_hours WHERE machine_id = ? AND "
      "hour_start >= ? AND hour_start < ? GROUP BY state ORDER BY state",
      {machine_id, from_ms, to_ms});
  if (!rows.ok()) return rows.error();
  std::vector<StateSeconds> out;
  for (const Row& r : *rows) out.push_back({r.get_text(0), r.get_double(1)});
  return out;
}

}  // namespace kerf::store
