// Outbound queueing, sending and tracking (docs/sigmanest_outbound.md).
#include "kerf/integrations/sigmanest/outbound.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <set>

// Returns the error of a Status/Result expression from the enclosing function.
#define SN_TRY(expr)                                         \
  do {                                                       \
    auto sn_try_result_ = (expr);                            \
    if (!sn_try_result_.ok()) return sn_try_result_.error(); \
  } while (0)

namespace kerf::integrations::sigmanest {
namespace {

using app::OutboundRow;
using app::OutboundStatus;

constexpr int64_t kEventBatch = 500;      // outbox events per enqueue transaction
constexpr int64_t kMaxSendBatches = 100;  // gateway batches per send() call
constexpr int64_t kTrackBatch = 1000;     // sent rows checked per states() call

// Codes whose second application changes nothing (absolute values).
bool idempotent(std::string_view type) {
  return type == kSN84 || type == kSN81 || type == kSN87 || type == kSN91A || type == kSN73N ||
         type == kSN73C;
}

std::string describe(const Error& e) {
  if (e.fields.empty()) return e.message;
  std::string s;
  for (const auto& f : e.fields) s += (s.empty() ? "" : "; ") + f.field + ": " + f.message;
  return s;
}

// Validates the row as it will be written (the ledger assigns a TransID of at most 10
// characters; a placeholder of that length stands in for it).
Status validate_mapped(const TransActRow& row) {
  TransActRow probe = row;
  if (probe.trans_id.empty()) probe.trans_id = "K000000000";
  return validate(probe);
}

// The ledger row of a mapped row: queued, or refused with the field named (counted in stats).
OutboundRow outbound_row(const MappedRow& m, int64_t event_id, OutboundStats& stats) {
  OutboundRow r;
  r.trans_type = m.row.trans_type;
  r.district = m.row.district;
  r.columns = m.row.columns;
  r.entity = m.entity;
  r.entity_id = m.entity_id;
  r.event_id = event_id;
  if (Status v = validate_mapped(m.row); !v.ok()) {
    r.status = OutboundStatus::kRefused;
    r.error = describe(v.error());
    ++stats.refused;
    spdlog::warn("sigmanest: {} for {} {} refused: {}", r.trans_type, r.entity, r.entity_id,
                 r.error);
  } else {
    ++stats.queued;
  }
  return r;
}

TransActRow transact_of(const OutboundRow& r) {
  TransActRow t;
  t.trans_type = r.trans_type;
  t.district = r.district;
  t.trans_id = r.trans_id;
  t.columns = r.columns;
  return t;
}

std::vector<int64_t> ids_of(const std::vector<OutboundRow>& rows) {
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const auto& r : rows) ids.push_back(r.id);
  return ids;
}

void add(OutboundStats& into, const OutboundStats& s) {
  into.events += s.events;
  into.queued += s.queued;
  into.refused += s.refused;
  into.sent += s.sent;
  into.recovered += s.recovered;
  into.consumed += s.consumed;
  into.applied += s.applied;
  into.failed += s.failed;
  into.lost += s.lost;
  into.simtrans_stopped = into.simtrans_stopped || s.simtrans_stopped;
}

std::string column_or_empty(const OutboundRow& r, const char* name) {
  auto it = r.columns.find(name);
  return it == r.columns.end() ? "" : it->second;
}

// What a row's effect is about: the work order, a part on it, a stock item or a program.
std::string effect_key(const OutboundRow& r) {
  const std::string& t = r.trans_type;
  if (t == kSN84 || t == kSN81 || t == kSN82) {
    return "part|" + column_or_empty(r, "OrderNo") + "|" + column_or_empty(r, "ItemName");
  }
  if (t == kSN87 || t == kSN89) return "wo|" + column_or_empty(r, "OrderNo");
  if (t == kSN94 || t == kSN91A || t == kSN92) return "stock|" + column_or_empty(r, "ItemName");
  if (t == kSN73N || t == kSN73C || t == kSN70 || t == kSN78R || t == kSN74) {
    return "program|" + column_or_empty(r, "ProgramName");
  }
  return "row|" + r.trans_id;
}

// Whether a later row of `group` (higher id) changes the same effect, or cancels its work order.
bool superseded(const OutboundRow& r, const std::vector<const OutboundRow*>& group) {
  const std::string key = effect_key(r);
  const std::string order = column_or_empty(r, "OrderNo");
  for (const OutboundRow* other : group) {
    if (other->id <= r.id) continue;
    if (effect_key(*other) == key) return true;
    if (other->trans_type == kSN89 && !order.empty() &&
        column_or_empty(*other, "OrderNo") == order) {
      return true;
    }
  }
  return false;
}

int64_t payload_id(const nlohmann::json& j) {
  if (!j.is_object()) return 0;
  auto it = j.find("id");
  if (it == j.end() || !it->is_number_integer()) return 0;
  return it->get<int64_t>();
}

}  // namespace

