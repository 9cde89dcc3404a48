#include "store/table.h"

#include <charconv>

namespace kerf::store::detail {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v) {
    if (x == s) return true;
  }
  return false;
}

}  // namespace

Result<Param> coerce_filter(const Param& value, ColType type, const std::string& field) {
  auto bad = [&](const char* what) {
    return Error::invalid(field, std::string("must be ") + what);
  };
  switch (type) {
    case ColType::kText:
      if (value.kind() == Param::Kind::kText) return value;
      if (value.kind() == Param::Kind::kInt) return Param(std::to_string(value.as_int()));
      return bad("text");
    case ColType::kInt:
    case ColType::kTime:
      if (value.kind() == Param::Kind::kInt) return value;
      if (value.kind() == Param::Kind::kText) {
        const std::string& s = value.as_text();
        int64_t v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return Param(v);
      }
      return bad("an integer");
    case ColType::kDouble:
      if (value.kind() == Param::Kind::kDouble) return value;
      if (value.kind() == Param::Kind::kInt) return Param(static_cast<double>(value.as_int()));
      if (value.kind() == Param::Kind::kText) {
        try {
          std::size_t used = 0;
          double d = std::stod(value.as_text(), &used);
          if (used == value.as_text().size()) return Param(d);
        } catch (const std::exception&) {
        }
      }
      return bad("a number");
    case ColType::kBool:
      if (value.kind() == Param::Kind::kBool) return value;
      if (value.kind() == Param::Kind::kInt) return Param(value.as_int() != 0);
      if (value.kind() == Param::Kind::kText) {
        if (value.as_text() == "true" || value.as_text() == "1") return Param(true);
        if (value.as_text() == "false" || value.as_text() == "0") return Param(false);
      }
      return bad("true or false");
  }
  return bad("valid");
}

std::string like_pattern(std::string_view search) {
  std::string out = "%";
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out += '%';
  return out;
}

Status add_search_and_range(const TableInfo& info, const ListQuery& q, WhereClause& where) {
  auto add = [&](const std::string& cond) {
    where.sql += (where.sql.empty() ? " WHERE " : " AND ") + cond;
  };
  if (!q.search.empty()) {
    if (info.searchable.empty()) {
      return Error::invalid("search", info.table + " do not support text search");
    }
    std::string cond = "(";
    std::string pattern = like_pattern(q.search);
    for (std::size_t i = 0; i < info.searchable.size(); ++i) {
      if (i) cond += " OR ";
      cond += "LOWER(" + info.searchable[i] + ") LIKE ? ESCAPE '\\'";
      where.params.emplace_back(pattern);
    }
    add(cond + ")");
  }
  if (q.from || q.to) {
    if (info.date_column.empty()) {
      return Error::invalid("from", info.table + " have no date to filter by");
    }
    if (q.from) {
      add(info.date_column + " >= ?");
      where.params.emplace_back(*q.from);
    }
    if (q.to) {
      add(info.date_column + " < ?");
      where.params.emplace_back(*q.to);
    }
  }
  return ok_status();
}

Result<std::string> order_and_limit(const TableInfo& info, const ListQuery& q) {
  if (q.limit < 1 || q.limit > 1000) return Error::invalid("limit", "must be between 1 and 1000");
  if (q.offset < 0) return Error::invalid("offset", "must be >= 0");
  std::string sort = q.sort.empty() ? "id" : q.sort;
  if (sort != "id" && !contains(info.sortable, sort)) {
    std::string allowed = "id";
    for (const auto& s : info.sortable) allowed += ", " + s;
    return Error::invalid(
        "sort", "cannot sort " + info.table + " by '" + sort + "' (allowed: " + allowed + ")");
  }
  std::string out = " ORDER BY " + sort + (q.descending ? " DESC" : " ASC");
  if (sort != "id") out += ", id ASC";
  return out + " LIMIT ? OFFSET ?";
}

Error stale_or_missing(Tx& tx, const TableInfo& info, int64_t id, int64_t sent_version) {
  const std::string what = info.entity + " " + std::to_string(id);
  if (!info.versioned || sent_version < 0) return Error::not_found(what + " not found");
  auto row = tx.query_one("SELECT version FROM " + info.table + " WHERE id = ?", {id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return Error::not_found(what + " not found");
  return Error::conflict(what + " was changed by someone else (version " +
                         std::to_string((*row)->get_int(0)) + ", you sent " +
                         std::to_string(sent_version) + ")");
}

}  // namespace kerf::store::detail
