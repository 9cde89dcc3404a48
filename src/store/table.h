// Internal: declarative table mappings and the generic CRUD/list code every repository uses.
// SQL is assembled only from the mapping's constant column names; values are always bound.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store::detail {

enum class ColType { kInt, kDouble, kText, kBool, kTime };

template <typename T>
struct Column {
  std::string name;
  ColType type;
  std::function<Param(const T&)> to_param;
  std::function<Status(T&, const Row&, std::size_t)> from_row;
};

// Converts a filter value to the column's type (e.g. "12" -> 12 for an integer column).
Result<Param> coerce_filter(const Param& value, ColType type, const std::string& field);

// Common non-template parts of a table mapping.
struct TableInfo {
  std::string table;   // SQL table name, e.g. "jobs"
  std::string entity;  // entity name used in messages, e.g. "job"
  bool versioned = true;
  std::vector<std::string> filterable;  // column names allowed as equality filters
  std::vector<std::string> sortable;    // column names allowed as sort keys ("id" always ok)
  std::vector<std::string> searchable;  // text columns for ListQuery::search
  std::string date_column;              // column for ListQuery::from/to ("" = none)
};

// WHERE clause and parameters for a ListQuery (filters already coerced by the caller).
struct WhereClause {
  std::string sql;  // "" or " WHERE ..."
  std::vector<Param> params;
};

// Builds the ORDER BY / LIMIT part; validates sort, limit and offset.
Result<std::string> order_and_limit(const TableInfo& info, const ListQuery& q);
// Adds search and date-range conditions to `where`.
Status add_search_and_range(const TableInfo& info, const ListQuery& q, WhereClause& where);
// "job 12 was changed by someone else (version 3, you sent 2)" or "job 12 not found".
Error stale_or_missing(Tx& tx, const TableInfo& info, int64_t id, int64_t sent_version);
// Lower-cases ASCII and escapes LIKE wildcards with '\'.
std::string like_pattern(std::string_view search);

