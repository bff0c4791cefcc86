// Word-similarity evaluation: how well the cosines of word pairs agree with human
// judgements (WordSim-353, SimLex-999, MEN). Each line of a set is
//   word1 word2 score          e.g. "tiger<TAB>cat<TAB>7.35"
// separated by tabs or spaces; blank lines and lines starting with '#' are skipped.
// Words are lowercased (ASCII), as for analogy questions.
//
// A pair is covered when both words are single whole tokens (" word" or "word", the
// rule of analogy_eval.h); the model's score for it is cosine(E[w1], E[w2]). The
// agreement is Spearman's rank correlation over the covered pairs:
//   rho = Pearson correlation of rank(cosines) and rank(human scores)
// where equal values share the mean of the ranks they occupy (ties on both sides).
// e.g. x = {1, 2, 2, 3} ranks {1, 2.5, 2.5, 4}. Without ties this equals the textbook
// rho = 1 - 6 sum d_i^2 / (n (n^2 - 1)). rho is NaN with fewer than 2 pairs or when
// either side is constant (its ranks have no spread).
//
// Shapes: N pairs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explore/vocab_vectors.h"
#include "util/status.h"

namespace embedlab {

// The ranks of x (N), from 1, ties given the mean of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& x);
// Spearman's rho of x and y (both N).  REQUIRES: x.size() == y.size()
double spearman(const std::vector<double>& x, const std::vector<double>& y);

struct SimilarityPair {
  std::string a, b;  // lowercased
  double score = 0;  // the human judgement
  int line = 0;      // in the file, from 1
};

// Parses the text of a set; `path` names it in messages, e.g.
// "ws.txt:7: expected 'word1 word2 score', got 2 fields". A set without pairs is an error.
Status parse_similarity_pairs(std::vector<SimilarityPair>* out, const std::string& text,
                              const std::string& path);
Status read_similarity_pairs(std::vector<SimilarityPair>* out, const std::string& path);

struct SimilarityReport {
  int total = 0;        // pairs in the set
  int covered = 0;      // pairs whose two words are single tokens
  int zero_rows = 0;    // covered pairs with an all-zero (never trained) row: cosine 0
  double rho = 0;       // Spearman over the covered pairs (NaN: undefined)
  std::vector<std::string> unknown_words;  // distinct, in order of first appearance
};

SimilarityReport evaluate_similarity(const VocabVectors& vv,
                                     const std::vector<SimilarityPair>& pairs);

// The same pairs scored by a random table: the same tokens, V x C normal values from
// `seed`. Its rho is near 0 (about +-1/sqrt(covered)): the bar a model has to clear.
Status random_similarity_baseline(SimilarityReport* out, const std::vector<std::string>& tokens,
                                  int C, uint64_t seed, const std::vector<SimilarityPair>& pairs);

// rho with 4 decimals, or "n/a" when it is undefined.
std::string format_rho(double rho);

}  // namespace embedlab
