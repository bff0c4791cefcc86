// Checks for exercise 02 (encode a piece by merge rank) against
// embedlab::Tokenizer::encode_piece (src/tokenizer/tokenizer.h).
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "checks.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/rng.h"

namespace grader {

using Merges = std::vector<std::pair<int32_t, int32_t>>;

static std::string show_merges(const Merges& merges) {
  std::string s;
  for (size_t r = 0; r < merges.size(); r++) {
    if (r == 8) return s + ", ... (" + std::to_string(merges.size()) + " merges)";
    s += (r ? ", " : "") + std::string("(") + std::to_string(merges[r].first) + "," +
         std::to_string(merges[r].second) + ")->" + std::to_string(256 + r);
  }
  return s.empty() ? "no merges" : s;
}

static std::string encode_case(EncodeByRankFn* f, const std::string& piece, const Merges& merges) {
  embedlab::Tokenizer t;
  for (const auto& m : merges) t.add_merge(m.first, m.second);
  std::vector<int32_t> want;
  t.encode_piece(piece, &want);
  std::vector<int32_t> got = f(piece, merges);
  std::string diff = compare_ids("result", got, want);
  if (diff.empty()) return "";
  return "piece \"" + piece + "\" with " + show_merges(merges) + ": " + diff;
}

// M distinct merges over the ids of "abc" and the ids made so far, each (a, b) with
// a, b < 256 + its rank, as a trained tokenizer's are.
static Merges random_merges(embedlab::Rng* rng, int M) {
  Merges merges;
  std::set<std::pair<int32_t, int32_t>> seen;
  while (int(merges.size()) < M) {
    std::vector<int32_t> pool = {97, 98, 99};
    for (size_t r = 0; r < merges.size(); r++) pool.push_back(256 + int32_t(r));
    std::pair<int32_t, int32_t> p(pool[rng->below(pool.size())], pool[rng->below(pool.size())]);
    if (seen.insert(p).second) merges.push_back(p);
  }
  return merges;
}

std::vector<Check> check_02(EncodeByRankFn* f) {
  Checks checks;
  const Merges example = {{97, 97}, {256, 97}, {98, 99}};
  checks.run("worked example aaabc", [&] { return encode_case(f, "aaabc", example); });
  checks.run("no merges", [&] { return encode_case(f, "hello", {}); });
  checks.run("no pair has a merge", [&] { return encode_case(f, "xyz", example); });
  checks.run("empty piece", [&] { return encode_case(f, "", example); });
  checks.run("single byte", [&] { return encode_case(f, "a", example); });
  checks.run("lowest rank first, not leftmost", [&] {
    // (b,c) has rank 0, (a,b) rank 1: "abc" -> [a, 256], not [257, c].
    return encode_case(f, "abc", {{98, 99}, {97, 98}});
  });
  checks.run("ties: a run of one pair", [&] {
    return encode_case(f, "aaaaa", {{97, 97}, {256, 256}});  // [256 256 a] -> [257 a]
  });
  checks.run("bytes above 127", [&] {
    return encode_case(f, "\xc3\xa9t\xc3\xa9", {{0xc3, 0xa9}, {256, 't'}});
  });
  checks.run("random pieces up to 100 bytes, 30 merges", [&] {
    embedlab::Rng rng(202);
    for (int round = 0; round < 30; round++) {
      Merges merges = random_merges(&rng, 30);
      std::string piece(1 + rng.below(100), 'a');
      for (char& ch : piece) ch = char('a' + rng.below(3));
      std::string diff = encode_case(f, piece, merges);
      if (!diff.empty()) return diff;
    }
    return std::string();
  });
  checks.run("trained merges, words of a story", [&] {
    const std::string text =
        "the quick brown fox jumps over the lazy dog. the dog sleeps; the fox runs "
        "to the other side of the river, and the other foxes follow the quick one.";
    embedlab::BpeTrainOptions opt;
    opt.vocab_size = 256 + 40;
    embedlab::Tokenizer trained;
    embedlab::Status s = embedlab::bpe_train(text, opt, &trained);
    if (!s.ok()) return "could not train the reference tokenizer: " + s.message();
    for (const char* w : {" the", " quick", " foxes", " other", " river", "thethe", " sleeps"}) {
      std::string diff = encode_case(f, w, trained.merges());
      if (!diff.empty()) return diff;
    }
    return std::string();
  });
  return checks.results();
}

}  // namespace grader

#ifdef EXERCISE_GRADER_MAIN
#include "exercise_functions.h"
int main() { return grader::grade("02", grader::kTitle02, exercise::checks_02); }
#endif
