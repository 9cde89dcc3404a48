#include "support/fake_llm.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <thread>

namespace kerf::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

// The raw bytes of one HTTP/1.1 response.
std::string http_bytes(int status, const std::string& body, const std::string& extra_headers,
                       bool close) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += extra_headers;
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::string error_body(int status, const std::string& message, std::string type) {
  if (type.empty()) {
    type = status >= 500 ? "server_error"
                         : (status == 429 ? "rate_limit_exceeded" : "invalid_request_error");
  }
  json code = status == 429 ? json("rate_limit_exceeded") : json(nullptr);
  return json{{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code}}}}
      .dump();
}

// Text of a message's content (a string, or the text parts of an array).
std::string content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (!content.is_array()) return out;
  for (const auto& part : content) {
    if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
        part["text"].is_string()) {
      out += part["text"].get<std::string>();
    }
  }
  return out;
}

struct Rule {
  std::regex pattern;
  FakeReply reply;
  std::string last_role;
};

// What the session does with one request.
struct Answer {
  std::string bytes;
  bool close_after = false;
  bool drop = false;  // close without answering
  std::chrono::milliseconds delay{0};
};

}  // namespace

FakeReply FakeReply::text(std::string content, int64_t prompt_tokens, int64_t completion_tokens) {
  FakeReply r;
  r.content = std::move(content);
  r.prompt_tokens = prompt_tokens;
  r.completion_tokens = completion_tokens;
  return r;
}

FakeReply FakeReply::tools(std::vector<FakeToolCall> calls, std::string content) {
  FakeReply r;
  r.tool_calls = std::move(calls);
  r.content = std::move(content);
  return r;
}

FakeReply FakeReply::http_error(int status, std::string message) {
  FakeReply r;
  r.kind = Kind::kHttpError;
  r.status = status;
  r.error_message = std::move(message);
  return r;
}

FakeReply FakeReply::raw(std::string body, int status) {
  FakeReply r;
  r.kind = Kind::kRawBody;
  r.status = status;
  r.raw_body = std::move(body);
  return r;
}

FakeReply FakeReply::truncated() {
  FakeReply r;
  r.kind = Kind::kTruncatedBody;
  return r;
}

FakeReply FakeReply::close_connection() {
  FakeReply r;
  r.kind = Kind::kCloseConnection;
  return r;
}

FakeReply FakeReply::after(std::chrono::milliseconds d) const {
  FakeReply r = *this;
  r.delay = d;
  return r;
}

std::string FakeLlmRequest::last_content(const std::string& role) const {
  if (!json.is_object() || !json.contains("messages") || !json["messages"].is_array()) return "";
  const auto& msgs = json["messages"];
  for (auto it = msgs.rbegin(); it != msgs.rend(); ++it) {
    if (it->is_object() && it->value("role", "") == role) {
      return it->contains("content") ? content_text((*it)["content"]) : "";
    }
  }
  return "";
}

struct FakeLlm::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::thread thread;

  mutable std::mutex mu;
  mutable std::condition_variable received_cv;
  std::deque<FakeReply> queue;
  std::vector<Rule> rules;
  FakeReply fallback = FakeReply::text("(fake llm: no scripted reply)");
  std::string key;
  std::vector<FakeLlmRequest> received;
  size_t unscripted = 0;
  int64_t completions = 0;

  std::function<Answer(const http::request<http::string_body>&)> handler =
      [this](const http::request<http::string_body>& req) { return answer(req); };

  void accept();
  Answer answer(const http::request<http::string_body>& req);
  Answer completion(const FakeReply& reply, const json& body, const std::smatch* match);
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  using Handler = std::function<Answer(const http::request<http::string_body>&)>;
  Session(tcp::socket socket, const Handler& handler)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), handler_(handler) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->handle();
                     });
  }

 private:
  void handle() {
    auto req = parser_->release();
    answer_ = handler_(req);
    if (!req.keep_alive()) answer_.close_after = true;
    if (answer_.delay.count() <= 0) return send();
    timer_.expires_after(answer_.delay);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->send();
    });
  }

  void send() {
    if (answer_.drop) return close();
    asio::async_write(socket_, asio::buffer(answer_.bytes),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec || self->answer_.close_after) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  const Handler& handler_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Answer answer_;
};

}  // namespace

