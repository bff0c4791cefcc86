// Toyworld: the shipped training text, a small world told in plain lowercase
// English in which a few relations always hold (king/queen, cat/kitten,
// france/paris, walk/walked, big/bigger ...), so that a next-token model can
// learn them and its embedding table can answer analogies such as
// king : queen :: man : ?  (expected: woman).
//
// How the text is made. An input embedding only learns from the tokens that
// FOLLOW its word, so every family word is built from "features", and each time
// the word appears it is followed by a phrase of one of its features:
//   king  = male + royal + grown-up + singular   -> "the king trusted the baker",
//           "the king ruled the valley", "the king paid the rent", "the king was there"
//   queen = female + royal + grown-up + singular -> "the queen polished the lamp", ...
//   kitten = purring pair (shared with cat) + young + singular -> "the kitten tumbled in the straw"
// A relation (male -> female) is one change of feature, the same in every pair,
// so queen - king + man lands near woman. corpus/README.md lists every feature.
// The words of a sentence are drawn from shuffled decks, so every family word
// appears equally often and each of its features in fixed proportions.
//
// The generator uses only Rng and integer arithmetic: the same seed and size give
// the same bytes on every machine.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "util/status.h"

namespace embedlab {

// One analogy family: every pair (a, b) is related the same way, e.g. "gender"
// holds (king, queen), (man, woman), ... so "king queen man woman" is a question.
struct WordFamily {
  std::string name;  // section name in the analogy file, e.g. "gender"
  std::vector<std::pair<std::string, std::string>> pairs;
};

// The seven families of the toyworld, in the order of the analogy file:
// gender, royal-common, young-animals, plurals, capitals, past-tense, comparatives.
const std::vector<WordFamily>& toyworld_families();
// Nouns that take part in no relation (paper, water, stone, music, cloud, bread):
// controls for the similarity lessons.
const std::vector<std::string>& toyworld_unrelated_nouns();

constexpr uint64_t kToyworldSeed = 1;
constexpr int64_t kToyworldBytes = 2500000;       // the committed corpus/toyworld.txt
constexpr int64_t kToyworldMinBytes = 1000;
constexpr int64_t kToyworldMaxBytes = 64 << 20;

// *out = the toyworld text: one paragraph per line, ending at the first paragraph
// that brings it to at least `size_bytes` bytes. Bad input when size_bytes is
// outside [kToyworldMinBytes, kToyworldMaxBytes].
Status toyworld_text(std::string* out, uint64_t seed, int64_t size_bytes);

// The analogy questions in word2vec's questions-words.txt format: for each
// family a line ": name", then "a b c d" for every two distinct pairs (a, b) and
// (c, d) of the family, in order.
std::string toyworld_analogies();

// The words that may follow `word` in the text (the first word of each phrase of
// its features), sorted; empty for a word that is not a family or unrelated word.
// e.g. "king" -> {"is", "paid", "reigned", "ruled", "trusted", "was", "wrinkled", ...}
std::vector<std::string> toyworld_next_words(const std::string& word);

}  // namespace embedlab
