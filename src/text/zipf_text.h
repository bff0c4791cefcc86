// Zipf text: a deterministic pseudo-English text with a large vocabulary, generated on
// demand for the benchmarks that need one. The toyworld has ~500 distinct words and
// allows only ~1,061 BPE merges; training to 32,768 tokens needs tens of thousands.
//
// The lexicon: `lexicon` distinct pseudo-words of 1 to 4 syllables, each syllable an
// onset, a vowel and sometimes a final consonant ("ka", "montu", "shoustrel"), ranked
// shortest first (as in English, the common words are short).
// The text: words drawn with probability proportional to 1/rank (Zipf's law, as in
// natural text: the first word is about twice as frequent as the second, ten times the
// tenth), in lowercase sentences of 5 to 16 words with an occasional comma, each ending
// with ". ", and a line break after about one sentence in four. e.g.
//   "ta ro shen, ku pa ladi marou te. ba ki ..."
// The text is cut at exactly `size_bytes` bytes, so a shorter text of the same seed is
// a prefix of a longer one (the bench's scaling rows use such prefixes).
// The generator uses only Rng and integer arithmetic (weights floor(2^40 / rank)):
// the same seed, size and lexicon give the same bytes on every machine.
#pragma once
#include <cstdint>
#include <string>

#include "util/status.h"

namespace embedlab {

constexpr uint64_t kZipfSeed = 1;
constexpr int kZipfLexicon = 200000;
constexpr int64_t kZipfMinBytes = 1000;
constexpr int64_t kZipfMaxBytes = int64_t(256) << 20;

// *out = `size_bytes` bytes of Zipf text. Bad input when size_bytes is outside
// [kZipfMinBytes, kZipfMaxBytes] or lexicon outside [1, 1,000,000].
Status zipf_text(std::string* out, uint64_t seed, int64_t size_bytes, int lexicon = kZipfLexicon);

}  // namespace embedlab
