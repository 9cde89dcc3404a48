// Who may receive which domain events over the WebSocket stream. The rule table lives in
// event_access.cpp; ServerOptions::event_access defaults to it.
#pragma once

#include <functional>
#include <string_view>

#include "kerf/api/http_types.h"

namespace kerf::api {

// Decides whether `who` may receive an event on `topic` ("job.released").
using EventAccess = std::function<bool(const Principal& who, std::string_view topic)>;

// The default rule: topics starting with "user." (usernames, roles) only for admin; every
// other topic for any authenticated user.
bool default_event_access(const Principal& who, std::string_view topic);

}  // namespace kerf::api
