// JSON schemas (OpenAPI 3.1) of what the API returns: one named component per entity, matching
// app/entity_json.cpp, the scheduling run documents (app/scheduling) and the route handlers
// member for member. Our own objects set additionalProperties false, so tests/api validating real
// responses against them catch a member added to a handler but not here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kerf::api::schemas {

// {"$ref": "#/components/schemas/<name>"}; `name` must be a key of components().
nlohmann::json ref(const std::string& name);

// The body of a list route, {"items": [<name>], "total": integer}.
nlohmann::json list_of(const std::string& name);

// Every named schema (the document's components.schemas), Problem included.
nlohmann::json components();

// The named schemas, one function each (components() collects them).
nlohmann::json problem();
nlohmann::json health();
nlohmann::json customer();
nlohmann::json part();
nlohmann::json capabilities();
nlohmann::json work_center();
nlohmann::json calendar();
nlohmann::json job();
nlohmann::json job_detail();
nlohmann::json operation();
nlohmann::json operation_outcome();
nlohmann::json schedule_slot();
nlohmann::json schedule_slot_view();
nlohmann::json tool();
nlohmann::json user();
nlohmann::json login_response();
nlohmann::json me();
nlohmann::json sheet();
nlohmann::json heat_lot();
nlohmann::json receive_result();
nlohmann::json consume_result();
nlohmann::json departments();
nlohmann::json audit_entry();
nlohmann::json event();
nlohmann::json import_result();
// Machines (openapi_machine_schemas.cpp).
nlohmann::json machine();
nlohmann::json machine_timeline();
nlohmann::json machine_signals();
nlohmann::json oee_figures();
nlohmann::json oee_report();
nlohmann::json department_oee();
nlohmann::json run_metrics();
nlohmann::json proposed_slot();
nlohmann::json board_nest();
nlohmann::json late_job();
nlohmann::json conflict();
nlohmann::json load_bucket();
nlohmann::json schedule_run();
nlohmann::json commit_result();
nlohmann::json load();
nlohmann::json conflicts();

// Views of the UI routes (openapi_view_schemas.cpp).
nlohmann::json board_slot();
nlohmann::json off_shift();
nlohmann::json downtime();
nlohmann::json board();
nlohmann::json run_summary();
nlohmann::json dashboard();
nlohmann::json dispatch_item();
nlohmann::json dispatch_list();
nlohmann::json job_history_entry();
nlohmann::json consumption();
nlohmann::json job_materials();
nlohmann::json heat_lot_trace();

// Nests and Sigmanest (openapi_nest_schemas.cpp); nest_components() are merged into components().
nlohmann::json nest();
nlohmann::json laser_queue_entry();
nlohmann::json laser_queue();
nlohmann::json nest_efficiency();
nlohmann::json sigmanest_status();
nlohmann::json sigmanest_outbound_row();
nlohmann::json sigmanest_sync_entry();
nlohmann::json trace_nest();
nlohmann::json nest_components();

// Approvals and agents (openapi_agent_schemas.cpp); agent_components() are merged into
// components().
nlohmann::json approval();
nlohmann::json approval_counts();
nlohmann::json agent_thread();
nlohmann::json agent_step();
nlohmann::json agent_thread_detail();
nlohmann::json ask_answer();
nlohmann::json agent_status();
nlohmann::json agent_components();

}  // namespace kerf::api::schemas
