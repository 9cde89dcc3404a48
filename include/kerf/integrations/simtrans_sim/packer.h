// The simulated programmer's rectangle packer: deterministic column (shelf) packing of
// rectangular parts onto one rectangular sheet. docs/simtrans_simulator.md describes it.
//
// Coordinates: the sheet spans x in [0, length] and y in [0, width]. Parts are placed in
// columns from x = margin: a column is as wide (in x) as its first part, parts stack in y
// inside it, a new column starts `spacing` after the previous one. The unused strip at the far
// end (x beyond the last column) is the remnant candidate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kerf::integrations::simtrans_sim {

struct PackItem {
  std::string key;    // identifies the part (e.g. "WO-1/PART-A"); ties are broken by key
  double length = 0;  // mm, > 0
  double width = 0;   // mm, > 0
  int64_t qty = 0;    // pieces still to place; pack_sheet decrements it
};

struct PackOptions {
  double spacing_mm = 5;  // gap between parts (and between columns), >= 0
  double margin_mm = 10;  // unused border along every sheet edge, >= 0
  bool allow_rotation = true;
  int64_t max_pieces = 5000;  // safety cap on pieces per sheet
};

struct Placement {
  size_t item = 0;        // index into the items vector
  double x = 0, y = 0;    // lower-left corner
  double dx = 0, dy = 0;  // extent along x and y (rotated when dx != item length)
  bool rotated = false;
};

struct PackedSheet {
  std::vector<Placement> placements;  // in placement order
  double used_area = 0;               // sum of the placed parts' areas (mm^2)
  double cut_perimeter = 0;           // sum of the placed parts' perimeters (mm)
  double used_length = 0;             // x where the last column ends (0 when nothing placed)
  // Pieces placed per item (same size as the items vector).
  std::vector<int64_t> placed;
};

// Packs as many pieces of `items` as fit onto a `sheet_length` x `sheet_width` sheet and
// decrements each item's qty by what was placed. Deterministic: the same input gives the same
// output. Pieces go in order of decreasing column width, then decreasing height, then key.
// Placements never overlap (spacing respected), and lie inside the sheet minus the margin.
// Items with a non-positive size or qty are skipped.
PackedSheet pack_sheet(double sheet_length, double sheet_width, std::vector<PackItem>& items,
                       const PackOptions& options = {});

}  // namespace kerf::integrations::simtrans_sim
