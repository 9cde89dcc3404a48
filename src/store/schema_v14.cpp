// Migration 14: events by topic and time. Readers that look for an event they may have raised
// already (the OEE watch's one alert per machine and day) read a topic's recent events; without
// the index that is a scan of the whole outbox, which holds every event of the retention window.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV14 = R"SQL(
CREATE INDEX events_topic_created ON events (topic, created_at);
)SQL";

}  // namespace kerf::store::detail
