#include "explore/similarity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "util/rng.h"

using namespace embedlab;

namespace {

// Columns: royal, person, male, female. king = royal + male, queen = royal + female,
// man = person + male, woman = person + female, so woman - man + king = queen exactly.
// "," has queen's vector but is punctuation; it comes first so that it wins the tie
// when every token is a candidate.
VocabVectors royal_vocab() {
  std::vector<std::string> tokens = {",", " king", " queen", " man", " woman",
                                     " prince", " apple"};
  std::vector<float> E = {1, 0, 0, 1,        // ","
                          1, 0, 1, 0,        // king
                          1, 0, 0, 1,        // queen
                          0, 1, 1, 0,        // man
                          0, 1, 0, 1,        // woman
                          1, 0, 0.9f, 0.1f,  // prince: close to king
                          0, 0, 0.1f, 0.1f}; // apple: far from all
  VocabVectors vv;
  EXPECT_TRUE(VocabVectors::create(&vv, E, tokens, 4).ok());
  return vv;
}

}  // namespace

TEST(Similarity, CosineAndEuclideanByHand) {
  float u[3] = {1, 2, 2}, v[3] = {2, 0, 0}, z[3] = {0, 0, 0};
  // u.v = 2, |u| = 3, |v| = 2 -> 1/3;  |u - v|^2 = 1 + 4 + 4 -> 3. Float rounding: 1e-7.
  EXPECT_NEAR(cosine(u, v, 3), 1.0 / 3.0, 1e-7);
  EXPECT_NEAR(euclidean(u, v, 3), 3.0, 1e-7);
  EXPECT_EQ(cosine(u, z, 3), 0.0f);  // defined as 0 for a zero vector
  EXPECT_NEAR(cosine(u, u, 3), 1.0, 1e-7);
}

TEST(Similarity, NeighboursMatchABruteForceCosineLoop) {
  // A random table: the sgemv path against cosine() called on every row.
  int V = 50, C = 8;
  Rng rng(7);
  std::vector<float> E(size_t(V) * C);
  for (float& x : E) x = float(rng.normal());
  std::vector<std::string> tokens;
  for (int i = 0; i < V; i++) tokens.push_back(" w" + std::string(1, char('a' + i % 26)) +
                                               std::string(1, char('a' + i / 26)));
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, E, tokens, C).ok());
  SearchOptions opt;
  opt.k = 5;
  std::vector<Neighbor> got = nearest_to_vector(vv, vv.row(3), {3}, opt);
  std::vector<std::pair<float, int>> want;
  for (int x = 0; x < V; x++)
    if (x != 3) want.push_back({cosine(vv.row(x), vv.row(3), C), x});
  std::sort(want.begin(), want.end(), [](auto& p, auto& q) { return p.first > q.first; });
  ASSERT_EQ(got.size(), 5u);
  for (int i = 0; i < 5; i++) {
    EXPECT_EQ(got[size_t(i)].id, want[size_t(i)].second);
    // sgemv (float sums) vs double sums: 1e-5 for C = 8.
    EXPECT_NEAR(got[size_t(i)].score, want[size_t(i)].first, 1e-5);
  }
}

TEST(Similarity, NeighboursOfAWordLeaveOutTheWordAndPunctuation) {
  VocabVectors vv = royal_vocab();
  std::vector<Neighbor> nn;
  std::string note;
  SearchOptions opt;
  opt.k = 2;
  ASSERT_TRUE(nearest_neighbors(&nn, &note, vv, "queen", opt).ok());
  // cos(queen, prince) = 1.1 / (sqrt2 sqrt1.82) = 0.577; cos(queen, king) = 1/2 and
  // cos(queen, woman) = 1/2: a tie, the lower id (king) first.
  ASSERT_EQ(nn.size(), 2u);
  EXPECT_EQ(vv.token(nn[0].id), " prince");
  EXPECT_EQ(vv.token(nn[1].id), " king");
  EXPECT_NEAR(nn[0].score, 1.1 / std::sqrt(2 * 1.82), 1e-6);  // float rounding
  EXPECT_NEAR(nn[1].score, 0.5, 1e-6);
  EXPECT_EQ(note, "");
  opt.word_like_only = false;  // now "," (queen's own vector) is first
  ASSERT_TRUE(nearest_neighbors(&nn, &note, vv, "queen", opt).ok());
  EXPECT_EQ(vv.token(nn[0].id), ",");
  EXPECT_NEAR(nn[0].score, 1.0, 1e-6);
}

