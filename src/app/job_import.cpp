// JobService::import_json / import_csv: parse every row, resolve part numbers, customer codes
// and work center codes, validate everything, and only then insert all jobs in one transaction.
#include <algorithm>
#include <map>
#include <set>

#include "app/job_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/job_service.h"
#include "kerf/app/permissions.h"
#include "kerf/core/csv.h"
#include "kerf/core/time_format.h"

namespace kerf::app {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxImportRows = 10000;
constexpr std::size_t kMaxReportedErrors = 200;

struct ImportOperation {
  OperationInput input;
  std::vector<std::string> work_center_codes;
};

// One row before reference resolution.
struct ImportRow {
  std::string prefix;  // "rows/<label>"
  JobInput job;
  std::string part_number;
  std::string part_revision;
  std::string customer_code;
  bool has_operations = false;
  std::vector<ImportOperation> operations;
};

std::optional<int64_t> parse_int(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t v = 0;
  bool negative = text.front() == '-';
  std::size_t i = negative ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return negative ? -v : v;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Reads a JSON string member; records an error if present with another type or required+absent.
std::string json_string(const json& obj, const char* key, bool required, const std::string& prefix,
                        model::FieldErrors& errors) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) errors.add(field_path(prefix, key), "is required");
    return {};
  }
  if (!it->is_string()) {
    errors.add(field_path(prefix, key), "must be a string");
    return {};
  }
  return it->get<std::string>();
}

std::optional<int64_t> json_int(const json& obj, const char* key, bool required,
                                const std::string& prefix, model::FieldErrors& errors) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) errors.add(field_path(prefix, key), "is required");
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    errors.add(field_path(prefix, key), "must be an integer");
    return std::nullopt;
  }
  return it->get<int64_t>();
}

void parse_json_operation(const json& o, const std::string& prefix, ImportOperation& out,
                          model::FieldErrors& errors) {
  if (!o.is_object()) {
    errors.add(prefix, "must be an object");
    return;
  }
  if (auto v = json_int(o, "sequence", true, prefix, errors)) out.input.sequence = int32_t(*v);
  out.input.name = json_string(o, "name", true, prefix, errors);
  std::string process = json_string(o, "process", true, prefix, errors);
  if (!process.empty()) {
    auto p = model::parse_process(process);
    if (p.ok()) {
      out.input.process = *p;
    } else {
      errors.add(field_path(prefix, "process"), p.error().message);
    }
  }
  std::string department = json_string(o, "department", false, prefix, errors);
  if (!department.empty()) {
    auto d = model::parse_department(department);
    if (d.ok()) {
      out.input.department = *d;
    } else {
      errors.add(field_path(prefix, "department"), d.error().message);
    }
  }
  auto wcs = o.find("work_centers");
  if (wcs == o.end() || !wcs->is_array()) {
    errors.add(field_path(prefix, "work_centers"), "must be an array of work center codes");
  } else {
    for (std::size_t j = 0; j < wcs->size(); ++j) {
      if (!(*wcs)[j].is_string()) {
        errors.add(field_path(prefix, "work_centers/" + std::to_string(j)), "must be a string");
      } else {
        out.work_center_codes.push_back((*wcs)[j].get<std::string>());
      }
    }
  }
  if (auto v = json_int(o, "setup_seconds", false, prefix, errors)) out.input.setup_seconds = *v;
  if (auto v = json_int(o, "run_seconds_per_piece", false, prefix, errors)) {
    out.input.run_seconds_per_piece = *v;
  }
  if (auto v = json_int(o, "transfer_seconds", false, prefix, errors)) {
    out.input.transfer_seconds = *v;
  }
  out.input.setup_family = json_string(o, "setup_family", false, prefix, errors);
}

void parse_due(std::string_view text, const std::string& prefix, ImportRow& row,
               model::FieldErrors& errors) {
  if (text.empty()) {
    errors.add(field_path(prefix, "due"), "is required");
    return;
  }
  auto t = parse_instant(text, DateOnly::kUtcMidnight);
  if (!t.ok()) {
    errors.add(field_path(prefix, "due"), t.error().message + ": " + std::string(text));
    return;
  }
  row.job.due = *t;
}