Outbound::Outbound(app::Services& services, Gateway& gateway, const SigmanestConfig& config,
                   app::Principal who)
    : services_(services), gateway_(gateway), config_(config), who_(std::move(who)) {}

Result<TimeZone> Outbound::zone() {
  if (zone_) return *zone_;
  auto name = services_.auth().plant_time_zone();
  if (!name.ok()) return name.error();
  auto z = TimeZone::load(*name);
  if (!z.ok()) return z.error();
  zone_ = *z;
  return *zone_;
}

Result<bool> Outbound::sent_before(const std::string& entity, int64_t id,
                                   std::initializer_list<std::string_view> types) {
  for (std::string_view type : types) {
    store::ListQuery q;
    q.filters["entity"] = entity;
    q.filters["entity_id"] = id;
    q.filters["trans_type"] = std::string(type);
    q.limit = 1000;
    auto page = services_.sigmanest().outbound(who_, q);
    if (!page.ok()) return page.error();
    for (const auto& r : page->items) {
      if (r.status != OutboundStatus::kRefused) return true;
    }
  }
  return false;
}

Result<JobFacts> Outbound::job_facts(int64_t job_id) {
  JobFacts f;
  auto detail = services_.jobs().get(who_, job_id);
  if (!detail.ok()) return detail.error();
  f.job = detail->job;
  f.operations = detail->operations;
  auto part = services_.master_data().get<model::Part>(who_, f.job.part_id);
  if (!part.ok()) return part.error();
  f.part = *part;
  auto customer = services_.master_data().get<model::Customer>(who_, f.job.customer_id);
  if (!customer.ok()) return customer.error();
  f.customer = *customer;
  auto sent = sent_before("job", job_id, {kSN87, kSN84});
  if (!sent.ok()) return sent.error();
  f.sent_before = *sent;
  return f;
}

Result<std::optional<SheetFacts>> Outbound::sheet_facts(int64_t sheet_id) {
  store::ListQuery q;
  q.filters["id"] = sheet_id;
  auto sheets = services_.materials().list_sheets(who_, q);
  if (!sheets.ok()) return sheets.error();
  if (sheets->items.empty()) return std::optional<SheetFacts>{};
  SheetFacts f;
  f.sheet = sheets->items.front();
  store::ListQuery hq;
  hq.filters["id"] = f.sheet.heat_lot_id;
  auto lots = services_.materials().list_heat_lots(who_, hq);
  if (!lots.ok()) return lots.error();
  if (!lots->items.empty()) f.heat_number = lots->items.front().number;
  auto sent = sent_before("sheet", sheet_id, {kSN94});
  if (!sent.ok()) return sent.error();
  f.sent_before = *sent;
  if (f.sheet.is_remnant) {
    auto name = services_.sigmanest().remnant_name(who_, sheet_id);
    if (!name.ok()) return name.error();
    f.sigmanest_name = name->value_or("");
  }
  return std::optional<SheetFacts>(std::move(f));
}

