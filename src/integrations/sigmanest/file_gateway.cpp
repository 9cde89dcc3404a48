#include "kerf/integrations/sigmanest/file_gateway.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace kerf::integrations::sigmanest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTransActPrefix = "TransAct_";
constexpr std::string_view kReadySuffix = ".csv.ready";
constexpr size_t kMaxAcked = 100000;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string errno_text(int err) { return std::strerror(err); }

// A TransAct file's stem ("TransAct_20261129143000_000001") or "" for other names.
std::string transact_stem(std::string_view name) {
  if (!starts_with(name, kTransActPrefix)) return "";
  size_t dot = name.find('.');
  return std::string(name.substr(0, dot));
}

// The <seq> of a TransAct stem, or 0.
uint64_t seq_of(std::string_view stem) {
  size_t us = stem.rfind('_');
  if (us == std::string_view::npos || us + 1 >= stem.size()) return 0;
  uint64_t v = 0;
  for (char c : stem.substr(us + 1)) {
    if (c < '0' || c > '9' || v > (UINT64_MAX / 10 - 10)) return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

// Regular files of `dir` by name, sorted; a missing folder is empty.
Result<std::vector<std::string>> list_files(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return names;
    return Error::unavailable("list " + dir + ": " + ec.message());
  }
  for (const fs::directory_entry& e : it) {
    std::error_code type_ec;
    if (e.is_regular_file(type_ec)) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> read_file(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return Error::unavailable("stat " + path + ": " + ec.message());
  if (size > max_bytes) {
    return Error::make(
        ErrorCode::kTooLarge,
        "file: " + std::to_string(size) + " bytes, the limit is " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::unavailable("open " + path + ": " + errno_text(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error::unavailable("read " + path);
  return ss.str();
}

Status fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return Error::unavailable("open " + path + ": " + errno_text(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Error::unavailable("fsync " + path + ": " + errno_text(err));
  return ok_status();
}

// Writes `data` to `dir/name` atomically: dir/name.tmp, fsync, rename, fsync of dir.
Status write_atomically(const std::string& dir, const std::string& name, const std::string& data) {
  std::string final_path = dir + "/" + name;
  std::string tmp = final_path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error::unavailable("create " + tmp + ": " + errno_text(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Error::unavailable("write " + tmp + ": " + errno_text(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return Error::unavailable("fsync " + tmp + ": " + errno_text(err));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Error::unavailable("rename " + tmp + ": " + errno_text(err));
  }
  return fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

// Moves dir/name into `to_dir`, adding ".<n>" when the target name is taken.
Status move_into(const std::string& dir, const std::string& name, const std::string& to_dir) {
  std::string target = to_dir + "/" + name;
  std::error_code ec;
  for (int n = 1; fs::exists(target, ec); ++n)
    target = to_dir + "/" + name + "." + std::to_string(n);
  fs::rename(dir + "/" + name, target, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return ok_status();  // moved already
    return Error::unavailable("move " + dir + "/" + name + " to " + to_dir + ": " + ec.message());
  }
  return ok_status();
}

std::string utc_stamp(TimePoint t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto day = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(secs - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace

struct FileGateway::Inbound {
  std::string name;
  std::vector<FeedbackRow> rows;
  std::set<int64_t> packets;
};

FileGateway::FileGateway(FileGatewayOptions options, Env& env)
    : options_(std::move(options)), env_(&env) {}

Result<std::unique_ptr<FileGateway>> FileGateway::open(FileGatewayOptions options, Env& env) {
  if (options.outbound_dir.empty()) return Error::invalid("outbound_dir", "required");
  if (options.inbound_dir.empty()) return Error::invalid("inbound_dir", "required");
  if (options.archive_dir.empty()) options.archive_dir = options.inbound_dir + "/archive";
  if (options.error_dir.empty()) options.error_dir = options.outbound_dir + "/error";
  if (options.rejected_dir.empty()) options.rejected_dir = options.inbound_dir + "/rejected";
  for (const std::string* dir : {&options.outbound_dir, &options.inbound_dir, &options.archive_dir,
                                 &options.error_dir, &options.rejected_dir}) {
    std::error_code ec;
    fs::create_directories(*dir, ec);
    if (ec) return Error::unavailable("create folder " + *dir + ": " + ec.message());
  }
  std::unique_ptr<FileGateway> gw(new FileGateway(std::move(options), env));
  if (Status s = gw->rebuild_index(); !s.ok()) return s.error();
  return gw;
}

Status FileGateway::rebuild_index() {
  std::lock_guard lock(mu_);
  // (seq, path, stem) of every TransAct file; read oldest first so that a TransID submitted
  // again (a retry after SimTrans failed it) maps to its newest file.
  std::vector<std::tuple<uint64_t, std::string, std::string>> found;
  for (const std::string* dir : {&options_.outbound_dir, &options_.error_dir}) {
    auto names = list_files(*dir);
    if (!names.ok()) return names.error();
    for (const std::string& name : *names) {
      std::string stem = transact_stem(name);
      if (stem.empty() || ends_with(name, ".tmp")) continue;
      found.emplace_back(seq_of(stem), *dir + "/" + name, stem);
    }
  }
  std::sort(found.begin(), found.end());
  for (const auto& [seq, path, stem] : found) {
    seq_ = std::max(seq_, seq);
    auto text = read_file(path, 1ull << 30);
    if (!text.ok()) return text.error();
    auto rows = parse_transact_csv(*text, CsvLimits{1ull << 30, 1u << 20, 64u << 10, 512});
    if (!rows.ok()) {
      spdlog::warn("sigmanest file gateway: {} is not a TransAct file: {}", path,
                   rows.error().message);
      continue;
    }
    for (const TransActRow& r : *rows) file_of_[r.trans_id] = stem;
  }
  return ok_status();
}

std::string FileGateway::next_file_name() {
  std::string stamp = utc_stamp(env_->now());
  while (true) {
    ++seq_;
    char buf[64];
    std::snprintf(buf, sizeof buf, "TransAct_%s_%06llu", stamp.c_str(),
                  static_cast<unsigned long long>(seq_));
    std::string stem = buf;
    std::error_code ec;
    if (fs::exists(options_.outbound_dir + "/" + stem + ".csv", ec) ||
        fs::exists(options_.error_dir + "/" + stem + ".csv", ec)) {
      continue;
    }
    return stem;
  }
}

Status FileGateway::submit(const std::vector<TransActRow>& rows) {
  if (rows.empty()) return Error::invalid("rows", "empty batch");
  std::vector<FieldError> errors;
  std::set<std::string> ids;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string prefix = "rows/" + std::to_string(i) + "/";
    if (!ids.insert(rows[i].trans_id).second) {
      errors.push_back({prefix + "TransID", "\"" + rows[i].trans_id + "\" twice in the batch"});
    }
    Status s = validate(rows[i]);
    if (s.ok()) continue;
    for (const FieldError& f : s.error().fields) errors.push_back({prefix + f.field, f.message});
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  std::lock_guard lock(mu_);
  std::string stem = next_file_name();
  if (Status s = write_atomically(options_.outbound_dir, stem + ".csv", write_transact_csv(rows));
      !s.ok()) {
    --seq_;
    return s;
  }
  for (const TransActRow& r : rows) file_of_[r.trans_id] = stem;
  return ok_status();
}

Result<std::vector<RowState>> FileGateway::states(const std::vector<std::string>& trans_ids) {
  std::lock_guard lock(mu_);
  auto outbound = list_files(options_.outbound_dir);
  if (!outbound.ok()) return outbound.error();
  auto errored = list_files(options_.error_dir);
  if (!errored.ok()) return errored.error();
  std::set<std::string> waiting_stems, error_stems;
  for (const std::string& n : *outbound) {
    if (ends_with(n, ".csv") && starts_with(n, kTransActPrefix))
      waiting_stems.insert(transact_stem(n));
  }
  // SimTrans may decorate the name of a failed file (TransAct_..._000001.csv.err): any name
  // that starts with the stem followed by '.' counts.
  for (const std::string& n : *errored) error_stems.insert(transact_stem(n));
  std::vector<RowState> out;
  out.reserve(trans_ids.size());
  for (const std::string& id : trans_ids) {
    auto it = file_of_.find(id);
    if (it == file_of_.end()) {
      out.push_back(RowState::kGone);
    } else if (waiting_stems.count(it->second)) {
      out.push_back(RowState::kWaiting);
    } else if (error_stems.count(it->second)) {
      out.push_back(RowState::kErrored);
    } else {
      out.push_back(RowState::kGone);
      file_of_.erase(it);  // consumed: SimTrans never gives a file back
    }
  }
  return out;
}

Result<std::optional<bool>> FileGateway::verify(const TransActRow&) {
  return std::optional<bool>();
}

void FileGateway::reject(const std::string& file, const std::string& reason) {
  ++rejected_;
  spdlog::warn("sigmanest file gateway: rejected feedback file {}: {}", file, reason);
  std::string target = file;
  std::error_code ec;
  for (int n = 1; fs::exists(options_.rejected_dir + "/" + target, ec); ++n) {
    target = file + "." + std::to_string(n);
  }
  fs::rename(options_.inbound_dir + "/" + file, options_.rejected_dir + "/" + target, ec);
  if (ec) {
    spdlog::error("sigmanest file gateway: cannot move {} to {}: {}", file, options_.rejected_dir,
                  ec.message());
    return;
  }
  Status s = write_atomically(options_.rejected_dir, target + ".error", reason + "\n");
  if (!s.ok()) spdlog::error("sigmanest file gateway: {}", s.error().message);
}

Result<std::vector<FileGateway::Inbound>> FileGateway::scan_inbound() {
  auto names = list_files(options_.inbound_dir);
  if (!names.ok()) return names.error();
  std::vector<Inbound> files;
  for (const std::string& name : *names) {
    if (!ends_with(name, kReadySuffix)) continue;  // still being written, or not ours
    size_t us = name.find('_');
    auto table = parse_table_name(us == std::string::npos ? std::string_view(name)
                                                          : std::string_view(name).substr(0, us));
    if (us == std::string::npos || !table.ok()) {
      reject(name,
             "file name: expected <STxxArc>_<anything>.csv.ready (STPrgArc, STPIPArc, "
             "STPrtArc, STShtArc, STRemArc, STWOArc)");
      continue;
    }
    auto text = read_file(options_.inbound_dir + "/" + name, options_.limits.max_file_bytes);
    if (!text.ok()) {
      if (text.error().code != ErrorCode::kTooLarge) return text.error();
      reject(name, text.error().message);
      continue;
    }
    auto rows = parse_feedback_csv(*table, *text, options_.limits);
    if (!rows.ok()) {
      reject(name, rows.error().message);
      continue;
    }
    Inbound in{name, std::move(*rows), {}};
    for (const FeedbackRow& r : in.rows) in.packets.insert(r.archive_packet_id);
    files.push_back(std::move(in));
  }
  // A packet's TransType is that of its STPrgArc row (else of its first row): a file holding a
  // row of the packet with another TransType cannot be applied and is rejected.
  std::map<int64_t, std::string> type_of;
  for (int pass = 0; pass < 2; ++pass) {
    for (const Inbound& in : files) {
      for (const FeedbackRow& r : in.rows) {
        if (pass == 0 && r.table == FeedbackTable::kPrgArc) {
          type_of.emplace(r.archive_packet_id, r.trans_type);
        } else if (pass == 1) {
          type_of.emplace(r.archive_packet_id, r.trans_type);
        }
      }
    }
  }
  std::vector<Inbound> kept;
  for (Inbound& in : files) {
    auto bad = std::find_if(in.rows.begin(), in.rows.end(), [&](const FeedbackRow& r) {
      return type_of[r.archive_packet_id] != r.trans_type;
    });
    if (bad == in.rows.end()) {
      kept.push_back(std::move(in));
      continue;
    }
    reject(in.name, "row AutoID " + std::to_string(bad->auto_id) + ", column TransType: packet " +
                        std::to_string(bad->archive_packet_id) + " is " +
                        type_of[bad->archive_packet_id] + " in other rows, " + bad->trans_type +
                        " here");
  }
  return kept;
}

Result<std::vector<FeedbackPacket>> FileGateway::read_feedback(int64_t after, int limit) {
  std::lock_guard lock(mu_);
  auto files = scan_inbound();
  if (!files.ok()) return files.error();
  std::set<std::pair<FeedbackTable, int64_t>> seen;
  std::vector<FeedbackRow> rows;
  for (Inbound& in : *files) {
    for (FeedbackRow& r : in.rows) {
      if (r.archive_packet_id <= after) continue;
      if (!seen.insert({r.table, r.auto_id}).second) continue;  // duplicate delivery
      rows.push_back(std::move(r));
    }
  }
  auto packets = group_packets(std::move(rows));
  if (!packets.ok()) return packets.error();
  std::vector<FeedbackPacket> out;
  for (FeedbackPacket& p : *packets) {
    if (limit >= 0 && static_cast<int>(out.size()) >= limit) break;
    bool complete = std::any_of(p.rows.begin(), p.rows.end(), [](const FeedbackRow& r) {
      return r.table == FeedbackTable::kPrgArc;
    });
    if (complete) out.push_back(std::move(p));
  }
  return out;
}

Status FileGateway::acknowledge(const std::vector<int64_t>& archive_packet_ids) {
  std::lock_guard lock(mu_);
  acked_.insert(archive_packet_ids.begin(), archive_packet_ids.end());
  while (acked_.size() > kMaxAcked) acked_.erase(acked_.begin());
  auto files = scan_inbound();
  if (!files.ok()) return files.error();
  for (const Inbound& in : *files) {
    bool all = std::all_of(in.packets.begin(), in.packets.end(),
                           [&](int64_t p) { return acked_.count(p) > 0; });
    if (!all) continue;
    if (Status s = move_into(options_.inbound_dir, in.name, options_.archive_dir); !s.ok()) {
      return s;
    }
  }
  return fsync_path(options_.archive_dir, O_RDONLY | O_DIRECTORY);
}

int64_t FileGateway::rejected_files() const {
  std::lock_guard lock(mu_);
  return rejected_;
}

}  // namespace kerf::integrations::sigmanest
