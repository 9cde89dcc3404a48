#include "kerf/schedule/search/instance_io.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace kerf::schedule::search {
namespace {

struct Line {
  int number = 0;  // 1-based
  std::vector<std::string_view> tokens;
};

// Splits `text` into non-empty lines of whitespace-separated tokens.
std::vector<Line> tokenize(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = text.substr(pos, eol - pos);
    ++number;
    Line line{number, {}};
    size_t i = 0;
    while (i < raw.size()) {
      while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r')) ++i;
      size_t start = i;
      while (i < raw.size() && raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r') ++i;
      if (i > start) line.tokens.push_back(raw.substr(start, i - start));
    }
    if (!line.tokens.empty()) lines.push_back(std::move(line));
    pos = eol + 1;
  }
  return lines;
}

std::string where(int line) { return "line " + std::to_string(line); }

// Parses a non-negative integer token.
Result<int64_t> to_int(std::string_view token, int line) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size() || value < 0) {
    return Error::invalid(where(line), "not a non-negative integer: '" + std::string(token) + "'");
  }
  return value;
}

// A bounds CSV field: blank (spaces only) is an unknown bound, otherwise a non-negative integer.
Result<std::optional<int64_t>> optional_bound(std::string_view field, int line) {
  while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
  while (!field.empty() && (field.back() == ' ' || field.back() == '\t' || field.back() == '\r')) {
    field.remove_suffix(1);
  }
  if (field.empty()) return std::optional<int64_t>();
  auto value = to_int(field, line);
  if (!value) return value.error();
  return std::optional<int64_t>(*value);
}

// Parses a header "jobs machines ..." with both counts positive.
Status parse_header(const std::vector<Line>& lines, int& jobs, int& machines) {
  if (lines.empty()) return Error::invalid("line 1", "empty instance");
  const Line& head = lines[0];
  if (head.tokens.size() < 2) return Error::invalid(where(head.number), "expected 'jobs machines'");
  auto j = to_int(head.tokens[0], head.number);
  if (!j) return j.error();
  auto m = to_int(head.tokens[1], head.number);
  if (!m) return m.error();
  if (*j <= 0 || *m <= 0 || *j > 1'000'000 || *m > 100'000) {
    return Error::invalid(where(head.number), "job and machine counts must be positive");
  }
  jobs = static_cast<int>(*j);
  machines = static_cast<int>(*m);
  return ok_status();
}

Problem empty_problem(std::string name, int machines) {
  Problem p;
  p.name = std::move(name);
  p.machines.resize(static_cast<size_t>(machines));
  for (int m = 0; m < machines; ++m)
    p.machines[static_cast<size_t>(m)].name = "M" + std::to_string(m);
  return p;
}

// Appends operation `op` to job `job`, chaining a finish-start precedence from the previous op.
void append_op(Problem& p, int job, Operation op) {
  int index = static_cast<int>(p.operations.size());
  op.job = job;
  Job& j = p.jobs[static_cast<size_t>(job)];
  op.name = j.name + "/" + std::to_string(j.operations.size());
  if (!j.operations.empty()) p.precedences.push_back({j.operations.back(), index});
  j.operations.push_back(index);
  p.operations.push_back(std::move(op));
}

// Splits one CSV line, honouring double quotes.
std::vector<std::string> split_csv(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The header line and one line per job: the problem with its machines and named jobs, each job
// line handed to `read_job(problem, job, line)` (a Status) to append that job's operations.
template <typename ReadJob>
Result<Problem> parse_job_lines(std::string_view text, std::string name, ReadJob read_job) {
  const std::vector<Line> lines = tokenize(text);
  int jobs = 0, machines = 0;
  if (Status s = parse_header(lines, jobs, machines); !s) return s.error();
  if (static_cast<int>(lines.size()) - 1 != jobs) {
    int line = lines.size() > static_cast<size_t>(jobs)
                   ? lines[static_cast<size_t>(jobs) + 1].number
                   : lines.back().number + 1;
    return Error::invalid(where(line), "expected " + std::to_string(jobs) + " job lines, found " +
                                           std::to_string(lines.size() - 1));
  }
  Problem p = empty_problem(std::move(name), machines);
  p.jobs.resize(static_cast<size_t>(jobs));
  for (int j = 0; j < jobs; ++j) {
    p.jobs[static_cast<size_t>(j)].name = "J" + std::to_string(j);
    if (Status s = read_job(p, j, lines[static_cast<size_t>(j) + 1]); !s) return s.error();
  }
  return p;
}

}  // namespace

