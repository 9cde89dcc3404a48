// Customers.
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/customer.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- customer (customers) ----
// list_customers: filters {vip}; search over {code, name};
// sort by {id, code, name}; date range (from/to) on none.
Result<model::Customer> get_customer(Tx& tx, int64_t id);  // kNotFound "customer 12 not found"
Result<Page<model::Customer>> list_customers(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
// The customers with these ids (missing ids skipped), by id.
Result<std::vector<model::Customer>> list_customers_by_ids(Tx& tx, std::span<const int64_t> ids);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Customer> insert_customer(Tx& tx, const model::Customer& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Customer> update_customer(Tx& tx, const model::Customer& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_customer(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