Result<std::vector<MappedRow>> Outbound::rows_for(const store::OutboxEvent& event) {
  const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
  const int64_t id = payload_id(payload);
  if (id <= 0) return std::vector<MappedRow>{};
  if (auto change = job_change_of(event.topic)) {
    auto facts = job_facts(id);
    if (!facts.ok()) {
      if (facts.error().code == ErrorCode::kNotFound) return std::vector<MappedRow>{};
      return facts.error();
    }
    auto z = zone();
    if (!z.ok()) return z.error();
    return map_job_change(*change, *facts, config_, *z);
  }
  if (event.topic == "material.received" || event.topic == "material.consumed") {
    const bool consumed = event.topic == "material.consumed";
    // A program's consumption is Sigmanest's own (its SN102 took the sheet) or goes out with
    // the program's SN70 (nest.cut below): echoing it would count the sheet twice, once per
    // job of the program, against Sigmanest's in-process sheets.
    if (consumed && payload.contains("nest_id")) return std::vector<MappedRow>{};
    auto facts = sheet_facts(id);
    if (!facts.ok()) return facts.error();
    if (!*facts) return std::vector<MappedRow>{};
    if (consumed) {
      (*facts)->consumed_outside_programs = true;
      // A consumption of a sheet Sigmanest never got is nothing to Sigmanest.
      if (!(*facts)->sent_before && (*facts)->sigmanest_name.empty()) {
        return std::vector<MappedRow>{};
      }
    }
    return map_sheet(**facts, config_);
  }
  if (auto facts = program_facts_of(event.topic, payload)) {
    auto rows = map_program_change(*facts, config_);
    // SN70 makes Sigmanest take the sheet as well: the stock's absolute quantity in kerf (the
    // cut already consumed it, and its SN91A went out before) is sent again after it.
    if (facts->change == ProgramChange::kDone && facts->sheet_id > 0) {
      auto sheet = sheet_facts(facts->sheet_id);
      if (!sheet.ok()) return sheet.error();
      if (*sheet && (*sheet)->sent_before) {
        for (auto& m : map_sheet(**sheet, config_)) rows.push_back(std::move(m));
      }
    }
    return rows;
  }
  return std::vector<MappedRow>{};  // Sigmanest's own program changes are never echoed back
}

Result<OutboundStats> Outbound::queue_events() {
  OutboundStats stats;
  for (;;) {
    auto events = services_.sigmanest().events_after_cursor(who_, kEventBatch);
    if (!events.ok()) return events.error();
    if (events->empty()) break;
    std::vector<OutboundRow> rows;
    // Rows queued by earlier events of this batch count as sent before for later ones.
    std::set<std::pair<std::string, int64_t>> mapped;
    for (const auto& event : *events) {
      auto mapped_rows = rows_for(event);
      if (!mapped_rows.ok()) return mapped_rows.error();
      for (auto& m : *mapped_rows) rows.push_back(outbound_row(m, event.id, stats));
      ++stats.events;
    }
    auto stored = services_.sigmanest().enqueue(who_, std::move(rows), events->back().id);
    if (!stored.ok()) return stored.error();
    if (static_cast<int64_t>(events->size()) < kEventBatch) break;
  }
  return stats;
}

