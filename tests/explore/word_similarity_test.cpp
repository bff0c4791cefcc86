#include "explore/word_similarity.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

using namespace embedlab;

namespace {

// Four words, C = 2, one all-zero row. Cosines (by hand, from the rows below):
//   cat.dog  = (1*1 + 0*1)/(1*sqrt2)  = 0.7071    cat.car  = 0
//   dog.car  = (0 + 1)/sqrt2          = 0.7071    cat.tiger = 1 (tiger = 2 cat)
//   anything with " never" = 0 (all zeros)
VocabVectors similarity_vocab() {
  std::vector<std::string> tokens = {" cat", " dog", " car", "tiger", " never", ","};
  std::vector<float> E = {1, 0, 1, 1, 0, 1, 2, 0, 0, 0, 5, 5};
  VocabVectors vv;
  Status s = VocabVectors::create(&vv, E, tokens, 2);
  EXPECT_TRUE(s.ok()) << s.message();
  return vv;
}

}  // namespace

TEST(WordSimilarity, AverageRanksShareTies) {
  // Sorted: 10 (rank 1), then three 20s in ranks 2, 3, 4 (mean 3), then 30 (rank 5).
  EXPECT_EQ(average_ranks({10, 20, 20, 30, 20}), (std::vector<double>{1, 3, 3, 5, 3}));
  EXPECT_EQ(average_ranks({}), std::vector<double>{});
}

TEST(WordSimilarity, SpearmanWithTiesMatchesHandComputation) {
  // x = {1, 2, 2, 3} ranks {1, 2.5, 2.5, 4}; y = {1, 3, 2, 4} ranks {1, 3, 2, 4}.
  // Both have mean 2.5. Deviations dx = {-1.5, 0, 0, 1.5}, dy = {-1.5, .5, -.5, 1.5}:
  // sum dx dy = 4.5, sum dx^2 = 4.5, sum dy^2 = 5, rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 3, 2, 4}), std::sqrt(0.9), 1e-12);  // rounding only
  // Ties on both sides: x ranks {1.5, 1.5, 3}, y ranks {1, 2.5, 2.5}; dx = {-.5,-.5,1},
  // dy = {-1, .5, .5}: sum dx dy = .5 - .25 + .5 = .75, each sum of squares 1.5: rho = 0.5.
  EXPECT_NEAR(spearman({5, 5, 9}, {0, 7, 7}), 0.5, 1e-12);
}

TEST(WordSimilarity, SpearmanMatchesTextbookExample) {
  // Wikipedia's "Spearman's rank correlation coefficient" example: IQ against hours of
  // TV per week for 10 people, no ties; sum d^2 = 194 and rho = 1 - 6*194/(10*99) = -29/165.
  const std::vector<double> iq = {106, 86, 100, 101, 99, 103, 97, 113, 112, 110};
  const std::vector<double> tv = {7, 0, 27, 50, 28, 29, 20, 12, 6, 17};
  EXPECT_NEAR(spearman(iq, tv), -29.0 / 165.0, 1e-12);
}

TEST(WordSimilarity, SpearmanIsRankBasedAndUndefinedWithoutSpread) {
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {1, 8, 27, 1000}), 1.0);  // any increasing map
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3}, {3, 2, 1}), -1.0);
  EXPECT_TRUE(std::isnan(spearman({1, 2, 3}, {4, 4, 4})));  // no spread on one side
  EXPECT_TRUE(std::isnan(spearman({1}, {2})));              // one pair
  EXPECT_EQ(format_rho(std::nan("")), "n/a");
  EXPECT_EQ(format_rho(-29.0 / 165.0), "-0.1758");
}

TEST(WordSimilarity, ParsesTabsSpacesCommentsAndBlankLines) {
  std::vector<SimilarityPair> pairs;
  Status s = parse_similarity_pairs(&pairs, "# a comment\nTiger\tcat\t7.35\n\n  book  paper 7.46\r\n"
                                            "a b -1e1", "ws.txt");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].a, "tiger");  // lowercased, as analogy questions are
  EXPECT_EQ(pairs[0].b, "cat");
  EXPECT_DOUBLE_EQ(pairs[0].score, 7.35);
  EXPECT_EQ(pairs[0].line, 2);
  EXPECT_EQ(pairs[1].a, "book");
  EXPECT_EQ(pairs[1].line, 4);
  EXPECT_DOUBLE_EQ(pairs[2].score, -10);
}

