// The character classes of the split patterns for every code point: \p{L}
// letters, \p{N} numbers, \s white space, and everything else; and, for o200k's
// pattern, the case of each letter and which code points are marks (\p{M}).
// The table is src/tokenizer/unicode_classes.inc, generated from the reference
// tokenizer (tiktoken, whose Rust regex uses Unicode 16.0 and defines \s as the
// White_Space property) by tests/fixtures/make_unicode_classes.mjs.
// e.g. 'a' and 'é' and '中' are letters, '7' and '٣' (Arabic-Indic three) and 'Ⅻ'
// are numbers, U+00A0 and U+3000 are spaces, a combining accent U+0301 is other
// (and a mark); 'A' is upper, 'a' lower, '中' uncased (Lo), 'ʰ' uncased (Lm).
#pragma once
#include <array>
#include <cstdint>

namespace embedlab {

enum class CharClass : uint8_t { kOther = 0, kLetter = 1, kNumber = 2, kSpace = 3 };

// o200k's pattern splits words by case: its letter sets are [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
// (upper, uncased, marks) and [\p{Ll}\p{Lm}\p{Lo}\p{M}] (lower, uncased, marks).
enum class CaseClass : uint8_t {
  kNoCase = 0,   // not a letter and not a mark
  kUpper = 1,    // Lu, Lt
  kLower = 2,    // Ll
  kUncased = 3,  // Lm, Lo: in both sets
  kMark = 4,     // M: in both sets, though its CharClass is other
};

extern const char kUnicodeClassesVersion[];  // "16.0"

namespace unicode_detail {
// CharClass and CaseClass of U+0000..U+FFFF, one byte each (64 KiB each), filled at
// compile time.
extern const std::array<uint8_t, 0x10000> kBmpClass;
extern const std::array<uint8_t, 0x10000> kBmpCase;
CharClass supplementary_class(uint32_t cp);
CaseClass supplementary_case(uint32_t cp);
}  // namespace unicode_detail

// The class of `cp`; code points above U+10FFFF are other.
inline CharClass unicode_class(uint32_t cp) {
  if (cp < 0x10000) return CharClass(unicode_detail::kBmpClass[cp]);
  return unicode_detail::supplementary_class(cp);
}

// The case of `cp`; code points above U+10FFFF have none.
inline CaseClass unicode_case(uint32_t cp) {
  if (cp < 0x10000) return CaseClass(unicode_detail::kBmpCase[cp]);
  return unicode_detail::supplementary_case(cp);
}

}  // namespace embedlab
