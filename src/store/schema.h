// Internal: the migration SQL texts (one constant per migration file).
#pragma once

namespace kerf::store::detail {

extern const char* const kSchemaV1;
extern const char* const kSchemaV2;
extern const char* const kSchemaV3;
extern const char* const kSchemaV4;
extern const char* const kSchemaV5;
extern const char* const kSchemaV6;
extern const char* const kSchemaV7;
extern const char* const kSchemaV8;   // the Sigmanest ledger
extern const char* const kSchemaV9;   // nest_slots
extern const char* const kSchemaV10;  // agents, approvals, customer messages
extern const char* const kSchemaV11;  // nests.remnants_reported
extern const char* const kSchemaV12;  // sigmanest_remnants
extern const char* const kSchemaV13;  // material_consumptions.sheet_share
extern const char* const kSchemaV14;  // events (topic, created_at)

}  // namespace kerf::store::detail
