// OPC UA endpoint URLs: "opc.tcp://host:port[/path]" -> where to connect.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"

namespace kerf::ingest::opcua {

struct EndpointAddress {
  std::string host;
  uint16_t port = 4840;  // the OPC UA default when the URL names none
};

// The host and port of `url`; kInvalidArgument "endpoint_url" for another scheme, no host or a
// port outside 1..65535.
Result<EndpointAddress> parse_endpoint_url(const std::string& url);

}  // namespace kerf::ingest::opcua
