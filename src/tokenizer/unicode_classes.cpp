#include "tokenizer/unicode_classes.h"

#include <algorithm>
#include <array>

namespace embedlab {

const char kUnicodeClassesVersion[] = "16.0";

namespace {

struct Range {
  uint32_t first, last;
  CharClass cls;
  CaseClass kase;
};

constexpr CharClass kOther = CharClass::kOther;
constexpr CharClass kLetter = CharClass::kLetter;
constexpr CharClass kNumber = CharClass::kNumber;
constexpr CharClass kSpace = CharClass::kSpace;
constexpr CaseClass kNoCase = CaseClass::kNoCase;
constexpr CaseClass kUpper = CaseClass::kUpper;
constexpr CaseClass kLower = CaseClass::kLower;
constexpr CaseClass kUncased = CaseClass::kUncased;
constexpr CaseClass kMark = CaseClass::kMark;

// Sorted, disjoint; code points in no row are other, with no case.
constexpr Range kRanges[] = {
#include "tokenizer/unicode_classes.inc"
};
constexpr const Range* kRangesEnd = kRanges + sizeof kRanges / sizeof kRanges[0];

// The basic multilingual plane as one byte per code point (64 KiB per table), so the
// common scripts cost one load; the supplementary planes use a binary search over kRanges.
constexpr std::array<uint8_t, 0x10000> bmp_table(bool want_case) {
  std::array<uint8_t, 0x10000> t{};
  for (const Range& r : kRanges)
    for (uint32_t cp = r.first; cp <= r.last && cp < 0x10000; cp++)
      t[cp] = want_case ? uint8_t(r.kase) : uint8_t(r.cls);
  return t;
}

// The row holding cp, or nullptr.
const Range* find_range(uint32_t cp) {
  // The last row whose first <= cp.
  const Range* r = std::upper_bound(kRanges, kRangesEnd, cp,
                                    [](uint32_t c, const Range& x) { return c < x.first; });
  if (r == kRanges) return nullptr;
  --r;
  return cp <= r->last ? r : nullptr;
}

}  // namespace

namespace unicode_detail {

constexpr std::array<uint8_t, 0x10000> kBmpClass = bmp_table(false);
constexpr std::array<uint8_t, 0x10000> kBmpCase = bmp_table(true);

CharClass supplementary_class(uint32_t cp) {
  const Range* r = find_range(cp);
  return r ? r->cls : kOther;
}

CaseClass supplementary_case(uint32_t cp) {
  const Range* r = find_range(cp);
  return r ? r->kase : kNoCase;
}

}  // namespace unicode_detail
}  // namespace embedlab
