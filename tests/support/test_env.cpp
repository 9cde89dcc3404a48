#include "support/test_env.h"

#include <filesystem>
#include <random>

namespace kerf::testing {

std::string make_temp_dir(const std::string& prefix) {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto path = std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::error_code ec;
    if (std::filesystem::create_directory(path, ec)) return path.string();
  }
  throw std::runtime_error("cannot create a temporary directory");
}

}  // namespace kerf::testing
