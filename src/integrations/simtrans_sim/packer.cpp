#include "kerf/integrations/simtrans_sim/packer.h"

#include <algorithm>
#include <numeric>

namespace kerf::integrations::simtrans_sim {

namespace {

constexpr double kEps = 1e-9;

struct Oriented {
  size_t item = 0;
  double dx = 0, dy = 0;
  bool rotated = false;
};

struct Column {
  double x = 0, w = 0, y_next = 0;
};

}  // namespace

PackedSheet pack_sheet(double sheet_length, double sheet_width, std::vector<PackItem>& items,
                       const PackOptions& options) {
  PackedSheet out;
  out.placed.assign(items.size(), 0);
  const double spacing = std::max(0.0, options.spacing_mm);
  const double margin = std::max(0.0, options.margin_mm);
  const double x_max = sheet_length - margin;
  const double y_max = sheet_width - margin;
  if (x_max - margin <= kEps || y_max - margin <= kEps) return out;
  const double usable_x = x_max - margin;
  const double usable_y = y_max - margin;

  // Orientation per item: the shorter side along x when it fits (narrow columns), else the
  // other way round; items that fit neither way are skipped.
  std::vector<Oriented> order;
  for (size_t i = 0; i < items.size(); ++i) {
    const PackItem& it = items[i];
    if (it.length <= 0 || it.width <= 0 || it.qty <= 0) continue;
    auto fits = [&](double dx, double dy) {
      return dx <= usable_x + kEps && dy <= usable_y + kEps;
    };
    if (!options.allow_rotation) {
      if (fits(it.length, it.width)) order.push_back({i, it.length, it.width, false});
      continue;
    }
    bool length_short = it.length <= it.width;
    double a = length_short ? it.length : it.width;  // short side
    double b = length_short ? it.width : it.length;  // long side
    if (fits(a, b)) {
      order.push_back({i, a, b, !length_short});
    } else if (fits(b, a)) {
      order.push_back({i, b, a, length_short});
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](const Oriented& p, const Oriented& q) {
    if (p.dx != q.dx) return p.dx > q.dx;
    if (p.dy != q.dy) return p.dy > q.dy;
    return items[p.item].key < items[q.item].key;
  });

  std::vector<Column> columns;
  int64_t pieces = 0;
  for (const Oriented& o : order) {
    PackItem& it = items[o.item];
    while (it.qty > 0 && pieces < options.max_pieces) {
      Column* target = nullptr;
      for (Column& c : columns) {
        if (o.dx <= c.w + kEps && c.y_next + o.dy <= y_max + kEps) {
          target = &c;
          break;
        }
      }
      if (target == nullptr) {
        double x = columns.empty() ? margin : columns.back().x + columns.back().w + spacing;
        if (x + o.dx > x_max + kEps) break;  // no room for another column of this width
        columns.push_back({x, o.dx, margin});
        target = &columns.back();
      }
      out.placements.push_back({o.item, target->x, target->y_next, o.dx, o.dy, o.rotated});
      target->y_next += o.dy + spacing;
      out.used_area += o.dx * o.dy;
      out.cut_perimeter += 2 * (o.dx + o.dy);
      ++out.placed[o.item];
      --it.qty;
      ++pieces;
    }
  }
  if (!columns.empty()) out.used_length = columns.back().x + columns.back().w;
  return out;
}

}  // namespace kerf::integrations::simtrans_sim
