// GPT-2's byte-to-unicode mapping: a printable stand-in for each of the 256 bytes, so
// that tokens (which are byte strings) can be written as text in vocab files.
// The 188 bytes that are printable Latin-1 characters ('!'..'~', U+00A1..U+00AC,
// U+00AE..U+00FF) stand for themselves; the other 68 map, in byte order, to U+0100,
// U+0101, ... So the space 0x20 shows as "Ġ" (U+0120) and the newline 0x0A as "Ċ" (U+010A).
// e.g. bytes_to_unicode(" king") == "Ġking"
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace embedlab {

// The code point that stands for byte b.
uint32_t byte_to_codepoint(uint8_t b);
// The UTF-8 text of the stand-ins of every byte of `bytes`.
std::string bytes_to_unicode(std::string_view bytes);
// Back from stand-ins (UTF-8) to bytes; a character outside the mapping is an error.
Status unicode_to_bytes(std::string_view text, std::string* bytes);

}  // namespace embedlab
