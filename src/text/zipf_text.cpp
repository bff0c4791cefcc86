#include "text/zipf_text.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "util/rng.h"

namespace embedlab {

namespace {

const char* const kOnsets[] = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p",
                               "r", "s", "t", "v", "w", "z", "ch", "sh", "th", "st", "tr",
                               "br", "pl"};
const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "oo", "ou"};
// Most syllables end with their vowel: the empty coda is listed six times.
const char* const kCodas[] = {"", "", "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st"};

template <size_t N>
const char* pick(Rng* rng, const char* const (&list)[N]) {
  return list[rng->below(N)];
}

std::string pseudo_word(Rng* rng) {
  // Syllables: 1 (15%), 2 (40%), 3 (30%), 4 (15%).
  const uint64_t u = rng->below(100);
  const int syllables = u < 15 ? 1 : u < 55 ? 2 : u < 85 ? 3 : 4;
  std::string w;
  for (int s = 0; s < syllables; s++) {
    w += pick(rng, kOnsets);
    w += pick(rng, kVowels);
    w += pick(rng, kCodas);
  }
  return w;
}

}  // namespace

Status zipf_text(std::string* out, uint64_t seed, int64_t size_bytes, int lexicon) {
  if (size_bytes < kZipfMinBytes || size_bytes > kZipfMaxBytes)
    return Status::bad_input("zipf text: size " + std::to_string(size_bytes) +
                             " bytes, expected " + std::to_string(kZipfMinBytes) + " to " +
                             std::to_string(kZipfMaxBytes));
  if (lexicon < 1 || lexicon > 1000000)
    return Status::bad_input("zipf text: lexicon " + std::to_string(lexicon) +
                             " words, expected 1 to 1000000");
  Rng rng(seed);
  // 1. The lexicon: distinct words in the order drawn, then stably shortest first.
  std::vector<std::string> words;
  std::unordered_set<std::string> seen;
  while (int(words.size()) < lexicon) {
    std::string w = pseudo_word(&rng);
    if (seen.insert(w).second) words.push_back(std::move(w));
  }
  std::stable_sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
    return a.size() < b.size();
  });
  // 2. cumulative[r] = sum of floor(2^40 / (i + 1)) for i <= r; a draw below the total
  //    picks the first rank whose cumulative weight exceeds it.
  std::vector<uint64_t> cumulative(words.size());
  uint64_t total = 0;
  for (size_t r = 0; r < words.size(); r++) {
    total += (uint64_t(1) << 40) / (r + 1);
    cumulative[r] = total;
  }
  // 3. Sentences until the text is long enough, then cut to size.
  std::string& s = *out;
  s.clear();
  s.reserve(size_t(size_bytes) + 256);
  while (int64_t(s.size()) < size_bytes) {
    const int n = 5 + int(rng.below(12));
    for (int i = 0; i < n; i++) {
      const uint64_t x = rng.below(total);
      const size_t r = size_t(std::upper_bound(cumulative.begin(), cumulative.end(), x) -
                              cumulative.begin());
      s += words[r];
      if (i + 1 < n) s += rng.below(12) == 0 ? ", " : " ";
    }
    s += rng.below(4) == 0 ? ".\n" : ". ";
  }
  s.resize(size_t(size_bytes));
  return Status();
}

}  // namespace embedlab
