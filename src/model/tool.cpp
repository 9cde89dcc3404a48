#include "kerf/model/tool.h"

#include "kerf/model/validation.h"

namespace kerf::model {

Status Tool::validate() const {
  FieldErrors errors;
  check_code(errors, "code", code);
  check_optional_text(errors, "description", description);
  if (life_hits_max <= 0) errors.add("life_hits_max", "must be greater than 0");
  if (hits_used < 0) errors.add("hits_used", "must not be negative");
  return errors.status();
}

}  // namespace kerf::model
