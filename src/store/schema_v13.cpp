// Migration 13: each material consumption carries the job's share of the sheets it names. A
// program of several jobs traces every job to its sheets (`quantity` = the sheets cut), and
// `sheet_share` says how much of them each job used (by its pieces' area), so shares of one cut
// sum to the sheets consumed (docs/nests.md "cut_program"). Rows before: share = quantity.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV13 = R"SQL(
ALTER TABLE material_consumptions ADD COLUMN sheet_share DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE material_consumptions SET sheet_share = quantity;
)SQL";

}  // namespace kerf::store::detail
