#include "explore/word_similarity.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <set>

#include "explore/similarity.h"
#include "util/file.h"
#include "util/lines.h"

namespace embedlab {

std::vector<double> average_ranks(const std::vector<double>& x) {
  const size_t N = x.size();
  std::vector<size_t> order(N);
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return x[i] < x[j]; });
  std::vector<double> rank(N);
  for (size_t i = 0; i < N;) {
    size_t j = i;  // order[i..j) hold equal values: ranks i+1 .. j, mean (i+1+j)/2
    while (j < N && x[order[j]] == x[order[i]]) j++;
    for (size_t k = i; k < j; k++) rank[order[k]] = (double(i + 1) + double(j)) / 2;
    i = j;
  }
  return rank;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t N = x.size();
  if (N < 2) return std::nan("");
  std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  const double mean = (double(N) + 1) / 2;  // the mean of any N ranks, ties or not
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < N; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0 || syy == 0) return std::nan("");
  return sxy / std::sqrt(sxx * syy);
}

namespace {

// One line's pair, or an error starting with `where` ("path:line: ").
Status parse_pair(const std::vector<std::string>& f, const std::string& where,
                  SimilarityPair* out) {
  if (f.size() != 3)
    return Status::bad_input(where + "expected 'word1 word2 score', got " +
                             std::to_string(f.size()) + " fields");
  char* end = nullptr;
  double score = std::strtod(f[2].c_str(), &end);
  if (end == f[2].c_str() || *end != '\0' || !std::isfinite(score)) {
    const std::string shown = printable(f[2].substr(0, 40)) + (f[2].size() > 40 ? "..." : "");
    return Status::bad_input(where + "score '" + shown + "' is not a finite number");
  }
  out->a = ascii_lower(f[0]);
  out->b = ascii_lower(f[1]);
  out->score = score;
  return Status();
}

}  // namespace

Status parse_similarity_pairs(std::vector<SimilarityPair>* out, const std::string& text,
                              const std::string& path) {
  out->clear();
  const Status read = for_each_line(text, 0, 1, [&](const std::string& line, int line_no) {
    std::vector<std::string> fields = split_words(line);
    if (fields.empty() || fields[0][0] == '#') return Status();
    SimilarityPair p;
    EMBEDLAB_RETURN_IF_ERROR(parse_pair(fields, path + ":" + std::to_string(line_no) + ": ", &p));
    p.line = line_no;
    out->push_back(p);
    return Status();
  });
  EMBEDLAB_RETURN_IF_ERROR(read);
  if (out->empty())
    return Status::bad_input(path + ": no pairs (expected lines 'word1 word2 score')");
  return Status();
}

Status read_similarity_pairs(std::vector<SimilarityPair>* out, const std::string& path) {
  std::string text;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &text));
  return parse_similarity_pairs(out, text, path);
}

SimilarityReport evaluate_similarity(const VocabVectors& vv,
                                     const std::vector<SimilarityPair>& pairs) {
  SimilarityReport rep;
  std::set<std::string> unknown_seen;
  std::vector<double> model, human;
  for (const SimilarityPair& p : pairs) {
    rep.total++;
    const int32_t a = vv.find_word(p.a), b = vv.find_word(p.b);
    for (const auto& [w, id] : {std::pair{&p.a, a}, {&p.b, b}})
      if (id < 0 && unknown_seen.insert(*w).second) rep.unknown_words.push_back(*w);
    if (a < 0 || b < 0) continue;
    rep.covered++;
    if (vv.zero_row(a) || vv.zero_row(b)) rep.zero_rows++;
    model.push_back(cosine(vv.row(a), vv.row(b), vv.C()));
    human.push_back(p.score);
  }
  rep.rho = spearman(model, human);
  return rep;
}

Status random_similarity_baseline(SimilarityReport* out, const std::vector<std::string>& tokens,
                                  int C, uint64_t seed, const std::vector<SimilarityPair>& pairs) {
  VocabVectors vv;
  EMBEDLAB_RETURN_IF_ERROR(random_vocab_vectors(&vv, tokens, C, seed));
  *out = evaluate_similarity(vv, pairs);
  return Status();
}

std::string format_rho(double rho) {
  if (std::isnan(rho)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", rho);
  return buf;
}

}  // namespace embedlab
