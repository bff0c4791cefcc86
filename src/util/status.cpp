#include "util/status.h"

#include <cstdio>

namespace embedlab {

std::string printable(const std::string& bytes) {
  std::string p;
  for (unsigned char c : bytes) {
    if (c >= 32 && c < 127) {
      p += char(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      p += buf;
    }
  }
  return p;
}

}  // namespace embedlab