Result<Problem> parse_jssp(std::string_view text, std::string name) {
  return parse_job_lines(text, std::move(name), [](Problem& p, int j, const Line& line) -> Status {
    const int machines = static_cast<int>(p.machines.size());
    if (line.tokens.size() % 2 != 0) {
      return Error::invalid(where(line.number),
                            "odd number of fields: expected machine/duration pairs");
    }
    for (size_t k = 0; k < line.tokens.size(); k += 2) {
      auto m = to_int(line.tokens[k], line.number);
      if (!m) return m.error();
      auto d = to_int(line.tokens[k + 1], line.number);
      if (!d) return d.error();
      if (*m >= machines) {
        return Error::invalid(
            where(line.number),
            "machine " + std::to_string(*m) + " out of range 0.." + std::to_string(machines - 1));
      }
      Operation op;
      op.alternatives.push_back({static_cast<int>(*m), 0, *d, 0});
      append_op(p, j, std::move(op));
    }
    return Status{};
  });
}

Result<Problem> parse_fjsp(std::string_view text, std::string name) {
  return parse_job_lines(text, std::move(name), [](Problem& p, int j, const Line& line) -> Status {
    const int machines = static_cast<int>(p.machines.size());
    size_t k = 0;
    auto next = [&]() -> Result<int64_t> {
      if (k >= line.tokens.size()) return Error::invalid(where(line.number), "line ends too early");
      return to_int(line.tokens[k++], line.number);
    };
    auto ops = next();
    if (!ops) return ops.error();
    for (int64_t o = 0; o < *ops; ++o) {
      auto alts = next();
      if (!alts) return alts.error();
      if (*alts <= 0)
        return Error::invalid(where(line.number), "an operation needs at least one machine");
      Operation op;
      for (int64_t a = 0; a < *alts; ++a) {
        auto m = next();
        if (!m) return m.error();
        auto d = next();
        if (!d) return d.error();
        if (*m < 1 || *m > machines) {
          return Error::invalid(
              where(line.number),
              "machine " + std::to_string(*m) + " out of range 1.." + std::to_string(machines));
        }
        const int machine = static_cast<int>(*m - 1);
        for (const Alternative& seen : op.alternatives) {
          if (seen.machine == machine) {
            return Error::invalid(where(line.number), "machine " + std::to_string(*m) +
                                                          " listed twice for operation " +
                                                          std::to_string(o + 1));
          }
        }
        op.alternatives.push_back({machine, 0, *d, 0});
      }
      append_op(p, j, std::move(op));
    }
    if (k != line.tokens.size()) {
      return Error::invalid(where(line.number), "unexpected extra fields after the last operation");
    }
    return Status{};
  });
}

Result<Problem> read_instance(const std::string& path, InstanceFormat format) {
  auto text = read_file(path);
  if (!text) return text.error();
  std::string name = std::filesystem::path(path).stem().string();
  return format == InstanceFormat::kJssp ? parse_jssp(*text, name) : parse_fjsp(*text, name);
}

Result<std::map<std::string, Bound>> parse_bounds_csv(std::string_view text) {
  std::map<std::string, Bound> out;
  int number = 0;
  int lb_col = -1, ub_col = -1, name_col = -1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++number;
    if (raw.empty() || raw == "\r") continue;
    std::vector<std::string> cols = split_csv(raw);
    if (name_col < 0) {
      for (size_t c = 0; c < cols.size(); ++c) {
        if (cols[c] == "name") name_col = static_cast<int>(c);
        if (cols[c] == "lb") lb_col = static_cast<int>(c);
        if (cols[c] == "ub") ub_col = static_cast<int>(c);
      }
      if (name_col < 0 || lb_col < 0 || ub_col < 0) {
        return Error::invalid(where(number), "header must name columns name, lb and ub");
      }
      continue;
    }
    int need = std::max({name_col, lb_col, ub_col});
    if (static_cast<int>(cols.size()) <= need) {
      return Error::invalid(where(number),
                            "expected at least " + std::to_string(need + 1) + " columns");
    }
    auto lb = optional_bound(cols[static_cast<size_t>(lb_col)], number);
    if (!lb) return lb.error();
    auto ub = optional_bound(cols[static_cast<size_t>(ub_col)], number);
    if (!ub) return ub.error();
    Bound b{cols[static_cast<size_t>(name_col)], *lb, *ub};
    out[b.name] = b;
  }
  if (name_col < 0) return Error::invalid("line 1", "empty bounds file");
  return out;
}

Result<std::map<std::string, Bound>> read_bounds_csv(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_bounds_csv(*text);
}

}  // namespace kerf::schedule::search
