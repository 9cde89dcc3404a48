#include "json_parse.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kerf::api {
namespace {

using nlohmann::json;

// SAX handler building the DOM like nlohmann's own, but refusing a member name already present
// in the object being built (a std::map lookup per member).
class StrictDomBuilder {
 public:
  explicit StrictDomBuilder(json& root) : root_(root) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool v) { return put(v) != nullptr; }
  bool number_integer(json::number_integer_t v) { return put(v) != nullptr; }
  bool number_unsigned(json::number_unsigned_t v) { return put(v) != nullptr; }
  bool number_float(json::number_float_t v, const json::string_t& /*text*/) {
    return put(v) != nullptr;
  }
  bool string(json::string_t& v) { return put(std::move(v)) != nullptr; }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))) != nullptr; }
  bool start_object(std::size_t /*size*/) {
    stack_.push_back({put(json::object()), {}});
    return true;
  }
  bool key(json::string_t& k) {
    Frame& top = stack_.back();
    if (top.value->contains(k)) {
      std::string path;
      for (std::size_t i = 0; i + 1 < stack_.size(); ++i) path += component(stack_[i]) + "/";
      duplicate_ = path + k;
      return false;
    }
    top.key = std::move(k);
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/) {
    stack_.push_back({put(json::array()), {}});
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    error_byte_ = position;
    if (ex.id == 406) overflow_ = path_here();  // a number beyond the range of a double
    return false;
  }

  const std::string& duplicate() const { return duplicate_; }
  const std::optional<std::string>& overflow() const { return overflow_; }
  std::size_t error_byte() const { return error_byte_; }

 private:
  struct Frame {
    json* value;      // the object or array being filled
    std::string key;  // objects: the member being read
  };

  // Path component of the child currently being read in `f`.
  static std::string component(const Frame& f) {
    return f.value->is_array() ? std::to_string(f.value->size() - 1) : f.key;
  }

  // Path of the value the parser is reading now, before it is stored ("rows/3/qty").
  std::string path_here() const {
    std::string path;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Frame& f = stack_[i];
      const bool top = i + 1 == stack_.size();
      if (!path.empty()) path += '/';
      path += top && f.value->is_array() ? std::to_string(f.value->size()) : component(f);
    }
    return path;
  }

  // Stores `v` where the parser is (root, array element or object member); returns its address,
  // stable while its own frame is open (a parent only grows after the child closed).
  json* put(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& top = stack_.back();
    if (top.value->is_array()) {
      top.value->push_back(std::move(v));
      return &top.value->back();
    }
    json& slot = (*top.value)[top.key];
    slot = std::move(v);
    return &slot;
  }

  json& root_;
  std::vector<Frame> stack_;
  std::string duplicate_;
  std::optional<std::string> overflow_;
  std::size_t error_byte_ = 0;
};

}  // namespace

Result<json> parse_json_body(std::string_view text) {
  json root;
  StrictDomBuilder builder(root);
  bool ok = json::sax_parse(text.begin(), text.end(), &builder);
  if (ok) return root;
  if (!builder.duplicate().empty()) {
    return Error::invalid(builder.duplicate(), "duplicate member (each name may appear once)");
  }
  if (const auto& field = builder.overflow()) {
    const std::string msg = "number is out of range (beyond ±1.8e308)";
    return Error{ErrorCode::kInvalidArgument, msg, {FieldError{*field, msg}}};
  }
  std::string msg = "malformed JSON at byte " + std::to_string(builder.error_byte());
  return Error{ErrorCode::kInvalidArgument, msg, {FieldError{"", msg}}};
}

}  // namespace kerf::api