void FakeLlm::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // acceptor closed
    std::make_shared<Session>(std::move(socket), handler)->read();
    accept();
  });
}

Answer FakeLlm::Impl::answer(const http::request<http::string_body>& req) {
  FakeLlmRequest rec;
  rec.method = std::string(req.method_string());
  rec.target = std::string(req.target());
  if (auto it = req.find(http::field::authorization); it != req.end()) {
    rec.authorization = std::string(it->value());
  }
  rec.body = req.body();
  rec.json = json::parse(rec.body, nullptr, false);
  if (rec.json.is_discarded()) rec.json = nullptr;

  std::lock_guard lock(mu);
  received.push_back(rec);
  received_cv.notify_all();
  const json& body = rec.json;
  Answer a;
  const std::string target = rec.target.substr(0, rec.target.find('?'));
  auto ends_with = [&](const std::string& s) {
    return target.size() >= s.size() && target.compare(target.size() - s.size(), s.size(), s) == 0;
  };
  if (req.method() == http::verb::get && ends_with("/models")) {
    json models = {{"object", "list"},
                   {"data", json::array({{{"id", "fake-model"},
                                          {"object", "model"},
                                          {"created", 1700000000},
                                          {"owned_by", "kerf-tests"}}})}};
    a.bytes = http_bytes(200, models.dump(), "", false);
    return a;
  }
  if (req.method() != http::verb::post || !ends_with("/chat/completions")) {
    a.bytes = http_bytes(404,
                         error_body(404, "Unknown request URL: " + rec.method + " " + target,
                                    "invalid_request_error"),
                         "", false);
    return a;
  }
  if (!key.empty() && rec.authorization != "Bearer " + key) {
    a.bytes = http_bytes(
        401, error_body(401, "Incorrect API key provided.", "invalid_request_error"), "", false);
    return a;
  }
  if (!body.is_object()) {
    a.bytes = http_bytes(400,
                         error_body(400, "We could not parse the JSON body of your request.",
                                    "invalid_request_error"),
                         "", false);
    return a;
  }
  if (!body.contains("model") || !body["model"].is_string()) {
    a.bytes = http_bytes(400, error_body(400, "you must provide a model parameter", ""), "", false);
    return a;
  }
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
    a.bytes = http_bytes(
        400, error_body(400, "'messages' must be a non-empty array", "invalid_request_error"), "",
        false);
    return a;
  }

  if (!queue.empty()) {
    FakeReply reply = std::move(queue.front());
    queue.pop_front();
    return completion(reply, body, nullptr);
  }
  const std::string last_user = rec.last_content("user");
  const json& last = body["messages"].back();
  const std::string last_role = last.is_object() ? last.value("role", "") : "";
  for (const auto& rule : rules) {
    if (!rule.last_role.empty() && rule.last_role != last_role) continue;
    std::smatch m;
    if (std::regex_search(last_user, m, rule.pattern)) return completion(rule.reply, body, &m);
  }
  ++unscripted;
  return completion(fallback, body, nullptr);
}

