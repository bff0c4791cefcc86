// tutorials/01_text_to_bytes.cpp: text is bytes; a byte is the first token.
// You will see: a sentence as UTF-8 bytes (1 to 4 per character), the 256-symbol
// byte alphabet in GPT-2's printable view (space shows as "Ġ"), a byte embedding
// computed as one-hot times a table and as a row lookup (the same vector, at very
// different costs), and how many bytes a character takes in a real text.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <cblas.h>

#include "lesson_util.h"
#include "text/byte_unicode.h"
#include "text/utf8.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"
#include "util/timer.h"

using namespace embedlab;

// Shapes: N bytes of text, V = 256 possible byte values, C embedding dimension.
constexpr int V = 256;

// Used when the corpus file is missing: a few lines of ordinary prose.
static const char kFallbackProse[] =
    "The quick brown fox jumps over the lazy dog. It's a sentence that uses every\n"
    "letter of the English alphabet, and it's been used to test typewriters since\n"
    "the 1880s. A caf\xC3\xA9 in Z\xC3\xBCrich charged 4,50 \xE2\x82\xAC for a cup; "
    "the fox didn't pay.\n";

int main(int argc, char** argv) {
  Flags flags("01_text_to_bytes", "text -> UTF-8 bytes, the byte alphabet, one-hot vs lookup");
  flags.add("text", "Zo\xC3\xAB's caf\xC3\xA9: 5\xE2\x82\xAC, \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80",
            "the sentence of step [1]");
  flags.add("corpus", "corpus/the_quick_fox.txt", "text for steps [3] and [4]");
  flags.add("dim", 64, "embedding dimension in step [3] (C)");
  flags.add("onehot-bytes", 65536, "at most this many bytes go through step [3]");
  flags.add("seed", 1, "seed of the byte embedding table");
  flags.add("out", "out", "output folder (this lesson writes no files)");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const std::string text = flags.get_string("text");
  const std::string corpus_path = flags.get_string("corpus");
  const int C = int(flags.get_int("dim"));
  const int64_t max_bytes = flags.get_int("onehot-bytes");
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  if (C < 1 || max_bytes < 1)
    return flags.fail(Status::bad_input("--dim and --onehot-bytes must be at least 1"));
  std::string corpus;
  bool fallback = false;
  if (Status s = read_file_or_builtin(corpus_path, flags.was_set("corpus"), kFallbackProse,
                                      &corpus, &fallback); !s.ok())
    return flags.fail(s);

  print_wrapped("01 text to bytes: text is bytes, and a byte is the first token. You will see: a "
                "sentence as UTF-8 bytes, the 256-byte alphabet in GPT-2's printable view, a byte "
                "embedding as one-hot x table vs a row lookup, and bytes per character in a real "
                "text.");
  print_wrapped("config: corpus " + corpus_text(corpus_path, corpus.size(), fallback) + ", dim C=" +
                    std::to_string(C) + ", seed " + std::to_string(seed),
                "        ");
  std::printf("\n");

  // [1] UTF-8 writes each code point as 1 to 4 bytes. ASCII stays one byte; the
  // lead byte says how many continuation bytes (10xxxxxx) follow.
  std::printf("[1] \"%s\" is %zu bytes:\n   ", utf8_for_display(text).c_str(), text.size());
  for (unsigned char b : text) std::printf(" %02X", b);
  std::printf("\n");
  const char* end = text.data() + text.size();
  int chars = 0;
  for (const char* p = text.data(); p < end; chars++) {
    uint32_t cp;
    int n = utf8_decode(p, end, &cp);
    if (n < 0) {
      std::printf("    invalid   %d byte%s  shown as U+FFFD\n", -n, n < -1 ? "s:" : ": ");
      p += -n;
      continue;
    }
    std::string hex;
    for (int k = 0; k < n; k++) {
      char h[4];
      std::snprintf(h, sizeof h, k ? " %02X" : "%02X", (unsigned char)p[k]);
      hex += h;
    }
    std::printf("    U+%05X  %d byte%s  %-11s  '%s'\n", unsigned(cp), n, n > 1 ? "s:" : ": ",
                hex.c_str(), std::string(p, size_t(n)).c_str());
    p += n;
  }
  std::printf("    %d characters, %zu bytes: a byte-level model sees %zu tokens\n\n", chars,
              text.size(), text.size());

  // [2] Every text, in any language, is a sequence over the same 256 symbols, so a
  // byte vocabulary never meets an unknown character. GPT-2 prints the 188 visible
  // bytes as themselves and moves the other 68 (space, newline, control bytes) to
  // U+0100 upward, so every token is printable.
  std::printf("[2] the byte alphabet in GPT-2's printable view (row = high hex digit):\n");
  std::printf("      ");
  for (int lo = 0; lo < 16; lo++) std::printf(" %X", lo);
  std::printf("\n");
  for (int hi = 0; hi < 16; hi++) {
    std::printf("    %X_", hi);
    for (int lo = 0; lo < 16; lo++)
      std::printf(" %s", bytes_to_display(std::string(1, char(hi * 16 + lo))).c_str());
    std::printf("\n");
  }
  std::printf("    space 0x20 -> U+%04X, newline 0x0A -> U+%04X, 0xAD -> U+%04X\n",
              unsigned(byte_to_unicode(0x20)), unsigned(byte_to_unicode(0x0A)),
              unsigned(byte_to_unicode(0xAD)));
  std::printf("    the sentence in that view: %s\n\n", bytes_to_display(text).c_str());

  // [3] A byte's embedding is row b of a V x C table W. Writing the byte as a
  // one-hot row x (1 at b, 0 elsewhere), x W picks that same row out, with V*C
  // multiply-adds instead of C copies.
  const int N = int(std::min<int64_t>(int64_t(corpus.size()), max_bytes));
  std::vector<float> W(size_t(V) * C);
  Rng rng(seed);
  for (float& w : W) w = float(rng.normal() * 0.02);
  std::vector<float> X(size_t(N) * V, 0.0f), by_onehot(size_t(N) * C), by_lookup(size_t(N) * C);
  double t0 = now_seconds();
  for (int n = 0; n < N; n++) X[size_t(n) * V + (unsigned char)corpus[size_t(n)]] = 1.0f;
  // by_onehot (N,C) = X (N,V) W (V,C)
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, V, 1.0f, X.data(), V, W.data(), C,
              0.0f, by_onehot.data(), C);
  double t1 = now_seconds();
  for (int n = 0; n < N; n++) {
    const float* row = W.data() + size_t((unsigned char)corpus[size_t(n)]) * C;
    std::copy(row, row + C, by_lookup.data() + size_t(n) * C);
  }
  double t2 = now_seconds();
  const float max_diff = max_abs_diff(by_onehot, by_lookup);
  std::printf("[3] %d bytes of the corpus, W is %d x %d:\n", N, V, C);
  std::printf("    max |one-hot - lookup| = %g (expect 0: each sum has one nonzero term)\n",
              double(max_diff));
  std::printf("    one-hot: %.2f ms, %.1f MB of one-hot rows, %.0f M multiply-adds\n",
              (t1 - t0) * 1e3, double(X.size()) * 4 / 1e6, double(N) * V * C / 1e6);
  std::printf("    lookup:  %.3f ms, %.0f K floats copied: %.0fx faster\n\n", (t2 - t1) * 1e3,
              double(N) * C / 1e3, (t1 - t0) / std::max(t2 - t1, 1e-9));

  // [4] How many bytes does a character cost in this text? English is mostly ASCII
  // (1 byte each); accents take 2, most other scripts 2 or 3, emoji 4.
  long count[5] = {0, 0, 0, 0, 0}, invalid = 0, characters = 0;
  const char* cend = corpus.data() + corpus.size();
  for (const char* p = corpus.data(); p < cend;) {
    uint32_t cp;
    int n = utf8_decode(p, cend, &cp);
    if (n < 0) {
      invalid++;
      p += -n;
    } else {
      count[n]++;
      characters++;
      p += n;
    }
  }
  std::printf("[4] the corpus: %zu bytes, %ld characters, %.3f bytes per character\n",
              corpus.size(), characters, characters ? double(corpus.size()) / characters : 0.0);
  for (int n = 1; n <= 4; n++)
    std::printf("    %d-byte characters: %8ld  (%.2f%%)\n", n, count[n],
                characters ? 100.0 * count[n] / characters : 0.0);
  if (invalid) std::printf("    invalid UTF-8 units: %ld\n", invalid);

  print_try_this(
      {{"--text \"\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF\"",
        "how many bytes per character in Japanese? What would a byte-level model pay for it?"},
       {"--dim 512", "which time in [3] grows, and by how much? The difference stays 0."},
       {"--corpus corpus/toyworld.txt --onehot-bytes 200000",
        "the one-hot rows need N x 256 floats; watch the memory and the time."}});
  return 0;
}
