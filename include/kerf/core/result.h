// Result<T>: the value of an operation that can fail in an expected way, or the Error saying why.
// Exceptions are reserved for broken invariants; every foreseeable failure is a Result.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kerf {

// Error categories; the API maps each to one HTTP status (see docs/api.md).
enum class ErrorCode {
  kInvalidArgument,     // input failed validation (400)
  kUnauthenticated,     // no or bad session (401)
  kPermissionDenied,    // role may not do this (403)
  kNotFound,            // no such entity (404)
  kConflict,            // version mismatch or duplicate key (409)
  kFailedPrecondition,  // state does not allow the transition (409)
  kTooLarge,            // input exceeds a size limit (413)
  kResourceExhausted,   // throttled (429)
  kCancelled,           // caller cancelled
  kUnavailable,         // a peer (database, machine) is not reachable (503)
  kInternal,            // bug or unexpected failure (500)
};

// Stable lower-case name of a code, e.g. "invalid_argument".
const char* error_code_name(ErrorCode code);

// One field-level problem: `field` is a JSON-pointer-like path ("quantity", "rows/3/due").
struct FieldError {
  std::string field;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;

  static Error invalid(std::string field, std::string message);
  static Error invalid(std::vector<FieldError> fields);
  static Error not_found(std::string message);
  static Error conflict(std::string message);
  static Error precondition(std::string message);
  static Error unavailable(std::string message);
  static Error internal(std::string message);
  static Error make(ErrorCode code, std::string message);
};

// Either a T or an Error. Implicitly constructible from both so `return error;` reads naturally.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation with no value: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

// The outcome of `r` without its value (for callers that only need success or the error).
template <typename T>
Status status_of(const Result<T>& r) {
  if (!r.ok()) return r.error();
  return ok_status();
}

}  // namespace kerf
