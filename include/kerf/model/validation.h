// Field-level validation helpers shared by every model entity's validate().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::model {

// Collects FieldErrors; status() is ok when nothing was added, else Error::invalid(fields).
class FieldErrors {
 public:
  // Records one problem with `field` (a JSON-pointer-like path such as
  // "operations/2/setup_seconds").
  void add(std::string field, std::string message);
  // Appends the fields of `status` (if it failed) under `prefix` ("capabilities" ->
  // "capabilities/x").
  void merge(const std::string& prefix, const Status& status);
  bool empty() const { return fields_.empty(); }
  const std::vector<FieldError>& fields() const { return fields_; }
  // Ok if no field was added; otherwise kInvalidArgument with all fields.
  Status status() const;

 private:
  std::vector<FieldError> fields_;
};

// Maximum length of names, descriptions and other free text fields.
inline constexpr std::size_t kMaxTextLength = 200;
// Maximum length of codes and numbers (work center code, part number, job number...).
inline constexpr std::size_t kMaxCodeLength = 40;

// True for 1..kMaxCodeLength chars of [A-Za-z0-9._/-], starting with a letter or digit.
bool is_valid_code(std::string_view code);

// Adds an error to `errors` under `field` unless `code` is_valid_code.
void check_code(FieldErrors& errors, const std::string& field, std::string_view code);
// Adds an error unless `text` is non-empty (after trimming spaces) and at most kMaxTextLength.
void check_required_text(FieldErrors& errors, const std::string& field, std::string_view text);
// Adds an error if `text` is longer than kMaxTextLength (empty allowed).
void check_optional_text(FieldErrors& errors, const std::string& field, std::string_view text);

}  // namespace kerf::model
