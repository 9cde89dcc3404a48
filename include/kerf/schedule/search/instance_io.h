// Readers for public benchmark instances (JSSP / FJSP text formats) and their bounds CSVs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule::search {

enum class InstanceFormat { kJssp, kFjsp };

// Parses a JSSP instance: line 1 "jobs machines", then one line per job of "machine duration"
// pairs in route order, machines numbered from 0. A job may visit a machine more than once
// (re-entrant). Produces always-open machines, one alternative per operation, finish-start
// precedences with lag 0 along each job. Errors name the offending line ("line 3").
Result<Problem> parse_jssp(std::string_view text, std::string name);

// Parses an FJSP instance: line 1 "jobs machines [avg-flex]", then per job "#ops" followed by,
// per operation, "#alts" and that many "machine duration" pairs; machines numbered from 1.
Result<Problem> parse_fjsp(std::string_view text, std::string name);

// Reads `path` and parses it in `format`; the problem name is the file stem.
Result<Problem> read_instance(const std::string& path, InstanceFormat format);

// Best known bounds of one instance; a bound left blank in the file (an open instance without
// a known value) is nullopt.
struct Bound {
  std::string name;
  std::optional<int64_t> lb;
  std::optional<int64_t> ub;
};

// Parses a bounds CSV: either "name,size,lb,ub,status,source" (jssp) or
// "name,family,lb,ub,status" (fjsp); the header decides where lb and ub are. Quoted fields with
// commas are supported. Blank lb/ub fields are accepted (nullopt); anything else that is not a
// non-negative integer fails naming the line. Keyed by instance name.
Result<std::map<std::string, Bound>> parse_bounds_csv(std::string_view text);

// Reads and parses a bounds CSV file.
Result<std::map<std::string, Bound>> read_bounds_csv(const std::string& path);

}  // namespace kerf::schedule::search