Answer FakeLlm::Impl::completion(const FakeReply& reply, const json& body,
                                 const std::smatch* match) {
  Answer a;
  a.delay = reply.delay;
  std::string retry_after;
  if (!reply.retry_after.empty()) retry_after = "Retry-After: " + reply.retry_after + "\r\n";
  switch (reply.kind) {
    case FakeReply::Kind::kHttpError:
      a.bytes =
          http_bytes(reply.status, error_body(reply.status, reply.error_message, reply.error_type),
                     retry_after, false);
      return a;
    case FakeReply::Kind::kRawBody:
      a.bytes = http_bytes(reply.status, reply.raw_body, retry_after, false);
      return a;
    case FakeReply::Kind::kTruncatedBody: {
      std::string part = R"({"id":"chatcmpl-trunc","object":"chat.completion","choices":[{"ind)";
      std::string out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(part.size() + 400) + "\r\n\r\n" + part;
      a.bytes = out;
      a.close_after = true;
      return a;
    }
    case FakeReply::Kind::kCloseConnection:
      a.drop = true;
      return a;
    case FakeReply::Kind::kCompletion:
      break;
  }
  auto fill = [&](const std::string& s) { return match ? match->format(s) : s; };
  json message = {{"role", "assistant"}};
  const std::string content = fill(reply.content);
  message["content"] =
      (content.empty() && !reply.tool_calls.empty()) ? json(nullptr) : json(content);
  if (!reply.tool_calls.empty()) {
    json calls = json::array();
    int n = 0;
    for (const auto& c : reply.tool_calls) {
      ++n;
      std::string id =
          c.id.empty() ? "call_" + std::to_string(completions + 1) + "_" + std::to_string(n) : c.id;
      calls.push_back({{"id", id},
                       {"type", "function"},
                       {"function", {{"name", c.name}, {"arguments", fill(c.arguments)}}}});
    }
    message["tool_calls"] = calls;
  }
  ++completions;
  std::string finish = reply.finish_reason;
  if (finish.empty()) finish = reply.tool_calls.empty() ? "stop" : "tool_calls";
  json out = {{"id", "chatcmpl-fake-" + std::to_string(completions)},
              {"object", "chat.completion"},
              {"created", 1700000000},
              {"model", body.value("model", "fake-model")},
              {"system_fingerprint", "fp_fake"},
              {"choices", json::array({{{"index", 0},
                                        {"message", message},
                                        {"logprobs", nullptr},
                                        {"finish_reason", finish}}})}};
  if (reply.include_usage) {
    out["usage"] = {{"prompt_tokens", reply.prompt_tokens},
                    {"completion_tokens", reply.completion_tokens},
                    {"total_tokens", reply.prompt_tokens + reply.completion_tokens}};
  }
  a.bytes = http_bytes(200, out.dump(), "", false);
  return a;
}

FakeLlm::FakeLlm() : impl_(std::make_unique<Impl>()) {
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

FakeLlm::~FakeLlm() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FakeLlm::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::string FakeLlm::toml_section(const std::string& extra_lines) const {
  std::string s = "[llm]\nurl = \"" + url() + "\"\nmodel = \"fake-model\"\n";
  s += extra_lines;
  if (!extra_lines.empty() && extra_lines.back() != '\n') s += "\n";
  return s;
}

void FakeLlm::push(FakeReply reply) {
  std::lock_guard lock(impl_->mu);
  impl_->queue.push_back(std::move(reply));
}

void FakeLlm::add_rule(std::string pattern, FakeReply reply, std::string last_role) {
  Rule rule{std::regex(pattern, std::regex::ECMAScript), std::move(reply), std::move(last_role)};
  std::lock_guard lock(impl_->mu);
  impl_->rules.push_back(std::move(rule));
}

void FakeLlm::set_fallback(FakeReply reply) {
  std::lock_guard lock(impl_->mu);
  impl_->fallback = std::move(reply);
}

void FakeLlm::require_key(std::string key) {
  std::lock_guard lock(impl_->mu);
  impl_->key = std::move(key);
}

void FakeLlm::reset() {
  std::lock_guard lock(impl_->mu);
  impl_->queue.clear();
  impl_->rules.clear();
  impl_->received.clear();
  impl_->unscripted = 0;
}

std::vector<FakeLlmRequest> FakeLlm::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->received;
}

size_t FakeLlm::request_count() const {
  std::lock_guard lock(impl_->mu);
  return impl_->received.size();
}

size_t FakeLlm::queued() const {
  std::lock_guard lock(impl_->mu);
  return impl_->queue.size();
}

size_t FakeLlm::unscripted() const {
  std::lock_guard lock(impl_->mu);
  return impl_->unscripted;
}

bool FakeLlm::wait_for_requests(size_t n, std::chrono::milliseconds hang_guard) const {
  std::unique_lock lock(impl_->mu);
  return impl_->received_cv.wait_for(lock, hang_guard, [&] { return impl_->received.size() >= n; });
}

}  // namespace kerf::testing