TEST(Analogy, ThreeCosAddFindsQueen) {
  VocabVectors vv = royal_vocab();
  std::vector<Neighbor> out;
  SearchOptions opt;
  opt.k = 3;
  ASSERT_TRUE(analogy(&out, nullptr, vv, {"man", "woman", "king"}, AnalogyMethod::k3CosAdd, opt)
                  .ok());
  ASSERT_EQ(out.size(), 3u);
  // d = (woman - man + king)/sqrt2 = queen/sqrt2: cos(queen, d) = 1 (float: 1e-6).
  EXPECT_EQ(vv.token(out[0].id), " queen");
  EXPECT_NEAR(out[0].score, 1.0, 1e-6);
  for (const Neighbor& n : out) {  // the inputs are never answers
    EXPECT_NE(vv.token(n.id), " man");
    EXPECT_NE(vv.token(n.id), " woman");
    EXPECT_NE(vv.token(n.id), " king");
  }
  // Without the word-like filter, "," ties queen at 1 and has the lower id.
  opt.word_like_only = false;
  ASSERT_TRUE(analogy(&out, nullptr, vv, {"man", "woman", "king"}, AnalogyMethod::k3CosAdd, opt)
                  .ok());
  EXPECT_EQ(vv.token(out[0].id), ",");
}

TEST(Analogy, ThreeCosMulMatchesItsFormulaOnEveryCandidate) {
  VocabVectors vv = royal_vocab();
  int C = vv.C();
  SearchOptions opt;
  opt.k = 7;
  opt.word_like_only = false;
  std::vector<Neighbor> out = analogy_ids(vv, 3, 4, 1, AnalogyMethod::k3CosMul, opt);
  // Candidates are the 4 tokens other than man (3), woman (4) and king (1).
  ASSERT_EQ(out.size(), 4u);
  for (const Neighbor& n : out) {
    auto cs = [&](int w) { return (cosine(vv.row(n.id), vv.row(w), C) + 1.0) / 2.0; };
    double want = cs(4) * cs(1) / (cs(3) + 0.001);
    EXPECT_NEAR(n.score, want, 1e-5) << vv.token(n.id);  // float vs double: 1e-5
  }
  // queen: cos'(queen,woman) = 3/4, cos'(queen,king) = 3/4, cos'(queen,man) = 1/2
  // -> 0.5625 / 0.501; "," has the same vector and the lower id.
  EXPECT_EQ(vv.token(out[0].id), ",");
  EXPECT_EQ(vv.token(out[1].id), " queen");
  EXPECT_NEAR(out[1].score, 0.5625 / 0.501, 1e-5);
}

TEST(Analogy, NeedsExactlyThreeWords) {
  VocabVectors vv = royal_vocab();
  std::vector<Neighbor> out;
  Status s = analogy(&out, nullptr, vv, {"man", "woman"}, AnalogyMethod::k3CosAdd, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "an analogy a : b :: c : ? needs 3 words, got 2");
}

TEST(Analogy, AnUnknownWordNamesIt) {
  VocabVectors vv = royal_vocab();
  std::vector<Neighbor> out;
  Status s = analogy(&out, nullptr, vv, {"man", "woman", "kong"}, AnalogyMethod::k3CosAdd, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "unknown word 'kong' (did you mean: king?)");
}

TEST(Analogy, MethodNamesParse) {
  AnalogyMethod m;
  ASSERT_TRUE(parse_analogy_method("3cosmul", &m).ok());
  EXPECT_EQ(m, AnalogyMethod::k3CosMul);
  Status s = parse_analogy_method("cosine", &m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "unknown analogy method 'cosine': expected 3CosAdd or 3CosMul");
}

TEST(Similarity, AllZeroAndRareRowsAreNotAnswersUnlessAsked) {
  // " never" is all zeros (a row training never touched): its cosine with anything is 0,
  // which outranks every negative cosine, so without the rule it would be an answer.
  std::vector<std::string> tokens = {" up", " down", " never", " seldom"};
  std::vector<float> E = {1, 0,  -1, 0.1f,  0, 0,  -1, 0};
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, E, tokens, 2).ok());
  EXPECT_FALSE(vv.zero_row(0));
  EXPECT_TRUE(vv.zero_row(2));
  SearchOptions opt;
  opt.k = 3;
  auto ids = [&](const SearchOptions& o) {
    std::vector<int32_t> out;
    for (const Neighbor& n : nearest_to_vector(vv, vv.row(0), {0}, o)) out.push_back(n.id);
    return out;
  };
  EXPECT_EQ(ids(opt), (std::vector<int32_t>{1, 3}));  // cosines -0.995 and -1
  // Counts: " down" seen 4 times is below min_count 5, " seldom" seen 5 times is not.
  const std::vector<int64_t> counts = {100, 4, 0, 5};
  opt.counts = &counts;
  opt.min_count = 5;
  EXPECT_EQ(ids(opt), (std::vector<int32_t>{3}));
  EXPECT_FALSE(is_candidate(vv, 1, opt));
  EXPECT_TRUE(is_candidate(vv, 3, opt));
  opt.all_rows = true;  // everything, best first: 0 > -0.995 > -1
  EXPECT_EQ(ids(opt), (std::vector<int32_t>{2, 1, 3}));
}
