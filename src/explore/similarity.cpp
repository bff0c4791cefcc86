#include "explore/similarity.h"

#include <cblas.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace embedlab {

float cosine(const float* u, const float* v, int C) {
  double uv = 0, uu = 0, vv = 0;
  for (int c = 0; c < C; c++) {
    uv += double(u[c]) * v[c];
    uu += double(u[c]) * u[c];
    vv += double(v[c]) * v[c];
  }
  if (uu == 0 || vv == 0) return 0.0f;
  return float(uv / std::sqrt(uu * vv));
}

float euclidean(const float* u, const float* v, int C) {
  double ss = 0;
  for (int c = 0; c < C; c++) {
    double d = double(u[c]) - v[c];
    ss += d * d;
  }
  return float(std::sqrt(ss));
}

const char* analogy_method_name(AnalogyMethod m) {
  return m == AnalogyMethod::k3CosMul ? "3CosMul" : "3CosAdd";
}

Status parse_analogy_method(const std::string& name, AnalogyMethod* out) {
  std::string low;
  for (char ch : name) low += char(std::tolower(static_cast<unsigned char>(ch)));
  if (low == "3cosadd" || low == "add") *out = AnalogyMethod::k3CosAdd;
  else if (low == "3cosmul" || low == "mul") *out = AnalogyMethod::k3CosMul;
  else return Status::bad_input("unknown analogy method '" + name + "': expected 3CosAdd or 3CosMul");
  return Status();
}

bool is_candidate(const VocabVectors& vv, int32_t x, const SearchOptions& opt) {
  if (opt.word_like_only && !vv.word_like(x)) return false;
  if (opt.all_rows) return true;
  if (vv.zero_row(x)) return false;
  return !opt.counts || (*opt.counts)[size_t(x)] >= opt.min_count;
}

std::vector<Neighbor> top_k(const float* scores, const VocabVectors& vv,
                            const std::vector<int32_t>& exclude, const SearchOptions& opt) {
  std::vector<Neighbor> best;  // sorted best first, at most k
  if (opt.k <= 0) return best;
  size_t k = size_t(opt.k);
  for (int32_t x = 0; x < vv.V(); x++) {
    if (!is_candidate(vv, x, opt)) continue;
    float s = scores[x];
    if (std::isnan(s)) continue;
    if (best.size() == k && !(s > best.back().score)) continue;  // ties keep the lower id
    if (std::find(exclude.begin(), exclude.end(), x) != exclude.end()) continue;
    // Insert after every entry with a score >= s (earlier ids win ties).
    auto pos = std::upper_bound(best.begin(), best.end(), s,
                                [](float v, const Neighbor& n) { return v > n.score; });
    best.insert(pos, Neighbor{x, s});
    if (best.size() > k) best.pop_back();
  }
  return best;
}

std::vector<Neighbor> nearest_to_vector(const VocabVectors& vv, const float* q,
                                        const std::vector<int32_t>& exclude,
                                        const SearchOptions& opt) {
  int V = vv.V(), C = vv.C();
  double qq = 0;
  for (int c = 0; c < C; c++) qq += double(q[c]) * q[c];
  float inv = qq > 0 ? float(1.0 / std::sqrt(qq)) : 0.0f;
  // scores (V) = En (V,C) q (C) / |q|: every cosine at once.
  std::vector<float> scores(size_t(V), 0.0f);
  cblas_sgemv(CblasRowMajor, CblasNoTrans, V, C, inv, vv.normalized(), C, q, 1, 0.0f,
              scores.data(), 1);
  return top_k(scores.data(), vv, exclude, opt);
}

Status nearest_neighbors(std::vector<Neighbor>* out, std::string* note, const VocabVectors& vv,
                         const std::string& word, const SearchOptions& opt) {
  WordVector wv;
  EMBEDLAB_RETURN_IF_ERROR(word_vector(&wv, vv, word));
  if (note) *note = wv.note;
  *out = nearest_to_vector(vv, wv.v.data(), wv.ids, opt);
  return Status();
}

namespace {

// a^, b^, c^ are unit vectors (C) (or zero); `exclude` holds the inputs' tokens.
std::vector<Neighbor> analogy_unit(const VocabVectors& vv, const float* a, const float* b,
                                   const float* c, const std::vector<int32_t>& exclude,
                                   AnalogyMethod method, const SearchOptions& opt) {
  int V = vv.V(), C = vv.C();
  if (method == AnalogyMethod::k3CosAdd) {
    std::vector<float> d(static_cast<size_t>(C));
    for (int i = 0; i < C; i++) d[size_t(i)] = b[i] - a[i] + c[i];
    return nearest_to_vector(vv, d.data(), exclude, opt);
  }
  // Q (C,3) holds a^, b^, c^ as columns; cos (V,3) = En (V,C) Q (C,3).
  std::vector<float> Q(size_t(C) * 3), cos(size_t(V) * 3);
  for (int i = 0; i < C; i++) {
    Q[size_t(i) * 3 + 0] = a[i];
    Q[size_t(i) * 3 + 1] = b[i];
    Q[size_t(i) * 3 + 2] = c[i];
  }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, 3, C, 1.0f, vv.normalized(), C,
              Q.data(), 3, 0.0f, cos.data(), 3);
  std::vector<float> scores(static_cast<size_t>(V));
  for (size_t x = 0; x < size_t(V); x++)
    scores[x] = cos_mul(cos[x * 3 + 0], cos[x * 3 + 1], cos[x * 3 + 2]);
  return top_k(scores.data(), vv, exclude, opt);
}

std::vector<float> unit(const std::vector<float>& v) {
  double ss = 0;
  for (float x : v) ss += double(x) * x;
  double inv = ss > 0 ? 1.0 / std::sqrt(ss) : 0.0;
  std::vector<float> u(v.size());
  for (size_t i = 0; i < v.size(); i++) u[i] = float(v[i] * inv);
  return u;
}

}  // namespace

std::vector<Neighbor> analogy_ids(const VocabVectors& vv, int32_t a, int32_t b, int32_t c,
                                  AnalogyMethod method, const SearchOptions& opt) {
  return analogy_unit(vv, vv.normalized_row(a), vv.normalized_row(b), vv.normalized_row(c),
                      {a, b, c}, method, opt);
}

Status analogy(std::vector<Neighbor>* out, std::vector<std::string>* notes,
               const VocabVectors& vv, const std::vector<std::string>& words,
               AnalogyMethod method, const SearchOptions& opt) {
  if (words.size() != 3)
    return Status::bad_input("an analogy a : b :: c : ? needs 3 words, got " +
                             std::to_string(words.size()));
  std::vector<float> u[3];
  std::vector<int32_t> exclude;
  if (notes) notes->clear();
  for (int i = 0; i < 3; i++) {
    WordVector wv;
    EMBEDLAB_RETURN_IF_ERROR(word_vector(&wv, vv, words[size_t(i)]));
    u[i] = unit(wv.v);
    exclude.insert(exclude.end(), wv.ids.begin(), wv.ids.end());
    if (notes && !wv.note.empty()) notes->push_back(wv.note);
  }
  *out = analogy_unit(vv, u[0].data(), u[1].data(), u[2].data(), exclude, method, opt);
  return Status();
}

}  // namespace embedlab