// Resolves references of every row, checks duplicates, validates, and returns the JobInputs.
Result<std::vector<JobInput>> resolve_rows(store::Tx& tx, std::vector<ImportRow>& rows,
                                           model::FieldErrors& errors) {
  std::map<std::string, int64_t> part_ids, customer_ids, wc_ids;
  std::set<std::string> numbers;
  std::vector<JobInput> out;
  for (auto& row : rows) {
    if (!row.part_number.empty()) {
      std::string key = row.part_number + "\n" + row.part_revision;
      auto it = part_ids.find(key);
      if (it == part_ids.end()) {
        auto part = repo::find_part(tx, row.part_number, row.part_revision);
        if (!part.ok()) return part.error();
        it = part_ids.emplace(key, part->has_value() ? (*part)->id : 0).first;
      }
      row.job.part_id = it->second;
      if (it->second == 0) {
        errors.add(field_path(row.prefix, "part_number"),
                   "part " + row.part_number +
                       (row.part_revision.empty() ? "" : " rev " + row.part_revision) +
                       " not found");
      }
    }
    if (!row.customer_code.empty()) {
      auto it = customer_ids.find(row.customer_code);
      if (it == customer_ids.end()) {
        auto customer = repo::find_customer(tx, row.customer_code);
        if (!customer.ok()) return customer.error();
        it = customer_ids.emplace(row.customer_code, customer->has_value() ? (*customer)->id : 0)
                 .first;
      }
      row.job.customer_id = it->second;
      if (it->second == 0) {
        errors.add(field_path(row.prefix, "customer_code"),
                   "customer " + row.customer_code + " not found");
      }
    }
    if (!row.job.number.empty()) {
      if (!numbers.insert(row.job.number).second) {
        errors.add(field_path(row.prefix, "number"), "duplicate job number in this import");
      } else {
        auto existing = repo::find_job(tx, row.job.number);
        if (!existing.ok()) return existing.error();
        if (existing->has_value()) errors.add(field_path(row.prefix, "number"), "already exists");
      }
    }
    if (row.has_operations) {
      for (std::size_t i = 0; i < row.operations.size(); ++i) {
        auto& op = row.operations[i];
        for (std::size_t j = 0; j < op.work_center_codes.size(); ++j) {
          const auto& code = op.work_center_codes[j];
          auto it = wc_ids.find(code);
          if (it == wc_ids.end()) {
            auto wc = repo::find_work_center(tx, code);
            if (!wc.ok()) return wc.error();
            it = wc_ids.emplace(code, wc->has_value() ? (*wc)->id : 0).first;
          }
          if (it->second == 0) {
            errors.add(field_path(row.prefix, "operations/" + std::to_string(i) + "/work_centers/" +
                                                  std::to_string(j)),
                       "work center " + code + " not found");
          } else {
            op.input.eligible_work_center_ids.push_back(it->second);
          }
        }
        row.job.operations.push_back(op.input);
      }
    } else if (row.job.part_id > 0) {
      // No routing given: copy the routing of the part's most recent job.
      auto latest = repo::latest_job_of_part(tx, row.job.part_id);
      if (!latest.ok()) return latest.error();
      if (latest->has_value()) {
        auto ops = repo::operations_of_job(tx, (*latest)->id);
        if (!ops.ok()) return ops.error();
        for (const auto& op : *ops) {
          OperationInput in;
          in.sequence = op.sequence;
          in.name = op.name;
          in.process = op.process;
          in.department = op.department;
          in.eligible_work_center_ids = op.eligible_work_center_ids;
          in.setup_seconds = op.setup_seconds;
          in.run_seconds_per_piece = op.run_seconds_per_piece;
          in.transfer_seconds = op.transfer_seconds;
          in.overlap_allowed = op.overlap_allowed;
          in.overlap_pieces = std::min(op.overlap_pieces, row.job.quantity);
          in.setup_family = op.setup_family;
          row.job.operations.push_back(in);
        }
      }
    }
    model::FieldErrors row_errors;
    validate_job_input(row.job, row.prefix, row_errors);
    for (const auto& f : row_errors.fields()) {
      // part_id/customer_id problems were reported against part_number/customer_code already.
      if (f.field == field_path(row.prefix, "part_id") && !row.part_number.empty()) continue;
      if (f.field == field_path(row.prefix, "customer_id") && !row.customer_code.empty()) continue;
      errors.add(f.field, f.message);
    }
    out.push_back(row.job);
  }
  return out;
}

}  // namespace

namespace {

Result<ImportResult> run_import(ChangeRunner& changes, const Principal& who,
                                std::vector<ImportRow> rows, model::FieldErrors parse_errors) {
  return changes.run(who, [&](Change& c) -> Result<ImportResult> {
    model::FieldErrors errors = parse_errors;
    auto inputs = resolve_rows(c.tx(), rows, errors);
    if (!inputs.ok()) return inputs.error();
    if (!errors.empty()) {
      // One error per field (a missing value is not also reported as invalid).
      std::vector<FieldError> fields;
      std::set<std::string> seen;
      for (const auto& f : errors.fields()) {
        if (seen.insert(f.field).second) fields.push_back(f);
      }
      std::size_t total = fields.size();
      if (fields.size() > kMaxReportedErrors) fields.resize(kMaxReportedErrors);
      Error e = Error::invalid(std::move(fields));
      e.message = "import rejected: " + std::to_string(total) +
                  " error(s); first: " + errors.fields().front().field + ": " +
                  errors.fields().front().message;
      return e;
    }
    ImportResult result;
    for (const auto& input : *inputs) {
      auto detail = insert_job(c, input);
      if (!detail.ok()) return detail.error();
      result.jobs.push_back(detail->job);
    }
    return result;
  });
}

}  // namespace

