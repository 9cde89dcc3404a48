// List queries shared by all repositories: equality filters, text search, date range, sorting
// by whitelisted fields, and limit/offset pagination with the total count.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/store/value.h"

namespace kerf::store {

struct ListQuery {
  // field -> value equality filters; fields must be in the repository's filter whitelist,
  // otherwise list() fails with kInvalidArgument naming the field.
  std::map<std::string, Param> filters;
  // Case-insensitive substring match over the repository's text columns (code, name...).
  std::string search;
  // Date range over the repository's date field (inclusive from, exclusive to).
  std::optional<TimePoint> from;
  std::optional<TimePoint> to;
  // Sort field (whitelisted; empty = "id") and direction. Ties break by id ascending.
  std::string sort;
  bool descending = false;
  int64_t limit = 50;  // 1..1000
  int64_t offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;  // rows matching the filters, ignoring limit/offset
};

}  // namespace kerf::store
