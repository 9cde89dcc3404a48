#include "kerf/store/customer_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Customer;

const detail::Table<Customer>& customers() {
  static const detail::Table<Customer> kTable = [] {
    detail::Table<Customer> t(
        {"customers", "customer", true, {"vip"}, {"code", "name"}, {"code", "name"}, ""},
        {detail::text_col("code", &Customer::code), detail::text_col("name", &Customer::name),
         detail::bool_col("vip", &Customer::vip)},
        &Customer::id, &Customer::version);
    t.validate = [](const Customer& c) { return c.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<Customer> get_customer(Tx& tx, int64_t id) { return customers().get(tx, id); }
Result<std::vector<Customer>> list_customers_by_ids(Tx& tx, std::span<const int64_t> ids) {
  return customers().select_in(tx, "id", ids);
}
Result<Page<Customer>> list_customers(Tx& tx, const ListQuery& q) {
  return customers().list(tx, q);
}
Result<Customer> insert_customer(Tx& tx, const Customer& v) { return customers().insert(tx, v); }
Result<Customer> update_customer(Tx& tx, const Customer& v) { return customers().update(tx, v); }
Status delete_customer(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return customers().remove(tx, id, expected_version);
}

}  // namespace kerf::store
