// Shared helpers for kerf's test suites.
#pragma once

#include <string>

namespace kerf::testing {

// Creates a fresh, empty directory under the system temp dir and returns its path.
std::string make_temp_dir(const std::string& prefix);

}  // namespace kerf::testing