template <typename T>
class Table {
 public:
  Table(TableInfo info, std::vector<Column<T>> columns, int64_t T::*id, int64_t T::*version)
      : info_(std::move(info)), columns_(std::move(columns)), id_(id), version_(version) {
    std::string cols = info_.versioned ? "id, version" : "id";
    std::string names, marks, sets;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      const std::string sep = i ? ", " : "";
      cols += ", " + columns_[i].name;
      names += sep + columns_[i].name;
      marks += sep + "?";
      sets += sep + columns_[i].name + " = ?";
    }
    select_ = "SELECT " + cols + " FROM " + info_.table;
    if (info_.versioned) {
      insert_ = "INSERT INTO " + info_.table + " (" + names + ", version) VALUES (" + marks +
                ", 1) RETURNING id";
      update_ = "UPDATE " + info_.table + " SET " + sets +
                ", version = version + 1 WHERE id = ? AND version = ?";
    } else {
      insert_ =
          "INSERT INTO " + info_.table + " (" + names + ") VALUES (" + marks + ") RETURNING id";
      update_ = "UPDATE " + info_.table + " SET " + sets + " WHERE id = ?";
    }
  }

  const TableInfo& info() const { return info_; }
  const std::vector<Column<T>>& columns() const { return columns_; }

  // Optional hooks for child rows (loaded after select, replaced after insert/update).
  std::function<Status(Tx&, T&)> load_children;
  std::function<Status(Tx&, const T&)> save_children;
  // Optional invariant check run before insert/update.
  std::function<Status(const T&)> validate;

  Result<T> from_row(const Row& row) const {
    T t{};
    std::size_t i = 0;
    t.*id_ = row.get_int(i++);
    if (info_.versioned) t.*version_ = row.get_int(i++);
    for (const auto& c : columns_) {
      if (Status s = c.from_row(t, row, i++); !s.ok()) return s.error();
    }
    return t;
  }

  Result<std::vector<T>> map_rows(Tx& tx, const Rows& rows) const {
    std::vector<T> out;
    out.reserve(rows.size());
    for (const Row& r : rows) {
      auto t = from_row(r);
      if (!t.ok()) return t.error();
      if (load_children) {
        if (Status s = load_children(tx, *t); !s.ok()) return s.error();
      }
      out.push_back(std::move(t).value());
    }
    return out;
  }

  Result<T> get(Tx& tx, int64_t id) const {
    auto row = tx.query_one(select_ + " WHERE id = ?", {id});
    if (!row.ok()) return row.error();
    if (!row->has_value()) {
      return Error::not_found(info_.entity + " " + std::to_string(id) + " not found");
    }
    auto t = from_row(**row);
    if (!t.ok()) return t.error();
    if (load_children) {
      if (Status s = load_children(tx, *t); !s.ok()) return s.error();
    }
    return t;
  }

  // Rows matching a raw WHERE condition (constant SQL with ? params), in `order` order.
  Result<std::vector<T>> select_where(Tx& tx, const std::string& condition,
                                      std::span<const Param> params,
                                      const std::string& order = "id") const {
    auto rows = tx.query(select_ + " WHERE " + condition + " ORDER BY " + order, params);
    if (!rows.ok()) return rows.error();
    return map_rows(tx, *rows);
  }

  // Rows whose integer `column` (a constant column name) is one of `values`, in `order` order
  // within each chunk of at most 512 values (callers needing a global order sort afterwards).
  // One statement per chunk; a chunk's placeholder count is rounded up to a power of two
  // (padding repeats its last value) so the prepared-statement caches stay small. Child rows
  // are loaded per row only when `with_children`.
  Result<std::vector<T>> select_in(Tx& tx, const std::string& column,
                                   std::span<const int64_t> values, const std::string& order = "id",
                                   bool with_children = true) const {
    constexpr std::size_t kChunk = 512;
    std::vector<T> out;
    for (std::size_t at = 0; at < values.size(); at += kChunk) {
      const std::size_t n = std::min(kChunk, values.size() - at);
      std::size_t marks = 1;
      while (marks < n) marks *= 2;
      std::string sql = select_ + " WHERE " + column + " IN (";
      std::vector<Param> params;
      params.reserve(marks);
      for (std::size_t k = 0; k < marks; ++k) {
        sql += k == 0 ? "?" : ", ?";
        params.emplace_back(values[at + std::min(k, n - 1)]);
      }
      sql += ") ORDER BY " + order;
      auto rows = tx.query(sql, params);
      if (!rows.ok()) return rows.error();
      for (const Row& r : *rows) {
        auto t = from_row(r);
        if (!t.ok()) return t.error();
        if (with_children && load_children) {
          if (Status s = load_children(tx, *t); !s.ok()) return s.error();
        }
        out.push_back(std::move(t).value());
      }
    }
    return out;
  }

  Result<Page<T>> list(Tx& tx, const ListQuery& q) const {
    WhereClause where;
    std::vector<std::string> conds;
    for (const auto& [field, value] : q.filters) {
      const Column<T>* col = filter_column(field);
      if (col == nullptr && field != "id") {
        return Error::invalid(field, "cannot filter " + info_.table + " by '" + field + "'");
      }
      if (value.is_null()) {
        where.sql += (where.sql.empty() ? " WHERE " : " AND ") + field + " IS NULL";
        continue;
      }
      auto v = coerce_filter(value, col ? col->type : ColType::kInt, field);
      if (!v.ok()) return v.error();
      where.sql += (where.sql.empty() ? " WHERE " : " AND ") + field + " = ?";
      where.params.push_back(std::move(v).value());
    }
    if (Status s = add_search_and_range(info_, q, where); !s.ok()) return s.error();
    auto tail = order_and_limit(info_, q);
    if (!tail.ok()) return tail.error();

    Page<T> page;
    auto count = tx.query_one("SELECT COUNT(*) FROM " + info_.table + where.sql, where.params);
    if (!count.ok()) return count.error();
    page.total = (*count)->get_int(0);
    std::vector<Param> params = where.params;
    params.emplace_back(q.limit);
    params.emplace_back(q.offset);
    auto rows = tx.query(select_ + where.sql + *tail, params);
    if (!rows.ok()) return rows.error();
    auto items = map_rows(tx, *rows);
    if (!items.ok()) return items.error();
    page.items = std::move(items).value();
    return page;
  }

  Result<T> insert(Tx& tx, T t) const {
    if (validate) {
      if (Status s = validate(t); !s.ok()) return s.error();
    }
    std::vector<Param> params;
    params.reserve(columns_.size());
    for (const auto& c : columns_) params.push_back(c.to_param(t));
    auto id = tx.insert_returning_id(insert_, params);
    if (!id.ok()) return id.error();
    t.*id_ = *id;
    if (info_.versioned) t.*version_ = 1;
    if (save_children) {
      if (Status s = save_children(tx, t); !s.ok()) return s.error();
    }
    return t;
  }

  Result<T> update(Tx& tx, T t) const {
    if (validate) {
      if (Status s = validate(t); !s.ok()) return s.error();
    }
    std::vector<Param> params;
    params.reserve(columns_.size() + 2);
    for (const auto& c : columns_) params.push_back(c.to_param(t));
    params.emplace_back(t.*id_);
    if (info_.versioned) params.emplace_back(t.*version_);
    auto n = tx.exec(update_, params);
    if (!n.ok()) return n.error();
    if (*n == 0) return stale_or_missing(tx, info_, t.*id_, info_.versioned ? t.*version_ : -1);
    if (info_.versioned) t.*version_ += 1;
    if (save_children) {
      if (Status s = save_children(tx, t); !s.ok()) return s.error();
    }
    return t;
  }

  Status remove(Tx& tx, int64_t id, std::optional<int64_t> expected_version) const {
    Result<int64_t> n =
        expected_version && info_.versioned
            ? tx.exec("DELETE FROM " + info_.table + " WHERE id = ? AND version = ?",
                      {id, *expected_version})
            : tx.exec("DELETE FROM " + info_.table + " WHERE id = ?", {id});
    if (!n.ok()) return n.error();
    if (*n == 0) return stale_or_missing(tx, info_, id, expected_version.value_or(-1));
    return ok_status();
  }

 private:
  const Column<T>* filter_column(const std::string& field) const {
    bool allowed = false;
    for (const auto& f : info_.filterable) allowed = allowed || f == field;
    if (!allowed) return nullptr;
    for (const auto& c : columns_) {
      if (c.name == field) return &c;
    }
    return nullptr;
  }

  TableInfo info_;
  std::vector<Column<T>> columns_;
  int64_t T::*id_;
  int64_t T::*version_;
  std::string select_, insert_, update_;
};