Result<ImportResult> JobService::import_json(const Principal& who, std::string_view json_text) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (doc.is_discarded()) return Error::invalid("body", "malformed JSON");
  if (!doc.is_array()) return Error::invalid("body", "must be a JSON array of jobs");
  if (doc.empty()) return Error::invalid("body", "no rows");
  if (doc.size() > kMaxImportRows) {
    return Error::make(ErrorCode::kTooLarge,
                       "at most " + std::to_string(kMaxImportRows) + " rows per import");
  }
  std::vector<ImportRow> rows;
  model::FieldErrors errors;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    ImportRow row;
    row.prefix = "rows/" + std::to_string(i);
    const json& o = doc[i];
    if (!o.is_object()) {
      errors.add(row.prefix, "must be an object");
      continue;
    }
    row.job.number = json_string(o, "number", true, row.prefix, errors);
    row.part_number = json_string(o, "part_number", true, row.prefix, errors);
    row.part_revision = json_string(o, "part_revision", false, row.prefix, errors);
    row.customer_code = json_string(o, "customer_code", true, row.prefix, errors);
    if (auto q = json_int(o, "quantity", true, row.prefix, errors)) row.job.quantity = *q;
    if (auto p = json_int(o, "priority", false, row.prefix, errors)) {
      row.job.priority = static_cast<int32_t>(std::clamp<int64_t>(*p, -1000, 1000));
    }
    auto due = o.find("due");
    if (due != o.end() && !due->is_string()) {
      errors.add(field_path(row.prefix, "due"), "must be an ISO 8601 string");
    } else {
      parse_due(due == o.end() ? "" : due->get<std::string>(), row.prefix, row, errors);
    }
    auto ops = o.find("operations");
    if (ops != o.end() && !ops->is_null()) {
      row.has_operations = true;
      if (!ops->is_array()) {
        errors.add(field_path(row.prefix, "operations"), "must be an array");
      } else {
        for (std::size_t j = 0; j < ops->size(); ++j) {
          ImportOperation op;
          parse_json_operation((*ops)[j], field_path(row.prefix, "operations/" + std::to_string(j)),
                               op, errors);
          row.operations.push_back(std::move(op));
        }
      }
    }
    rows.push_back(std::move(row));
  }
  return run_import(changes_, who, std::move(rows), std::move(errors));
}

Result<ImportResult> JobService::import_csv(const Principal& who, std::string_view csv_text) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  auto doc = read_csv(csv_text);
  if (!doc.ok()) {
    Error e = doc.error();
    if (e.code == ErrorCode::kInvalidArgument && e.fields.empty()) {
      e.fields.push_back({"body", e.message});
    }
    return e;
  }
  model::FieldErrors errors;
  for (const char* required : {"number", "part_number", "customer_code", "quantity", "due"}) {
    if (!doc->column(required)) errors.add("header", std::string("missing column ") + required);
  }
  if (!errors.empty()) return errors.status().error();
  if (doc->rows().empty()) return Error::invalid("body", "no rows");
  if (doc->rows().size() > kMaxImportRows) {
    return Error::make(ErrorCode::kTooLarge,
                       "at most " + std::to_string(kMaxImportRows) + " rows per import");
  }
  std::vector<ImportRow> rows;
  for (const auto& record : doc->rows()) {
    ImportRow row;
    row.prefix = "rows/" + std::to_string(record.line);
    row.job.number = trim(doc->field(record, "number"));
    if (row.job.number.empty()) errors.add(field_path(row.prefix, "number"), "is required");
    row.part_number = trim(doc->field(record, "part_number"));
    if (row.part_number.empty()) errors.add(field_path(row.prefix, "part_number"), "is required");
    row.part_revision = trim(doc->field(record, "part_revision"));
    row.customer_code = trim(doc->field(record, "customer_code"));
    if (row.customer_code.empty()) {
      errors.add(field_path(row.prefix, "customer_code"), "is required");
    }
    std::string quantity = trim(doc->field(record, "quantity"));
    if (auto q = parse_int(quantity)) {
      row.job.quantity = *q;
    } else {
      errors.add(field_path(row.prefix, "quantity"),
                 quantity.empty() ? "is required" : "not an integer: " + quantity);
    }
    std::string priority = trim(doc->field(record, "priority"));
    if (!priority.empty()) {
      if (auto p = parse_int(priority)) {
        row.job.priority = static_cast<int32_t>(std::clamp<int64_t>(*p, -1000, 1000));
      } else {
        errors.add(field_path(row.prefix, "priority"), "not an integer: " + priority);
      }
    }
    parse_due(trim(doc->field(record, "due")), row.prefix, row, errors);
    rows.push_back(std::move(row));
  }
  return run_import(changes_, who, std::move(rows), std::move(errors));
}

}  // namespace kerf::app
