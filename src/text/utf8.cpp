#include "text/utf8.h"

#include <cassert>

namespace embedlab {

void utf8_append(uint32_t cp, std::string* out) {
  assert(utf8_is_scalar(cp));
  if (cp < 0x80) {
    out->push_back(char(cp));
  } else if (cp < 0x800) {
    out->push_back(char(0xC0 | (cp >> 6)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(char(0xE0 | (cp >> 12)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(char(0xF0 | (cp >> 18)));
    out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  }
}

bool utf8_is_valid(std::string_view bytes) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  uint32_t cp;
  while (p < end) {
    int n = utf8_decode(p, end, &cp);
    if (n < 0) return false;
    p += n;
  }
  return true;
}

double not_text_share(std::string_view bytes) {
  if (bytes.empty()) return 0;
  size_t odd = 0;
  utf8_for_each(
      bytes,
      [&](const char* p, int n) {
        const unsigned char ch = static_cast<unsigned char>(*p);
        if (n == 1 && (ch < 0x20 || ch == 0x7f) && ch != '\t' && ch != '\n' && ch != '\f' &&
            ch != '\r')
          odd++;
      },
      [&](unsigned char) { odd++; });
  return double(odd) / double(bytes.size());
}

std::string utf8_for_display(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  uint32_t cp;
  while (p < end) {
    int n = utf8_decode(p, end, &cp);
    if (n > 0) {
      out.append(p, size_t(n));
      p += n;
    } else {
      utf8_append(kReplacementChar, &out);
      p += -n;
    }
  }
  return out;
}

}  // namespace embedlab
