// Inbound: Sigmanest names -> kerf ids, through app queries only (private to integrations).
// Jobs: the ItemData job slot first (cross-checked with WONumber when both are given), else
// WONumber = job number. Parts: the ItemData part slot first, else PartName = part number (the
// job's own part preferred when several revisions share the number). Sheets: SheetName is the
// kerf sheet code "S" + zero-padded id ("S000123") or the name of a remnant Sigmanest reported
// (SigmanestLedger::remnant_sheet); HeatNumber, when given, must be the number of the sheet's
// heat lot. Failures that are the packet's fault are kInvalidArgument naming
// "<Table>.<Column>"; transient ones (database) pass through unchanged. Results are cached for
// the resolver's lifetime (one poll).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/program_event.h"

namespace kerf::app {
class Services;
}

namespace kerf::integrations::sigmanest {

// "S000123" -> 123; nullopt for anything else.
std::optional<int64_t> parse_sheet_code(std::string_view name);

class NameResolver {
 public:
  NameResolver(app::Services& services, const app::Principal& who)
      : services_(services), who_(who) {}

  struct JobPart {
    int64_t job_id = 0;
    int64_t part_id = 0;
  };
  // The kerf job and part of a program's part line.
  Result<JobPart> resolve(const EventPart& part);
  // The kerf sheet of `sheet_name`, its heat lot checked against `heat_number` ("" = unchecked).
  Result<int64_t> sheet(const std::string& sheet_name, const std::string& heat_number);

 private:
  Result<int64_t> job_by_number(const EventPart& part);
  Result<int64_t> part_by_number(const EventPart& part, int64_t job_part_id);

  app::Services& services_;
  const app::Principal& who_;
  std::map<std::string, int64_t> jobs_;         // number -> id
  std::map<int64_t, std::string> job_numbers_;  // id -> number
  std::map<int64_t, int64_t> job_parts_;        // job id -> its part id
  std::map<std::string, int64_t> parts_;        // number -> id
};

}  // namespace kerf::integrations::sigmanest
