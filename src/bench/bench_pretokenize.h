// Timing of the tokenizer stages, for `embedlab bench` (timings never run in tests).
#pragma once
#include <cstddef>
#include <string_view>

#include "tokenizer/pretokenize.h"

namespace embedlab {

struct PretokenizeSpeed {
  double scanner_mb_per_s = 0;  // the pattern's Splitter, the fast path of pretokenize
  double pcre2_mb_per_s = 0;    // pretokenize_pcre2, the reference (JIT when available)
  size_t pieces = 0;            // pieces in one pass
  bool same_pieces = false;     // both split the text the same way
};

// Splits `text` with pattern p repeatedly by each method for at least `min_seconds` of
// wall time and reports the best pass's MB/s (1 MB = 1e6 bytes).
PretokenizeSpeed bench_pretokenize(Pattern p, std::string_view text, double min_seconds);

}  // namespace embedlab
