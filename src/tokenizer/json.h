// A strict reader for the one JSON shape a tokenizer file comes in: GPT-2's
// encoder.json, an object whose keys are strings and whose values are token ids.
//   {"!": 0, "\u0120the": 262, "<|endoftext|>": 50256}
//   -> {"!" -> 0, "Ġthe" -> 262, "<|endoftext|>" -> 50256}
// Keys are decoded to UTF-8 (every JSON escape, \uXXXX with surrogate pairs); an id
// is 1 to 9 decimal digits (never negative, and never clamped on its way into an
// int32_t). A key given twice keeps its last id. Anything else (nested values, strings
// or numbers of other forms, an unpaired surrogate) is bad input naming the byte:
//   "encoder.json: byte 12: unknown escape"
#pragma once
#include <string>
#include <unordered_map>

#include "util/status.h"

namespace embedlab {

// Reads `text`, the bytes of the file named `path` (which starts every message).
Status parse_json_ids(const std::string& path, const std::string& text,
                      std::unordered_map<std::string, long>* out);

}  // namespace embedlab
