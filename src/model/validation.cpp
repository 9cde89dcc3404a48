#include "kerf/model/validation.h"

#include <cctype>

namespace kerf::model {

void FieldErrors::add(std::string field, std::string message) {
  fields_.push_back({std::move(field), std::move(message)});
}

void FieldErrors::merge(const std::string& prefix, const Status& status) {
  if (status.ok()) return;
  for (const FieldError& f : status.error().fields) {
    fields_.push_back({prefix.empty() ? f.field : prefix + "/" + f.field, f.message});
  }
}

Status FieldErrors::status() const {
  if (fields_.empty()) return ok_status();
  return Error::invalid(fields_);
}

bool is_valid_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength) return false;
  if (!std::isalnum(static_cast<unsigned char>(code.front()))) return false;
  for (char c : code) {
    bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '/' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void check_code(FieldErrors& errors, const std::string& field, std::string_view code) {
  if (code.empty()) {
    errors.add(field, "is required");
  } else if (code.size() > kMaxCodeLength) {
    errors.add(field, "must be at most " + std::to_string(kMaxCodeLength) + " characters");
  } else if (!is_valid_code(code)) {
    errors.add(field,
               "must start with a letter or digit and contain only letters, digits, "
               "'.', '_', '/' or '-'");
  }
}

void check_required_text(FieldErrors& errors, const std::string& field, std::string_view text) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) {
    errors.add(field, "is required");
    return;
  }
  check_optional_text(errors, field, text);
}

void check_optional_text(FieldErrors& errors, const std::string& field, std::string_view text) {
  if (text.size() > kMaxTextLength) {
    errors.add(field, "must be at most " + std::to_string(kMaxTextLength) + " characters");
  }
}

}  // namespace kerf::model
