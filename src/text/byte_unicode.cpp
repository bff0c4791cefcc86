#include "text/byte_unicode.h"

#include <array>

namespace embedlab {

namespace {

bool stands_for_itself(int b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

struct Tables {
  std::array<uint32_t, 256> to_cp{};
  std::array<int16_t, 512> from_cp{};  // every stand-in is below U+0200
  Tables() {
    from_cp.fill(-1);
    uint32_t next = 0x100;
    for (int b = 0; b < 256; b++) {
      to_cp[b] = stands_for_itself(b) ? uint32_t(b) : next++;
      from_cp[to_cp[b]] = int16_t(b);
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

void append_utf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(char(cp));
  } else {  // every stand-in is below U+0800: two bytes
    out->push_back(char(0xC0 | (cp >> 6)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

uint32_t byte_to_codepoint(uint8_t b) { return tables().to_cp[b]; }

std::string bytes_to_unicode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) append_utf8(&out, tables().to_cp[b]);
  return out;
}

Status unicode_to_bytes(std::string_view text, std::string* bytes) {
  bytes->clear();
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      cp = (uint32_t(c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      i += 2;
    } else {
      return Status::bad_input("byte " + std::to_string(i) + " of '" + std::string(text) +
                               "' is not a GPT-2 byte stand-in");
    }
    int b = cp < 512 ? tables().from_cp[cp] : -1;
    if (b < 0)
      return Status::bad_input("character U+" + std::to_string(cp) + " in '" + std::string(text) +
                               "' is not a GPT-2 byte stand-in");
    bytes->push_back(char(b));
  }
  return Status();
}

}  // namespace embedlab
