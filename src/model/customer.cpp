#include "kerf/model/customer.h"

#include "kerf/model/validation.h"

namespace kerf::model {

Status Customer::validate() const {
  FieldErrors errors;
  check_code(errors, "code", code);
  check_required_text(errors, "name", name);
  return errors.status();
}

}  // namespace kerf::model
