// UTF-8: how text becomes bytes. A code point U+0000..U+10FFFF, except the
// surrogates U+D800..U+DFFF, is written as 1 to 4 bytes:
//   U+0000..U+007F     0xxxxxxx
//   U+0080..U+07FF     110xxxxx 10xxxxxx
//   U+0800..U+FFFF     1110xxxx 10xxxxxx 10xxxxxx
//   U+10000..U+10FFFF  11110xxx 10xxxxxx 10xxxxxx 10xxxxxx
// e.g. "A" U+0041 -> 41, "é" U+00E9 -> C3 A9, "€" U+20AC -> E2 82 AC,
//      "😀" U+1F600 -> F0 9F 98 80.
// Every other byte sequence is invalid: a lone continuation byte (80..BF), a lead
// byte whose continuations are missing, an overlong form (C0 80 for U+0000), an
// encoded surrogate (ED A0 80), anything above U+10FFFF (F4 90 80 80, F5..FF).
// embedlab keeps text as bytes and never repairs it; invalid bytes are replaced by
// U+FFFD only when printing.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace embedlab {

constexpr uint32_t kReplacementChar = 0xFFFD;  // "�", printed for invalid bytes

// Decodes the code point starting at p (bytes p..end-1).
// Valid: sets *cp and returns its byte count, 1 to 4.
// Invalid: returns -k, where k (1 to 3) counts the bytes that begin a valid
// sequence but cannot be completed (Unicode's "maximal subpart"); those k bytes
// are skipped as one invalid unit and none of them can start a valid sequence.
// e.g. "\xE2\x82A" -> -2 (E2 82 lacks its third byte), "\x80" -> -1.
// REQUIRES: p < end
inline int utf8_decode(const char* p, const char* end, uint32_t* cp) {
  const unsigned b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  int len;
  uint32_t c;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 < 0xC2) return -1;       // continuation byte, or overlong C0/C1
  if (b0 < 0xE0) {
    len = 2, c = b0 & 0x1F;
  } else if (b0 < 0xF0) {
    len = 3, c = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;       // E0 80..9F would be overlong
    else if (b0 == 0xED) hi = 0x9F;  // ED A0..BF would be a surrogate
  } else if (b0 < 0xF5) {
    len = 4, c = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;       // F0 80..8F would be overlong
    else if (b0 == 0xF4) hi = 0x8F;  // F4 90.. would be above U+10FFFF
  } else {
    return -1;  // F5..FF never appear in UTF-8
  }
  for (int k = 1; k < len; k++) {
    if (p + k >= end) return -k;
    const unsigned b = static_cast<unsigned char>(p[k]);
    if (b < lo || b > hi) return -k;
    lo = 0x80, hi = 0xBF;
    c = (c << 6) | (b & 0x3F);
  }
  *cp = c;
  return len;
}

// True for U+0000..U+10FFFF outside the surrogates: what UTF-8 can encode.
inline bool utf8_is_scalar(uint32_t cp) { return cp < 0x110000 && (cp < 0xD800 || cp > 0xDFFF); }

// Appends the 1 to 4 bytes of `cp`.  REQUIRES: utf8_is_scalar(cp)
void utf8_append(uint32_t cp, std::string* out);
inline std::string utf8_encode(uint32_t cp) {
  std::string s;
  utf8_append(cp, &s);
  return s;
}

// True when every byte of `bytes` belongs to a valid sequence.
bool utf8_is_valid(std::string_view bytes);

// The share of `bytes` that is not text: bytes of invalid UTF-8 units, and control bytes
// other than tab, newline, form feed and carriage return. 0 for an empty text.
// e.g. "ab\x00\xff" -> 0.5 (a program or an image scores far above plain text's 0).
double not_text_share(std::string_view bytes);

// The bytes as printable UTF-8: each invalid unit (see utf8_decode) becomes
// U+FFFD, everything else is copied. e.g. "a\xFF b" -> "a� b". For printing only.
std::string utf8_for_display(std::string_view bytes);

// Walks `bytes`: whole(p, n) for each whole character (ASCII ones included, n = 1) and
// byte(b) for each byte of an invalid unit, in order. e.g. "a\xFF\xC3\xA9" -> whole("a"),
// byte(0xFF), whole("\xC3\xA9").
template <typename Whole, typename Byte>
void utf8_for_each(std::string_view bytes, Whole whole, Byte byte) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const unsigned char ch = static_cast<unsigned char>(*p);
    uint32_t cp;
    const int n = ch < 0x80 ? 1 : utf8_decode(p, end, &cp);
    if (n > 1 || ch < 0x80) {
      whole(p, n);
      p += n;
    } else {
      byte(ch);
      p++;
    }
  }
}

}  // namespace embedlab
