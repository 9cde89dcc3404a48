#include "kerf/ingest/opcua/endpoint_url.h"

#include <charconv>
#include <string_view>

namespace kerf::ingest::opcua {

Result<EndpointAddress> parse_endpoint_url(const std::string& url) {
  constexpr std::string_view kScheme = "opc.tcp://";
  if (url.rfind(kScheme, 0) != 0) {
    return Error::invalid("endpoint_url", "must start with opc.tcp:// (got '" + url + "')");
  }
  std::string_view rest = std::string_view(url).substr(kScheme.size());
  rest = rest.substr(0, rest.find('/'));
  EndpointAddress out;
  const auto colon = rest.rfind(':');
  out.host = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535) {
      return Error::invalid("endpoint_url",
                            "port must be 1..65535 (got '" + std::string(port) + "')");
    }
    out.port = static_cast<uint16_t>(value);
  }
  if (out.host.empty()) return Error::invalid("endpoint_url", "has no host");
  return out;
}

}  // namespace kerf::ingest::opcua