Result<OutboundStats> Outbound::send() {
  OutboundStats stats;
  auto& ledger = services_.sigmanest();
  // 1. In-doubt rows: an attempt was recorded but never marked sent (crash between the gateway
  //    transaction and the mark). Ask the gateway before sending them again.
  auto queued = ledger.rows_with_status(who_, OutboundStatus::kQueued, 100000);
  if (!queued.ok()) return queued.error();
  std::vector<OutboundRow> doubt;
  for (const auto& r : *queued) {
    if (r.attempts > 0 && !r.sent_at) doubt.push_back(r);
  }
  if (!doubt.empty()) {
    std::vector<std::string> ids;
    for (const auto& r : doubt) ids.push_back(r.trans_id);
    auto states = gateway_.states(ids);
    if (!states.ok()) return states.error();
    std::vector<int64_t> in_transact, errored, applied, lost;
    for (size_t i = 0; i < doubt.size(); ++i) {
      const OutboundRow& r = doubt[i];
      switch ((*states)[i]) {
        case RowState::kWaiting:
          in_transact.push_back(r.id);
          break;
        case RowState::kErrored:
          in_transact.push_back(r.id);
          errored.push_back(r.id);
          break;
        case RowState::kGone: {
          auto v = gateway_.verify(transact_of(r));
          if (!v.ok()) return v.error();
          if (*v && **v) {
            applied.push_back(r.id);
          } else if (!*v && !idempotent(r.trans_type)) {
            lost.push_back(r.id);  // cannot tell, and sending it twice is not harmless
          }
          break;  // not there and not applied (or harmless to repeat): send again below
        }
      }
    }
    SN_TRY(ledger.mark(who_, in_transact, OutboundStatus::kSent));
    SN_TRY(ledger.mark(who_, errored, OutboundStatus::kFailed,
                       "ErrorTag = 1: SimTrans failed the row (see its event log)"));
    if (!applied.empty()) {
      SN_TRY(ledger.mark(who_, applied, OutboundStatus::kSent));
      SN_TRY(ledger.mark(who_, applied, OutboundStatus::kApplied));
    }
    SN_TRY(ledger.mark(who_, lost, OutboundStatus::kLost,
                       "in doubt after a crash between submit and mark; the gateway "
                       "cannot verify it and " +
                           std::string("resending is not idempotent")));
    stats.recovered += static_cast<int64_t>(in_transact.size() + applied.size());
    stats.failed += static_cast<int64_t>(errored.size());
    stats.lost += static_cast<int64_t>(lost.size());
  }
  // 2. Queued rows in batches, one gateway transaction each.
  for (int64_t batch = 0; batch < kMaxSendBatches; ++batch) {
    auto rows = ledger.rows_with_status(who_, OutboundStatus::kQueued, config_.batch_size);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) break;
    std::vector<OutboundRow> good;
    for (auto& r : *rows) {
      if (Status v = validate(transact_of(r)); !v.ok()) {
        SN_TRY(ledger.mark(who_, {r.id}, OutboundStatus::kRefused, describe(v.error())));
        ++stats.refused;
        continue;
      }
      good.push_back(r);
    }
    if (good.empty()) continue;
    const auto ids = ids_of(good);
    SN_TRY(ledger.begin_attempt(who_, ids));
    std::vector<TransActRow> out;
    out.reserve(good.size());
    for (const auto& r : good) out.push_back(transact_of(r));
    if (Status s = gateway_.submit(out); !s.ok()) return s.error();
    SN_TRY(ledger.mark(who_, ids, OutboundStatus::kSent));
    stats.sent += static_cast<int64_t>(ids.size());
    if (static_cast<int>(rows->size()) < config_.batch_size) break;
  }
  return stats;
}

Result<OutboundStats> Outbound::track() {
  OutboundStats stats;
  auto& ledger = services_.sigmanest();
  auto sent = ledger.rows_with_status(who_, OutboundStatus::kSent, 100000);
  if (!sent.ok()) return sent.error();
  const TimePoint now = services_.env().now();
  const auto patience = config_.poll_interval * config_.stopped_after_polls;
  for (size_t at = 0; at < sent->size(); at += kTrackBatch) {
    const size_t end = std::min(sent->size(), at + static_cast<size_t>(kTrackBatch));
    std::vector<std::string> ids;
    for (size_t i = at; i < end; ++i) ids.push_back((*sent)[i].trans_id);
    auto states = gateway_.states(ids);
    if (!states.ok()) return states.error();
    std::vector<int64_t> gone, errored, applied, lost;
    std::vector<const OutboundRow*> gone_rows;
    for (size_t i = at; i < end; ++i) {
      const OutboundRow& r = (*sent)[i];
      switch ((*states)[i - at]) {
        case RowState::kWaiting:
          if (r.sent_at && now - *r.sent_at > patience) stats.simtrans_stopped = true;
          break;
        case RowState::kErrored:
          errored.push_back(r.id);
          break;
        case RowState::kGone:
          gone.push_back(r.id);
          gone_rows.push_back(&r);
          break;
      }
    }
    SN_TRY(ledger.mark(who_, gone, OutboundStatus::kConsumed));
    for (const OutboundRow* r : gone_rows) {
      // A later row consumed in the same pass overwrote this one's effect (SN84 qty changed,
      // SN87 then SN89...): its own effect can no longer be seen; SimTrans took it (no
      // ErrorTag), so it counts as applied.
      if (superseded(*r, gone_rows)) {
        applied.push_back(r->id);
        continue;
      }
      auto v = gateway_.verify(transact_of(*r));
      if (!v.ok()) return v.error();
      if (!*v) continue;  // this transport cannot tell: stays consumed
      (**v ? applied : lost).push_back(r->id);
    }
    SN_TRY(ledger.mark(who_, errored, OutboundStatus::kFailed,
                       "ErrorTag = 1: SimTrans failed the row (see its event log)"));
    SN_TRY(ledger.mark(who_, applied, OutboundStatus::kApplied));
    SN_TRY(ledger.mark(who_, lost, OutboundStatus::kLost,
                       "SimTrans consumed the row but Sigmanest's tables do not show "
                       "its effect"));
    stats.consumed += static_cast<int64_t>(gone.size());
    stats.failed += static_cast<int64_t>(errored.size());
    stats.applied += static_cast<int64_t>(applied.size());
    stats.lost += static_cast<int64_t>(lost.size());
  }
  return stats;
}

