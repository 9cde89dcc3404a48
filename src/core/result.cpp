#include "kerf/core/result.h"

namespace kerf {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kTooLarge: return "too_large";
    case ErrorCode::kResourceExhausted: return "resource_exhausted";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

Error Error::invalid(std::string field, std::string message) {
  Error e{ErrorCode::kInvalidArgument, field + ": " + message, {}};
  e.fields.push_back({std::move(field), std::move(message)});
  return e;
}

Error Error::invalid(std::vector<FieldError> fields) {
  std::string message = fields.empty() ? "invalid input" : fields.front().field + ": " +
                                                                fields.front().message;
  if (fields.size() > 1) message += " (and " + std::to_string(fields.size() - 1) + " more)";
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(fields)};
}

Error Error::make(ErrorCode code, std::string message) { return Error{code, std::move(message), {}}; }
Error Error::not_found(std::string message) { return make(ErrorCode::kNotFound, std::move(message)); }
Error Error::conflict(std::string message) { return make(ErrorCode::kConflict, std::move(message)); }
Error Error::precondition(std::string message) {
  return make(ErrorCode::kFailedPrecondition, std::move(message));
}
Error Error::unavailable(std::string message) {
  return make(ErrorCode::kUnavailable, std::move(message));
}
Error Error::internal(std::string message) { return make(ErrorCode::kInternal, std::move(message)); }

}  // namespace kerf
