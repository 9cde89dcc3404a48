#include "kerf/store/tool_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Tool;

const detail::Table<Tool>& tools() {
  static const detail::Table<Tool> kTable = [] {
    detail::Table<Tool> t({"tools",
                           "tool",
                           true,
                           {"kind"},
                           {"code", "kind", "hits_used"},
                           {"code", "description"},
                           ""},
                          {detail::text_col("code", &Tool::code),
                           detail::enum_col("kind", &Tool::kind, model::parse_tool_kind),
                           detail::text_col("description", &Tool::description),
                           detail::int_col("life_hits_max", &Tool::life_hits_max),
                           detail::int_col("hits_used", &Tool::hits_used)},
                          &Tool::id, &Tool::version);
    t.validate = [](const Tool& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<Tool> get_tool(Tx& tx, int64_t id) { return tools().get(tx, id); }
Result<Page<Tool>> list_tools(Tx& tx, const ListQuery& q) { return tools().list(tx, q); }
Result<Tool> insert_tool(Tx& tx, const Tool& v) { return tools().insert(tx, v); }
Result<Tool> update_tool(Tx& tx, const Tool& v) { return tools().update(tx, v); }
Status delete_tool(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return tools().remove(tx, id, expected_version);
}

}  // namespace kerf::store
