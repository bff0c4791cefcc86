// The character classes of GPT-2's split pattern for every code point: \p{L}
// letters, \p{N} numbers, \s white space, and everything else.
// The table is src/tokenizer/unicode_classes.inc, generated from the reference
// tokenizer (tiktoken, whose Rust regex uses Unicode 16.0 and defines \s as the
// White_Space property) by tests/fixtures/make_unicode_classes.mjs.
// e.g. 'a' and 'é' and '中' are letters, '7' and '٣' (Arabic-Indic three) and 'Ⅻ'
// are numbers, U+00A0 and U+3000 are spaces, a combining accent U+0301 is other.
#pragma once
#include <array>
#include <cstdint>

namespace embedlab {

enum class CharClass : uint8_t { kOther = 0, kLetter = 1, kNumber = 2, kSpace = 3 };

extern const char kUnicodeClassesVersion[];  // "16.0"

namespace unicode_detail {
// CharClass of U+0000..U+FFFF, one byte each (64 KiB), filled at compile time.
extern const std::array<uint8_t, 0x10000> kBmpClass;
CharClass supplementary_class(uint32_t cp);
}  // namespace unicode_detail

// The class of `cp`; code points above U+10FFFF are other.
inline CharClass unicode_class(uint32_t cp) {
  if (cp < 0x10000) return CharClass(unicode_detail::kBmpClass[cp]);
  return unicode_detail::supplementary_class(cp);
}

}  // namespace embedlab
