// Parts (items made from sheet, or assemblies of other parts) and their bills of material.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

struct Part {
  int64_t id = 0;
  int64_t version = 0;
  std::string number;       // valid code, unique together with revision, e.g. "KT-1800-700"
  std::string revision;     // valid code, e.g. "A"
  std::string description;  // required, e.g. "Prep table top 1800x700"
  Material material = Material::kStainless304;
  bool assembly = false;      // true: made from BOM components (flat size/thickness may be 0)
  double thickness_mm = 0;    // (0, 50] for sheet parts; [0, 50] for assemblies
  double flat_length_mm = 0;  // (0, 10000] for sheet parts; >= 0 for assemblies
  double flat_width_mm = 0;   // (0, 10000] for sheet parts, <= flat_length_mm; >= 0 for assemblies
  double weight_kg = 0;       // >= 0, <= 10000

  // Ok, or invalid with fields "number", "revision", "description", "thickness_mm",
  // "flat_length_mm", "flat_width_mm", "weight_kg".
  Status validate() const;
  friend bool operator==(const Part&, const Part&) = default;
};

// One line of a bill of material: `quantity_per` of `component_part_id` go into one parent.
struct BomLine {
  int64_t id = 0;
  int64_t version = 0;
  int64_t parent_part_id = 0;     // > 0
  int64_t component_part_id = 0;  // > 0, != parent_part_id
  int64_t quantity_per = 1;       // [1, 10000]

  // Ok, or invalid with fields "parent_part_id", "component_part_id", "quantity_per".
  Status validate() const;
  friend bool operator==(const BomLine&, const BomLine&) = default;
};

}  // namespace kerf::model
