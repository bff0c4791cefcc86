#include "tokenizer/unicode_classes.h"

#include <algorithm>
#include <array>

namespace embedlab {

const char kUnicodeClassesVersion[] = "16.0";

namespace {

struct Range {
  uint32_t first, last;
  CharClass cls;
};

constexpr CharClass kLetter = CharClass::kLetter;
constexpr CharClass kNumber = CharClass::kNumber;
constexpr CharClass kSpace = CharClass::kSpace;

// Sorted, disjoint; code points in no row are other.
constexpr Range kRanges[] = {
#include "tokenizer/unicode_classes.inc"
};

// The basic multilingual plane as one byte per code point (64 KiB), so the common
// scripts cost one load; the supplementary planes use a binary search over kRanges.
constexpr std::array<uint8_t, 0x10000> bmp_table() {
  std::array<uint8_t, 0x10000> t{};
  for (const Range& r : kRanges)
    for (uint32_t cp = r.first; cp <= r.last && cp < 0x10000; cp++) t[cp] = uint8_t(r.cls);
  return t;
}

}  // namespace

namespace unicode_detail {

constexpr std::array<uint8_t, 0x10000> kBmpClass = bmp_table();

CharClass supplementary_class(uint32_t cp) {
  // The last row whose first <= cp.
  const Range* end = kRanges + sizeof kRanges / sizeof kRanges[0];
  const Range* r = std::upper_bound(kRanges, end, cp,
                                    [](uint32_t c, const Range& x) { return c < x.first; });
  if (r == kRanges) return CharClass::kOther;
  --r;
  return cp <= r->last ? r->cls : CharClass::kOther;
}

}  // namespace unicode_detail
}  // namespace embedlab
