#include "explore/vocab_vectors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace embedlab;

namespace {

// Six tokens, C = 2. Rows are chosen so each lookup rule reads a different row.
VocabVectors small_vocab(EncodeFn encode = nullptr) {
  std::vector<std::string> tokens = {" king", "king", "dom", "s", " queen", " queens",
                                     "queen", " green", ",", "\n"};
  std::vector<float> E = {1, 0,    // " king"
                          0, 1,    // "king"
                          2, 2,    // "dom"
                          3, -4,   // "s"
                          1, 1,    // " queen"
                          1, 2,    // " queens"
                          5, 5,    // "queen"
                          0, -1,   // " green"
                          7, 7,    // ","
                          8, 8};   // "\n"
  VocabVectors vv;
  Status s = VocabVectors::create(&vv, E, tokens, 2, std::move(encode));
  EXPECT_TRUE(s.ok()) << s.message();
  return vv;
}

// A stand-in tokenizer: a fixed table of texts and their ids.
EncodeFn table_encoder(std::map<std::string, std::vector<int32_t>> table) {
  return [table](const std::string& text, std::vector<int32_t>* ids) {
    auto it = table.find(text);
    ids->clear();
    if (it != table.end()) *ids = it->second;
    return Status();
  };
}

}  // namespace

TEST(VocabVectors, RejectsAnEmptyTable) {
  VocabVectors vv;
  Status s = VocabVectors::create(&vv, {}, {}, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table is empty (0 tokens)");
}

TEST(VocabVectors, RejectsSizesThatDoNotMatch) {
  VocabVectors vv;
  Status s = VocabVectors::create(&vv, {1, 2, 3}, {"a", "b"}, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table has 3 values but 2 tokens x 2 columns need 4");
}

TEST(VocabVectors, RejectsNonFiniteValues) {
  VocabVectors vv;
  Status s = VocabVectors::create(&vv, {1, 2, 3, NAN}, {"a", "b"}, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table row 1 holds a non-finite value");
}

TEST(VocabVectors, NormalizedRowsHaveUnitLengthAndZeroStaysZero) {
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, {3, 4, 0, 0}, {"a", "b"}, 2).ok());
  // (3,4)/5 = (0.6, 0.8) exactly up to float rounding (1 ulp).
  EXPECT_NEAR(vv.normalized_row(0)[0], 0.6f, 1e-7);
  EXPECT_NEAR(vv.normalized_row(0)[1], 0.8f, 1e-7);
  EXPECT_EQ(vv.normalized_row(1)[0], 0.0f);
  EXPECT_EQ(vv.normalized_row(1)[1], 0.0f);
}

TEST(VocabVectors, WordLikeMeansLettersWithAnOptionalLeadingSpace) {
  EXPECT_TRUE(is_word_like(" king"));
  EXPECT_TRUE(is_word_like("King"));
  EXPECT_FALSE(is_word_like(" "));
  EXPECT_FALSE(is_word_like(""));
  EXPECT_FALSE(is_word_like(","));
  EXPECT_FALSE(is_word_like(" 1990"));
  EXPECT_FALSE(is_word_like("  king"));     // two spaces
  EXPECT_FALSE(is_word_like("king's"));
  EXPECT_FALSE(is_word_like("\xc3\xa9"));   // "é": non-ASCII is left out
}

TEST(WordVector, PrefersTheTokenWithALeadingSpace) {
  VocabVectors vv = small_vocab();
  WordVector wv;
  ASSERT_TRUE(word_vector(&wv, vv, "king").ok());
  EXPECT_EQ(wv.ids, std::vector<int32_t>{0});
  EXPECT_EQ(wv.v, (std::vector<float>{1, 0}));
  EXPECT_EQ(wv.note, "");
}

TEST(WordVector, FallsBackToTheBareToken) {
  VocabVectors vv = small_vocab();
  WordVector wv;
  ASSERT_TRUE(word_vector(&wv, vv, "dom").ok());
  EXPECT_EQ(wv.ids, std::vector<int32_t>{2});
  EXPECT_EQ(wv.v, (std::vector<float>{2, 2}));
}

TEST(WordVector, SeveralTokensGiveTheirMeanAndANote) {
  VocabVectors vv = small_vocab(table_encoder({{" kingdoms", {0, 2, 3}}}));
  WordVector wv;
  Status s = word_vector(&wv, vv, "kingdoms");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(wv.ids, (std::vector<int32_t>{0, 2, 3}));
  // mean of (1,0), (2,2), (3,-4) = (2, -2/3); float rounding of -2/3 (1e-7).
  EXPECT_FLOAT_EQ(wv.v[0], 2.0f);
  EXPECT_NEAR(wv.v[1], -2.0 / 3.0, 1e-7);
  EXPECT_EQ(wv.note, "'kingdoms' is 3 tokens [' king','dom','s']: using their mean");
}

TEST(WordVector, ATypoOfSeveralTokensNamesTheCloseWordsInItsNote) {
  VocabVectors vv = small_vocab(table_encoder({{" quen", {4, 3}}, {" kingz", {0, 3}}}));
  WordVector wv;
  ASSERT_TRUE(word_vector(&wv, vv, "quen").ok());
  // Within max(1, |quen|/3) = 1 edit: queen only (queens is 2 edits away).
  EXPECT_EQ(wv.note, "'quen' is 2 tokens [' queen','s']: using their mean (did you mean: queen?)");
  ASSERT_TRUE(word_vector(&wv, vv, "kingz").ok());
  EXPECT_EQ(wv.note, "'kingz' is 2 tokens [' king','s']: using their mean (did you mean: king?)");
}

TEST(WordVector, UnknownWordSuggestsCloseSpellings) {
  VocabVectors vv = small_vocab();
  WordVector wv;
  Status s = word_vector(&wv, vv, "quen");
  ASSERT_FALSE(s.ok());
  // queen: 1 edit, queens: 2 edits (limit |quen|/2 = 2); green: 3 edits, too far.
  // " queen" and "queen" are one spelling.
  EXPECT_EQ(s.message(), "unknown word 'quen' (did you mean: queen, queens?)");
}

TEST(WordVector, UnknownWordWithNothingCloseSaysWhy) {
  VocabVectors vv = small_vocab();
  WordVector wv;
  Status s = word_vector(&wv, vv, "zzzzzz");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "unknown word 'zzzzzz' (not a single token, and no tokenizer was given to split it)");
}

