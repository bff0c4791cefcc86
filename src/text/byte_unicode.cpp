#include "text/byte_unicode.h"

#include <cstdio>

#include "text/utf8.h"

namespace embedlab {

namespace {

bool prints_as_itself(int b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

// Both directions, built once: byte -> code point, and U+0000..U+0143 -> byte.
struct ByteUnicodeTables {
  uint32_t to_unicode[256];
  int16_t to_byte[0x144];
  ByteUnicodeTables() {
    for (int16_t& b : to_byte) b = -1;
    uint32_t next = 0x100;  // the 68 non-printing bytes, in byte order
    for (int b = 0; b < 256; b++) {
      to_unicode[b] = prints_as_itself(b) ? uint32_t(b) : next++;
      to_byte[to_unicode[b]] = int16_t(b);
    }
  }
};

const ByteUnicodeTables& tables() {
  static const ByteUnicodeTables t;
  return t;
}

}  // namespace

uint32_t byte_to_unicode(uint8_t b) { return tables().to_unicode[b]; }

int unicode_to_byte(uint32_t cp) { return cp < 0x144 ? tables().to_byte[cp] : -1; }

std::string bytes_to_display(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) utf8_append(byte_to_unicode(uint8_t(c)), &out);
  return out;
}

Status display_to_bytes(std::string_view display, std::string* bytes) {
  bytes->clear();
  const char* begin = display.data();
  const char* end = begin + display.size();
  for (const char* p = begin; p < end;) {
    uint32_t cp;
    int n = utf8_decode(p, end, &cp);
    if (n < 0)
      return Status::bad_input("invalid UTF-8 at byte " + std::to_string(p - begin) +
                               " of a GPT-2 display string");
    int b = unicode_to_byte(cp);
    if (b < 0) {
      char name[16];
      std::snprintf(name, sizeof name, "U+%04X", unsigned(cp));
      return Status::bad_input(std::string("character ") + name + " at byte " +
                               std::to_string(p - begin) +
                               " is not one of GPT-2's 256 byte characters");
    }
    bytes->push_back(char(b));
    p += n;
  }
  return Status();
}

}  // namespace embedlab