Result<OutboundStats> Outbound::initial_load() {
  OutboundStats stats;
  if (!config_.initial_load) return stats;
  auto& ledger = services_.sigmanest();
  auto done = ledger.initial_load_done(who_);
  if (!done.ok()) return done.error();
  if (*done) return stats;
  auto z = zone();
  if (!z.ok()) return z.error();
  std::vector<OutboundRow> rows;
  // Open work orders: what a release would have sent.
  for (model::JobStatus status : {model::JobStatus::kReleased, model::JobStatus::kInProgress}) {
    store::ListQuery q;
    q.filters["status"] = std::string(model::to_string(status));
    q.limit = 1000;
    for (;; q.offset += q.limit) {
      auto page = services_.jobs().list(who_, q);
      if (!page.ok()) return page.error();
      for (const model::Job& job : page->items) {
        auto facts = job_facts(job.id);
        if (!facts.ok()) return facts.error();
        for (const auto& m : map_job_change(JobChange::kRelease, *facts, config_, *z)) {
          rows.push_back(outbound_row(m, 0, stats));
        }
      }
      if (static_cast<int64_t>(page->items.size()) < q.limit) break;
    }
  }
  // Stock on hand: what a receipt would have sent (remnants map to nothing).
  store::ListQuery q;
  q.limit = 1000;
  for (;; q.offset += q.limit) {
    auto page = services_.materials().list_sheets(who_, q);
    if (!page.ok()) return page.error();
    for (const model::SheetStock& sheet : page->items) {
      if (sheet.quantity <= 0) continue;
      auto facts = sheet_facts(sheet.id);
      if (!facts.ok()) return facts.error();
      if (!*facts) continue;
      for (const auto& m : map_sheet(**facts, config_)) rows.push_back(outbound_row(m, 0, stats));
    }
    if (static_cast<int64_t>(page->items.size()) < q.limit) break;
  }
  auto stored = ledger.enqueue_initial_load(who_, std::move(rows));
  if (!stored.ok()) return stored.error();
  if (!*stored) return OutboundStats{};  // another node loaded first
  spdlog::info("sigmanest: initial load queued {} rows ({} refused)", stats.queued, stats.refused);
  return stats;
}

Result<OutboundStats> Outbound::run_once() {
  OutboundStats total;
  auto l = initial_load();
  if (!l.ok()) return l.error();
  add(total, *l);
  auto q = queue_events();
  if (!q.ok()) return q.error();
  add(total, *q);
  auto s = send();
  if (!s.ok()) return s.error();
  add(total, *s);
  auto t = track();
  if (!t.ok()) return t.error();
  add(total, *t);
  return total;
}

}  // namespace kerf::integrations::sigmanest
