#include "json_body.h"

#include <string>
#include <vector>

namespace kerf::api {
namespace {

using nlohmann::json;

// A SAX handler that builds nothing and only tracks where in the document the parser is, so
// that when the parser throws (number overflow) the path of the offending value is known.
class PathTracker : public json::json_sax_t {
 public:
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(json::number_integer_t) override { return value(); }
  bool number_unsigned(json::number_unsigned_t) override { return value(); }
  bool number_float(json::number_float_t, const json::string_t&) override { return value(); }
  bool string(json::string_t&) override { return value(); }
  bool binary(json::binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    frames_.push_back({false, 0, {}});
    return true;
  }
  bool key(json::string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override { return end(); }
  bool start_array(std::size_t) override {
    frames_.push_back({true, 0, {}});
    return true;
  }
  bool end_array() override { return end(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  // "rows/3/qty": the path of the value being parsed now.
  std::string path() const {
    std::string out;
    for (const auto& f : frames_) {
      if (!out.empty()) out += '/';
      out += f.array ? std::to_string(f.index) : f.key;
    }
    return out;
  }

 private:
  struct Frame {
    bool array;
    std::size_t index;  // arrays: index of the current element
    std::string key;    // objects: the current key
  };
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool end() {
    frames_.pop_back();
    return value();
  }
  std::vector<Frame> frames_;
};

}  // namespace

Result<json> parse_json_body(std::string_view body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    std::string msg = "malformed JSON at byte " + std::to_string(e.byte);
    return Error{ErrorCode::kInvalidArgument, msg, {{"", msg}}};
  } catch (const json::out_of_range&) {
    // Only number overflow (406) gets here; find out where by re-reading the document.
    PathTracker tracker;
    try {
      json::sax_parse(body, &tracker);
    } catch (const json::exception&) {
    }
    std::string field = tracker.path();
    std::string msg = "number is out of range (beyond ±1.8e308)";
    if (field.empty()) return Error{ErrorCode::kInvalidArgument, msg, {{"", msg}}};
    return Error::invalid(field, msg);
  } catch (const json::exception& e) {
    std::string msg = std::string("malformed JSON: ") + e.what();
    return Error{ErrorCode::kInvalidArgument, msg, {{"", msg}}};
  }
}

}  // namespace kerf::api
