// Internal: the migration SQL texts (one constant per migration file).
#pragma once

namespace kerf::store::detail {

extern const char* const kSchemaV1;

}  // namespace kerf::store::detail