// ---- column builders ------------------------------------------------------------------------

template <typename T, typename M>
Column<T> int_col(const char* name, M T::*m) {
  return {name, ColType::kInt, [m](const T& t) { return Param(static_cast<int64_t>(t.*m)); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = static_cast<M>(r.get_int(i));
            return ok_status();
          }};
}

// An id reference where 0 means "none" and is stored as NULL.
template <typename T>
Column<T> ref_col(const char* name, int64_t T::*m) {
  return {name, ColType::kInt, [m](const T& t) { return t.*m == 0 ? Param() : Param(t.*m); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = r.opt_int(i).value_or(0);
            return ok_status();
          }};
}

template <typename T>
Column<T> double_col(const char* name, double T::*m) {
  return {name, ColType::kDouble, [m](const T& t) { return Param(t.*m); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = r.get_double(i);
            return ok_status();
          }};
}

template <typename T>
Column<T> text_col(const char* name, std::string T::*m) {
  return {name, ColType::kText, [m](const T& t) { return Param(t.*m); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = r.get_text(i);
            return ok_status();
          }};
}

template <typename T>
Column<T> bool_col(const char* name, bool T::*m) {
  return {name, ColType::kBool, [m](const T& t) { return Param(t.*m); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = r.get_bool(i);
            return ok_status();
          }};
}

template <typename T>
Column<T> time_col(const char* name, TimePoint T::*m) {
  return {name, ColType::kTime, [m](const T& t) { return Param(t.*m); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = r.get_time(i);
            return ok_status();
          }};
}

template <typename T>
Column<T> opt_time_col(const char* name, std::optional<TimePoint> T::*m) {
  return {name, ColType::kTime, [m](const T& t) { return Param(t.*m); },
          [m](T& t, const Row& r, std::size_t i) {
            t.*m = r.opt_time(i);
            return ok_status();
          }};
}

// An enum stored by its stable name; `parse` is the model's parse_* function.
template <typename T, typename E, typename Parse>
Column<T> enum_col(const char* name, E T::*m, Parse parse) {
  return {name, ColType::kText, [m](const T& t) { return Param(std::string(to_string(t.*m))); },
          [m, parse, name](T& t, const Row& r, std::size_t i) -> Status {
            auto v = parse(r.get_text(i));
            if (!v.ok()) {
              return Error::internal(std::string("corrupt ") + name +
                                     " in database: " + v.error().message);
            }
            t.*m = *v;
            return ok_status();
          }};
}

}  // namespace kerf::store::detail