TEST(WordSimilarity, BadLinesNameFileAndLine) {
  std::vector<SimilarityPair> pairs;
  auto message = [&](const std::string& text) {
    return parse_similarity_pairs(&pairs, text, "ws.txt").message();
  };
  EXPECT_EQ(message("a b 1\ntiger cat\n"), "ws.txt:2: expected 'word1 word2 score', got 2 fields");
  EXPECT_EQ(message("a b 1 2\n"), "ws.txt:1: expected 'word1 word2 score', got 4 fields");
  EXPECT_EQ(message("\n\na b high\n"), "ws.txt:3: score 'high' is not a finite number");
  EXPECT_EQ(message("a b 7.5x\n"), "ws.txt:1: score '7.5x' is not a finite number");
  EXPECT_EQ(message("a b nan\n"), "ws.txt:1: score 'nan' is not a finite number");
  EXPECT_EQ(message("a b 1e999\n"), "ws.txt:1: score '1e999' is not a finite number");
  EXPECT_EQ(message("# only a comment\n\n"), "ws.txt: no pairs (expected lines 'word1 word2 score')");
  const std::string missing = embedlab_test::temp_dir() + "/missing.txt";
  EXPECT_EQ(read_similarity_pairs(&pairs, missing).message(),
            missing + ": cannot open: No such file or directory");
}

TEST(WordSimilarity, CoverageAndRhoOnASmallTable) {
  VocabVectors vv = similarity_vocab();
  std::vector<SimilarityPair> pairs;
  ASSERT_TRUE(parse_similarity_pairs(&pairs,
                                     "cat tiger 9\n"    // cosine 1
                                     "cat dog 6\n"      // cosine 0.7071
                                     "cat car 1\n"      // cosine 0
                                     "cat lion 8\n"     // lion: not a token
                                     "zebra lion 8\n",  // neither
                                     "ws.txt")
                  .ok());
  SimilarityReport r = evaluate_similarity(vv, pairs);
  EXPECT_EQ(r.total, 5);
  EXPECT_EQ(r.covered, 3);
  EXPECT_EQ(r.zero_rows, 0);
  // Cosines 1, 0.7071, 0 and scores 9, 6, 1 are in the same order: rho = 1.
  EXPECT_DOUBLE_EQ(r.rho, 1.0);
  EXPECT_EQ(r.unknown_words, (std::vector<std::string>{"lion", "zebra"}));

  // An untrained row is counted, and its cosine 0 takes part: cosines {0.7071, 0, 0}
  // rank {3, 1.5, 1.5}; scores {1, 2, 3} rank {1, 2, 3}; dx = {1, -.5, -.5},
  // dy = {-1, 0, 1}: sum dx dy = -1.5, sums of squares 1.5 and 2: rho = -1.5/sqrt(3).
  ASSERT_TRUE(parse_similarity_pairs(&pairs, "dog car 1\ncat car 2\nnever dog 3\n", "ws.txt").ok());
  r = evaluate_similarity(vv, pairs);
  EXPECT_EQ(r.covered, 3);
  EXPECT_EQ(r.zero_rows, 1);
  EXPECT_NEAR(r.rho, -1.5 / std::sqrt(3.0), 1e-7);  // float cosines
}

TEST(WordSimilarity, RandomBaselineIsTheSeededRandomTable) {
  VocabVectors vv = similarity_vocab();
  std::vector<SimilarityPair> pairs;
  ASSERT_TRUE(parse_similarity_pairs(&pairs, "cat tiger 9\ncat dog 6\ncat car 1\ndog car 2\n",
                                     "ws.txt")
                  .ok());
  SimilarityReport a, b;
  ASSERT_TRUE(random_similarity_baseline(&a, vv.tokens(), 8, 7, pairs).ok());
  VocabVectors rnd;
  ASSERT_TRUE(random_vocab_vectors(&rnd, vv.tokens(), 8, 7).ok());
  b = evaluate_similarity(rnd, pairs);
  EXPECT_EQ(a.covered, 4);
  EXPECT_EQ(a.rho, b.rho);  // the same table, so the same bits
  ASSERT_TRUE(random_similarity_baseline(&b, vv.tokens(), 8, 8, pairs).ok());
  EXPECT_NE(a.rho, b.rho);  // another seed, another table
}
