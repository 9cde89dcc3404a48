// Migration 11: nests remember whether Sigmanest's remnants of their cut are in stock. A program
// an operator finishes in kerf is cut before Sigmanest reports its offcuts (SN70, then SN102);
// remnants_reported stays false until that report adds them (docs/nests.md).
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV11 = R"SQL(
ALTER TABLE nests ADD COLUMN remnants_reported BOOLEAN NOT NULL DEFAULT TRUE;
)SQL";

}  // namespace kerf::store::detail
