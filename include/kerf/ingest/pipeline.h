// Ingestion as source -> pipeline of small transforms -> sinks (MTConnect cppagent's pipeline
// contract). Each stage is testable without sockets: a test pushes Samples into a Pipeline and
// reads what a sink received.
//
// Threading: a Pipeline serialises push() with a mutex, so sources on several threads may share
// one. Transforms and sinks are called on the pushing thread, never concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest {

// A step between sources and sinks: filters, enriches or derives samples.
class Transform {
 public:
  virtual ~Transform() = default;
  virtual std::string_view name() const = 0;
  // Consumes `in`; appends zero or more samples to `out` (`in` itself when it passes on,
  // derived samples after it). Never fails: an unusable sample is dropped and counted.
  virtual void apply(Sample in, std::vector<Sample>& out) = 0;
  virtual uint64_t dropped() const { return 0; }
};

// Where samples end: the telemetry store, the app's machine use cases, an MQTT forwarder.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string_view name() const = 0;
  // Takes a batch in order. An error means the batch was not (fully) accepted; the pipeline
  // reports it to the source, which must not acknowledge the batch upstream.
  virtual Status consume(std::span<const Sample> batch) = 0;
};

// Counters of one pipeline since construction (for /metrics and logs).
struct PipelineStats {
  uint64_t samples_in = 0;       // pushed by sources
  uint64_t samples_out = 0;      // after transforms, handed to sinks
  uint64_t dropped = 0;          // sum of the transforms' dropped()
  uint64_t sink_failures = 0;    // consume() errors
  std::string last_error;        // "" until a sink fails
};

class Pipeline {
 public:
  Pipeline();
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Appends a transform / sink (before the first push()).
  void add_transform(std::unique_ptr<Transform> t);
  void add_sink(std::shared_ptr<Sink> s);

  // Runs `batch` through every transform in order, then hands the result to every sink in
  // order. Ok when every sink accepted it; otherwise the first error (all sinks are still
  // tried so one broken sink does not starve the others).
  Status push(std::vector<Sample> batch);

  PipelineStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Counters of one source since start.
struct SourceStats {
  std::string name;
  bool connected = false;
  uint64_t samples = 0;      // delivered to the pipeline
  uint64_t rejected = 0;     // malformed payloads / documents, each logged with its reason
  uint64_t reconnects = 0;
  std::string last_error;    // "" when none
};

// Delivers samples from one protocol connection. start() returns at once; the source runs on
// its own thread(s), reconnecting with backoff and jitter, until stop().
class Source {
 public:
  // Called with each batch; the source acknowledges the batch upstream (MQTT PUBACK, edge
  // buffer commit) only when the handler returns Ok.
  using Handler = std::function<Status(std::vector<Sample>)>;

  virtual ~Source() = default;
  virtual std::string_view name() const = 0;
  virtual Status start(Handler handler) = 0;
  virtual void stop() = 0;  // idempotent; joins the source's threads
  virtual SourceStats stats() const = 0;
};

}  // namespace kerf::ingest
