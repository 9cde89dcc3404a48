// Convenience header: the whole domain model.
#pragma once

#include "kerf/model/customer.h"
#include "kerf/model/enums.h"
#include "kerf/model/inventory.h"
#include "kerf/model/job.h"
#include "kerf/model/nest.h"
#include "kerf/model/operation.h"
#include "kerf/model/part.h"
#include "kerf/model/plant.h"
#include "kerf/model/schedule_slot.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/model/tool.h"
#include "kerf/model/user.h"
#include "kerf/model/validation.h"
#include "kerf/model/work_center.h"
