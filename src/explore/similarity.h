// Similarity between embedding vectors, nearest neighbours and analogies.
//
//   cosine(u, v)    = u.v / (|u| |v|)           in [-1, 1]; 0 when either is all zeros
//   euclidean(u, v) = sqrt(sum_c (u_c - v_c)^2)
//
// Nearest neighbours of a query q: the top-k tokens x by cosine(E[x], q). With the
// table normalised once (En[x] = E[x] / |E[x]|), all V cosines are one matrix-vector
// product: s = En q / |q| (cblas_sgemv). The query's own token(s) are left out.
//
// Analogies a : b :: c : ?  (man : woman :: king : queen), with unit vectors
// a^ = a/|a| etc. (word2vec's compute-accuracy and Levy & Goldberg 2014):
//   3CosAdd  argmax_x cos(x, d)  with d = b^ - a^ + c^   (one sgemv: En d / |d|)
//   3CosMul  argmax_x cos'(x,b) cos'(x,c) / (cos'(x,a) + 0.001),  cos' = (cos + 1) / 2
// The shift to [0, 1] keeps the product and quotient meaningful for negative cosines;
// 3CosMul gets its three cosine columns from one sgemm: En (V,C) x [a^ b^ c^] (C,3).
// a, b and c are never answers. Ties go to the lower token id.
//
// Candidates: by default only word-like tokens (see vocab_vectors.h) are answers,
// because byte, digit and punctuation tokens are not what "like king" asks for.
// Set word_like_only = false to search the whole vocabulary.
// Untrained and rare rows: a model whose table starts at zero leaves the row of a token
// it never saw all zeros, and one it saw a few times barely moved; their cosines say
// nothing. By default neither is an answer: all-zero rows are left out, and with
// `counts` (times each token occurred in training) so are tokens seen fewer than
// `min_count` times. all_rows = true keeps every row.
//
// Shapes: V vocabulary size, C embedding dimension.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explore/vocab_vectors.h"
#include "util/status.h"

namespace embedlab {

float cosine(const float* u, const float* v, int C);
float euclidean(const float* u, const float* v, int C);

struct Neighbor {
  int32_t id;
  float score;  // cosine for neighbours and 3CosAdd; the 3CosMul ratio for 3CosMul
};

struct SearchOptions {
  int k = 10;                   // how many answers
  bool word_like_only = true;   // candidates: word-like tokens only (see above)
  bool all_rows = false;        // also all-zero and rarely seen rows (see above)
  const std::vector<int64_t>* counts = nullptr;  // (V) or null: counts unknown
  int64_t min_count = 0;        // with counts: fewer sightings leave a token out
};

// True when token x may be an answer under opt's rules for word-like, all-zero and
// rarely seen rows (not counting `exclude` lists).
bool is_candidate(const VocabVectors& vv, int32_t x, const SearchOptions& opt);

enum class AnalogyMethod { k3CosAdd, k3CosMul };
const char* analogy_method_name(AnalogyMethod m);                 // "3CosAdd", "3CosMul"
Status parse_analogy_method(const std::string& name, AnalogyMethod* out);  // case-insensitive

// 3CosMul's score from the three cosines of a candidate x with a, b and c.
inline float cos_mul(float cos_xa, float cos_xb, float cos_xc) {
  return ((cos_xb + 1) / 2) * ((cos_xc + 1) / 2) / ((cos_xa + 1) / 2 + 0.001f);
}

// The best k of `scores` (V) over the candidates, leaving out `exclude`, best first.
// Scores of non-candidates are ignored. Ties go to the lower id.
std::vector<Neighbor> top_k(const float* scores, const VocabVectors& vv,
                            const std::vector<int32_t>& exclude, const SearchOptions& opt);

// Top-k tokens by cosine to the vector q (C), leaving out `exclude`.
std::vector<Neighbor> nearest_to_vector(const VocabVectors& vv, const float* q,
                                        const std::vector<int32_t>& exclude,
                                        const SearchOptions& opt);
// Top-k neighbours of a word (looked up by word_vector; its token(s) left out).
// `note`, when not null, receives word_vector's note ("" for a single token).
Status nearest_neighbors(std::vector<Neighbor>* out, std::string* note, const VocabVectors& vv,
                         const std::string& word, const SearchOptions& opt);

// a : b :: c : ? for token ids.  REQUIRES: 0 <= a, b, c < V
std::vector<Neighbor> analogy_ids(const VocabVectors& vv, int32_t a, int32_t b, int32_t c,
                                  AnalogyMethod method, const SearchOptions& opt);
// a : b :: c : ? for words {a, b, c} (exactly three; multi-token words use their mean
// vector and all their tokens are left out). `notes` (may be null) gets word_vector's notes.
Status analogy(std::vector<Neighbor>* out, std::vector<std::string>* notes,
               const VocabVectors& vv, const std::vector<std::string>& words,
               AnalogyMethod method, const SearchOptions& opt);

}  // namespace embedlab