TEST(WordVector, AnEmptyEncodingIsAnUnknownWord) {
  VocabVectors vv = small_vocab(table_encoder({}));
  WordVector wv;
  Status s = word_vector(&wv, vv, "kingz");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "unknown word 'kingz' (did you mean: king?)");
  s = word_vector(&wv, vv, "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "empty word: expected a word such as 'king'");
}

TEST(WordVector, AnEncodingOutsideTheTableIsAnError) {
  VocabVectors vv = small_vocab(table_encoder({{" xyz", {1, 99}}}));
  WordVector wv;
  Status s = word_vector(&wv, vv, "xyz");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "encoding 'xyz' gave token id 99 but the table has 10 rows");
}

TEST(EditDistance, TextbookPairs) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);  // k->s, e->i, +g
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2);       // -f, +n
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("same", "same"), 0);
  EXPECT_EQ(edit_distance("quen", "green"), 3);      // q->g, u->r, +e
}

TEST(QuoteToken, EscapesControlBytes) {
  EXPECT_EQ(quote_token(" king"), "' king'");
  EXPECT_EQ(quote_token("\n\t\x01"), "'\\n\\t\\x01'");
  // Whole UTF-8 characters stay; bytes of invalid UTF-8 are escaped, one by one.
  EXPECT_EQ(quote_token("caf\xc3\xa9\xff"), "'caf\xc3\xa9\\xff'");
  EXPECT_EQ(quote_token("\xe2\x82" "a\\"), "'\\xe2\\x82a\\\\'");
}
