#include "kerf/ingest/pipeline.h"

#include <mutex>

namespace kerf::ingest {

struct Pipeline::Impl {
  mutable std::mutex mu;
  std::vector<std::unique_ptr<Transform>> transforms;
  std::vector<std::shared_ptr<Sink>> sinks;
  PipelineStats stats;
};

Pipeline::Pipeline() : impl_(std::make_unique<Impl>()) {}
Pipeline::~Pipeline() = default;

void Pipeline::add_transform(std::unique_ptr<Transform> t) {
  std::lock_guard lock(impl_->mu);
  impl_->transforms.push_back(std::move(t));
}

void Pipeline::add_sink(std::shared_ptr<Sink> s) {
  std::lock_guard lock(impl_->mu);
  impl_->sinks.push_back(std::move(s));
}

Status Pipeline::push(std::vector<Sample> batch) {
  std::lock_guard lock(impl_->mu);
  impl_->stats.samples_in += batch.size();
  std::vector<Sample> next;
  for (const auto& t : impl_->transforms) {
    next.clear();
    next.reserve(batch.size());
    for (Sample& s : batch) t->apply(std::move(s), next);
    batch.swap(next);
  }
  impl_->stats.samples_out += batch.size();
  if (batch.empty()) return ok_status();
  Status first = ok_status();
  for (const auto& sink : impl_->sinks) {
    Status st = sink->consume(batch);
    if (st.ok()) continue;
    ++impl_->stats.sink_failures;
    impl_->stats.last_error = std::string(sink->name()) + ": " + st.error().message;
    if (first.ok()) first = st;
  }
  return first;
}

PipelineStats Pipeline::stats() const {
  std::lock_guard lock(impl_->mu);
  PipelineStats s = impl_->stats;
  s.dropped = 0;
  for (const auto& t : impl_->transforms) s.dropped += t->dropped();
  return s;
}

}  // namespace kerf::ingest
