// A customer of the shop.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"

namespace kerf::model {

struct Customer {
  int64_t id = 0;
  int64_t version = 0;
  std::string code;  // valid code, unique
  std::string name;  // required
  bool vip = false;  // VIP customers' jobs get a priority bonus in scheduling

  // Ok, or invalid with fields "code", "name".
  Status validate() const;
  friend bool operator==(const Customer&, const Customer&) = default;
};

}  // namespace kerf::model
