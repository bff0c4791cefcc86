#include "bench/bench_pretokenize.h"

#include <algorithm>
#include <vector>

#include "tokenizer/pretokenize.h"
#include "util/timer.h"

namespace embedlab {

// Best MB/s of fn over passes lasting at least min_seconds in total (and 3 passes).
template <typename Fn>
static double best_mb_per_s(size_t bytes, double min_seconds, Fn fn) {
  double best = 0, start = now_seconds();
  for (int pass = 0; pass < 3 || now_seconds() - start < min_seconds; pass++) {
    double t0 = now_seconds();
    fn();
    double dt = now_seconds() - t0;
    if (dt > 0) best = std::max(best, double(bytes) / 1e6 / dt);
  }
  return best;
}

PretokenizeSpeed bench_pretokenize(Pattern p, std::string_view text, double min_seconds) {
  PretokenizeSpeed r;
  std::vector<std::string_view> fast, ref;
  pretokenize(p, text, &fast);
  pretokenize_pcre2(p, text, &ref);
  r.pieces = fast.size();
  r.same_pieces = fast == ref;
  size_t sink = 0;
  r.scanner_mb_per_s = best_mb_per_s(text.size(), min_seconds, [&] {
    for_each_piece(p, text, [&](std::string_view piece) { sink += piece.size(); });
  });
  r.pcre2_mb_per_s = best_mb_per_s(text.size(), min_seconds, [&] {
    ref.clear();
    pretokenize_pcre2(p, text, &ref);
    sink += ref.size();
  });
  if (sink == 1) r.pieces++;  // keeps the passes from being optimized away
  return r;
}

}  // namespace embedlab
