// VocabVectors: a trained token embedding table and the bytes of every token,
// the input of every tool in src/explore/ (similarity, analogies, PCA, export).
// It knows nothing of the tokenizer or the trainer: give it the table, the token
// strings and, optionally, an encode callback for words that span several tokens.
//
// A word becomes a vector like this (GPT-2 style tokens: mid-sentence words carry
// a leading space, so " king" is the usual token for the word king):
//   1. the single token " word"                       e.g. "king"  -> row of " king"
//   2. else the single token "word"                   e.g. "king"  -> row of "king"
//   3. else, with an encode callback, the mean of the rows of encode(" word"):
//        v = (1/n) sum_i E[id_i]                      e.g. "kingdoms" -> mean of
//      and a note says so, naming the whole-word tokens  " king", "dom", "s"
//      within |word|/3 edits (a typo: "quen" is ' qu','en'; did you mean: queen?)
//   4. else an error with up to 3 close spellings among the whole-word tokens
//      (Levenshtein edit distance), e.g. "unknown word 'quen' (did you mean: queen?)"
//
// "Word-like" tokens are a leading space followed by ASCII letters, or ASCII letters
// only (" king", "king"; not " 1990", ",", "\n" or a byte of a UTF-8 character).
// Neighbour and analogy searches use only them by default: byte and punctuation
// tokens are not answers to "what is like king?". Non-ASCII words are left out too.
//
// Shapes: V vocabulary size (rows), C embedding dimension (columns).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/status.h"

namespace embedlab {

// Encodes text into token ids (e.g. a BPE tokenizer's encode). Used for words that
// are not a single token.
using EncodeFn = std::function<Status(const std::string& text, std::vector<int32_t>* ids)>;

class VocabVectors {
 public:
  // Takes E (V,C) row-major and the V token byte strings. Fails (never crashes) on an
  // empty table, mismatched sizes or non-finite values. `encode` may be null.
  static Status create(VocabVectors* out, std::vector<float> E,
                       std::vector<std::string> tokens, int C, EncodeFn encode = nullptr);

  int V() const { return V_; }
  int C() const { return C_; }
  const float* table() const { return E_.data(); }                      // (V,C)
  const float* row(int32_t id) const { return E_.data() + size_t(id) * C_; }
  // The rows scaled to unit length, computed once (an all-zero row stays zero).
  const float* normalized() const { return En_.data(); }                // (V,C)
  const float* normalized_row(int32_t id) const { return En_.data() + size_t(id) * C_; }
  const std::string& token(int32_t id) const { return tokens_[size_t(id)]; }
  const std::vector<std::string>& tokens() const { return tokens_; }
  bool word_like(int32_t id) const { return word_like_[size_t(id)] != 0; }
  // True when the row is all zeros: in a model whose table starts at zero, a token
  // that training never touched (see similarity.h, SearchOptions::all_rows).
  bool zero_row(int32_t id) const { return zero_[size_t(id)] != 0; }
  // The id of the token with exactly these bytes, or -1.
  int32_t find_token(const std::string& bytes) const;
  // The id of a word as one token: " word" first, then "word"; -1 if neither exists.
  int32_t find_word(const std::string& word) const;
  const EncodeFn& encode() const { return encode_; }

 private:
  int V_ = 0, C_ = 0;
  std::vector<float> E_, En_;
  std::vector<std::string> tokens_;
  std::vector<uint8_t> word_like_, zero_;
  std::unordered_map<std::string, int32_t> index_;
  EncodeFn encode_;
};

// A table of the same tokens whose V x C values are standard normal draws from `seed`:
// the baseline whose directions mean nothing (analogy_eval.h, word_similarity.h).
Status random_vocab_vectors(VocabVectors* out, const std::vector<std::string>& tokens, int C,
                            uint64_t seed);

// The whitespace-separated words of a line of a word list (analogy questions, rated
// pairs): e.g. "a\tb  c" -> {"a", "b", "c"}.
std::vector<std::string> split_words(const std::string& line);
// ASCII letters lowercased, every other byte as it is.
std::string ascii_lower(std::string s);

// A leading space then ASCII letters, or ASCII letters only.
bool is_word_like(const std::string& token);

struct WordVector {
  std::vector<float> v;        // (C) the vector (a mean when the word is several tokens)
  std::vector<int32_t> ids;    // the token(s) used
  std::string note;            // "" for a single token, else how the vector was made
};

// The vector of `word` by the rules at the top of this file.
Status word_vector(WordVector* out, const VocabVectors& vv, const std::string& word);

// Up to `max_count` whole-word spellings (word-like tokens without their leading space)
// closest to `word` by edit distance, at most max_edits edits away (0: max(1, |word| / 2));
// ties go to the lower token id (BPE learns frequent words first).
std::vector<std::string> close_spellings(const VocabVectors& vv, const std::string& word,
                                         int max_count = 3, int max_edits = 0);

// Levenshtein distance: insertions, deletions and substitutions of bytes, each costing 1.
int edit_distance(const std::string& a, const std::string& b);

// A token shown in messages: its bytes in single quotes, whole UTF-8 characters as
// themselves, \n, \t, \r and \\ escaped, and other control bytes and bytes of
// invalid UTF-8 as \xNN. e.g. " king" -> "' king'", "caf\xc3\xa9\xff" -> "'café\xff'".
std::string quote_token(const std::string& bytes);

}  // namespace embedlab
