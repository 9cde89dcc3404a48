// The simulated programmer's packer: deterministic, no overlaps, inside the sheet (margins and
// spacing respected), quantities accounted for; a property test over random part sets.
#include <gtest/gtest.h>

#include <random>

#include "kerf/integrations/simtrans_sim/packer.h"

namespace kerf::integrations::simtrans_sim {
namespace {

bool overlaps(const Placement& a, const Placement& b, double spacing) {
  const double e = 1e-6;
  return a.x < b.x + b.dx + spacing - e && b.x < a.x + a.dx + spacing - e &&
         a.y < b.y + b.dy + spacing - e && b.y < a.y + a.dy + spacing - e;
}

void check_sheet(const PackedSheet& s, const std::vector<PackItem>& before,
                 const std::vector<PackItem>& after, double length, double width,
                 const PackOptions& o) {
  const double e = 1e-6;
  ASSERT_EQ(s.placed.size(), before.size());
  std::vector<int64_t> counted(before.size(), 0);
  double area = 0;
  for (size_t i = 0; i < s.placements.size(); ++i) {
    const Placement& p = s.placements[i];
    ASSERT_LT(p.item, before.size());
    const PackItem& it = before[p.item];
    // The piece keeps its size (maybe rotated).
    if (p.rotated) {
      EXPECT_NEAR(p.dx, it.width, e);
      EXPECT_NEAR(p.dy, it.length, e);
    } else {
      EXPECT_NEAR(p.dx, it.length, e);
      EXPECT_NEAR(p.dy, it.width, e);
    }
    EXPECT_GE(p.x, o.margin_mm - e);
    EXPECT_GE(p.y, o.margin_mm - e);
    EXPECT_LE(p.x + p.dx, length - o.margin_mm + e);
    EXPECT_LE(p.y + p.dy, width - o.margin_mm + e);
    EXPECT_LE(p.x + p.dx, s.used_length + e);
    for (size_t j = 0; j < i; ++j) {
      EXPECT_FALSE(overlaps(p, s.placements[j], o.spacing_mm))
          << "placements " << j << " and " << i << " overlap";
    }
    ++counted[p.item];
    area += p.dx * p.dy;
  }
  EXPECT_NEAR(area, s.used_area, 1e-3);
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(counted[i], s.placed[i]);
    if (before[i].qty > 0) EXPECT_EQ(after[i].qty, before[i].qty - counted[i]);
  }
}

TEST(SimTransPacker, PacksSimplePartsInColumns) {
  std::vector<PackItem> items = {{"A", 200, 100, 4}, {"B", 50, 50, 3}};
  auto before = items;
  PackOptions o;
  PackedSheet s = pack_sheet(1000, 500, items, o);
  check_sheet(s, before, items, 1000, 500, o);
  EXPECT_EQ(s.placed[0], 4);
  EXPECT_EQ(s.placed[1], 3);
  EXPECT_EQ(items[0].qty, 0);
  // A is oriented with its short side (100) along x: the first column is 100 wide.
  EXPECT_DOUBLE_EQ(s.placements[0].x, 10);
  EXPECT_DOUBLE_EQ(s.placements[0].dx, 100);
  EXPECT_NEAR(s.used_area, 4 * 200 * 100 + 3 * 50 * 50, 1e-9);
  EXPECT_NEAR(s.cut_perimeter, 4 * 600 + 3 * 200, 1e-9);
}

TEST(SimTransPacker, LeavesWhatDoesNotFitAndSkipsOversizedParts) {
  std::vector<PackItem> items = {{"BIG", 5000, 3000, 1}, {"P", 400, 400, 10}};
  PackOptions o;
  PackedSheet s = pack_sheet(1000, 1000, items, o);
  EXPECT_EQ(s.placed[0], 0);
  EXPECT_EQ(items[0].qty, 1);
  // 980 usable: two columns of 400 (+5 spacing) and two rows -> 4 pieces.
  EXPECT_EQ(s.placed[1], 4);
  EXPECT_EQ(items[1].qty, 6);
}

TEST(SimTransPacker, DegenerateInputsPlaceNothing) {
  std::vector<PackItem> items = {{"Z", 0, 10, 5}, {"N", 10, 10, 0}, {"M", -1, 10, 2}};
  PackedSheet s = pack_sheet(100, 100, items);
  EXPECT_TRUE(s.placements.empty());
  EXPECT_EQ(s.used_length, 0);
  std::vector<PackItem> one = {{"A", 10, 10, 1}};
  EXPECT_TRUE(pack_sheet(15, 15, one).placements.empty());  // margins leave no room
}

TEST(SimTransPacker, RespectsNoRotation) {
  std::vector<PackItem> items = {{"L", 300, 50, 2}};
  PackOptions o;
  o.allow_rotation = false;
  PackedSheet s = pack_sheet(1000, 200, items, o);
  ASSERT_EQ(s.placements.size(), 2u);
  for (const Placement& p : s.placements) {
    EXPECT_FALSE(p.rotated);
    EXPECT_DOUBLE_EQ(p.dx, 300);
  }
}

TEST(SimTransPacker, PropertyRandomPartSets) {
  std::mt19937_64 rng(20261129);
  for (int round = 0; round < 300; ++round) {
    std::uniform_real_distribution<double> sheet_len(300, 3000), sheet_wid(200, 1500), part(5, 900);
    std::uniform_int_distribution<int> n_items(1, 12), qty(0, 15);
    double length = sheet_len(rng), width = sheet_wid(rng);
    PackOptions o;
    o.spacing_mm = std::uniform_real_distribution<double>(0, 12)(rng);
    o.margin_mm = std::uniform_real_distribution<double>(0, 25)(rng);
    o.allow_rotation = round % 3 != 0;
    std::vector<PackItem> items;
    int n = n_items(rng);
    for (int i = 0; i < n; ++i) {
      items.push_back({"K" + std::to_string(i), part(rng), part(rng), qty(rng)});
    }
    auto before = items;
    auto copy = items;
    PackedSheet s = pack_sheet(length, width, items, o);
    check_sheet(s, before, items, length, width, o);
    // Deterministic: the same input gives the same placements.
    PackedSheet again = pack_sheet(length, width, copy, o);
    ASSERT_EQ(again.placements.size(), s.placements.size());
    for (size_t i = 0; i < s.placements.size(); ++i) {
      EXPECT_EQ(again.placements[i].x, s.placements[i].x);
      EXPECT_EQ(again.placements[i].y, s.placements[i].y);
      EXPECT_EQ(again.placements[i].item, s.placements[i].item);
    }
    EXPECT_LE(s.used_area, length * width + 1e-6);
    if (HasFailure()) {
      ADD_FAILURE() << "round " << round;
      return;
    }
  }
}

}  // namespace
}  // namespace kerf::integrations::simtrans_sim
