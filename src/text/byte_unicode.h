// GPT-2's printable view of bytes. A token is a byte string, and many bytes do not
// print (space, newline, control bytes, the lone pieces of a multi-byte character).
// GPT-2's vocabulary files write each byte as one visible character instead:
// the 188 printable bytes '!'..'~', 0xA1..0xAC and 0xAE..0xFF stand for themselves
// (read as Latin-1 code points); the other 68 bytes take U+0100, U+0101, ... in
// byte order. So 0x00 -> U+0100 "Ā", 0x0A newline -> U+010A "Ċ",
// 0x20 space -> U+0120 "Ġ", 0x7F -> U+0121 "ġ", 0xAD soft hyphen -> U+0143 "Ń",
// and " the" is written "Ġthe" in encoder.json.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace embedlab {

// The code point that shows byte b.
uint32_t byte_to_unicode(uint8_t b);
// The byte shown by code point cp, or -1 when cp is not one of the 256.
int unicode_to_byte(uint32_t cp);

// Every byte as its visible character, in UTF-8. e.g. "hi there\n" -> "hiĠthereĊ".
std::string bytes_to_display(std::string_view bytes);
// The inverse: "hiĠthereĊ" -> "hi there\n". A character outside the 256, or
// invalid UTF-8, is an error naming its byte offset in `display`.
Status display_to_bytes(std::string_view display, std::string* bytes);

}  // namespace embedlab
