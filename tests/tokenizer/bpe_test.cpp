// BPE training and encoding: the classic example, a brute-force reference trainer,
// pathological pieces, and the tokenizer file. (Round trips at scale:
// tests/harden/round_trip_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"
#include "text/zipf_text.h"
#include "tokenizer/bpe_recount.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"
#include "util/rng.h"

using namespace embedlab;

namespace {

Tokenizer train_or_die(const std::string& text, int vocab, Pattern p,
                       std::vector<std::string> specials = {}) {
  BpeTrainOptions o;
  o.vocab_size = vocab;
  o.pattern = p;
  o.specials = specials;
  Tokenizer t;
  Status s = bpe_train(text, o, &t);
  EXPECT_TRUE(s.ok()) << s.message();
  return t;
}

// The obvious trainer (tokenizer/bpe_recount.h, shared with the bench): recount every pair
// of every piece before each merge. Slow (corpus x merges) and plainly right.
std::vector<std::pair<int32_t, int32_t>> reference_merges(const std::string& text, int merges,
                                                          Pattern p) {
  return recount_merges(text, merges, p);
}

std::string random_text(Rng* r, size_t n) {
  const char* words[] = {"the ", "king ", "queen ", "aaa", "ab", "ba", " ", "\n", "cat's ",
                         "1234 ", "!!", "\xc3\xa9t\xc3\xa9 ", "zz", "a"};
  std::string s;
  while (s.size() < n) s += words[r->below(14)];
  return s;
}

}  // namespace

TEST(BpeTrainer, WikipediaExampleGivesXdXac) {
  Tokenizer t = train_or_die("aaabdaaabac", 256 + 3, Pattern::kNone);
  std::vector<int32_t> ids;
  ASSERT_TRUE(t.encode("aaabdaaabac", &ids).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{258, 100, 258, 97, 99}));
  EXPECT_EQ(t.merges(), (std::vector<std::pair<int32_t, int32_t>>{{97, 97}, {97, 98}, {256, 257}}));
}

TEST(BpeTrainer, SameMergesAsTheRecountEveryMergeReference) {
  Rng r(11);
  for (int trial = 0; trial < 4; trial++) {
    std::string text = random_text(&r, 3000);
    Pattern p = trial % 2 ? Pattern::kNone : Pattern::kGpt2;
    const int merges = 60;
    auto ref = reference_merges(text, merges, p);
    BpeTrainOptions o;
    o.vocab_size = 256 + int(ref.size());
    o.pattern = p;
    Tokenizer t;
    ASSERT_TRUE(bpe_train(text, o, &t).ok());
    EXPECT_EQ(t.merges(), ref) << "trial " << trial;
  }
}

// The trainer counts a piece of up to 8 bytes by its bytes, length and hash (read 8
// bytes at a time where the text allows), a longer one by comparing it with its first
// copy. Pieces that share their first 8 bytes, differ only in length or in a late
// byte, and a last piece that ends the text must all be counted apart, as the
// reference does.
TEST(BpeTrainer, PiecesSharingTheirFirstEightBytesAreCountedApart) {
  Rng r(23);
  const char* stems[] = {" abcdefg", " abcdefgh", " abcdefghi", " abcdefgh\x01", " abcdefgh\x80\x80",
                         "abcdefgh", " abcdefghabcdefghz", " abcdefghabcdefghy", " ab"};
  for (int round = 0; round < 4; round++) {
    std::string text;
    const size_t n = 200 + r.below(400);
    for (size_t i = 0; i < n; i++) {
      text += stems[r.below(9)];
      for (int k = int(r.below(3)); k > 0; k--) text.push_back("xyz"[r.below(3)]);
    }
    SCOPED_TRACE("round " + std::to_string(round));
    auto ref = reference_merges(text, 120, Pattern::kGpt2);
    EXPECT_EQ(train_or_die(text, 256 + int(ref.size()), Pattern::kGpt2).merges(), ref);
  }
}

// Zipf text has thousands of distinct words up to 17 bytes long: the piece table
// grows several times, merges make thousands of pairs, and early merges reach most
// pieces.
TEST(BpeTrainer, SameMergesAsTheReferenceOnZipfText) {
  std::string text;
  ASSERT_TRUE(zipf_text(&text, kZipfSeed, 60000).ok());
  const int kMerges = 300;
  auto ref = reference_merges(text, kMerges, Pattern::kGpt2);
  ASSERT_EQ(int(ref.size()), kMerges);
  EXPECT_EQ(train_or_die(text, 256 + kMerges, Pattern::kGpt2).merges(), ref);
}

// The bench projects the reference's cost from a few merges after jumps into the
// schedule; a jump must land where the reference itself would be.
TEST(BpeTrainer, RecountReferenceResumesAfterSkippingToAnyMerge) {
  Rng r(5);
  const std::string text = random_text(&r, 4000);
  Tokenizer t = train_or_die(text, 256 + 80, Pattern::kGpt2);
  for (int m : {0, 1, 37, 75}) {
    RecountTrainer ref(text, Pattern::kGpt2);
    ref.skip_to(t, m);
    EXPECT_EQ(ref.merges_done(), m);
    for (int k = m; k < std::min(m + 5, t.num_merges()); k++) {
      std::pair<int32_t, int32_t> joined;
      ASSERT_TRUE(ref.merge(&joined));
      EXPECT_EQ(joined, t.merges()[size_t(k)]) << "merge " << k << " after skipping to " << m;
    }
  }
}

TEST(BpeTrainer, TooLargeVocabSaysHowManyMergesWerePossible) {
  BpeTrainOptions o;
  o.vocab_size = 300;
  o.pattern = Pattern::kNone;
  Tokenizer t;
  Status s = bpe_train("abab", o, &t);  // ab, then (ab,ab): 2 merges at most
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "--vocab-size 300 is more than this corpus can give: only 2 merges were possible "
            "(vocab size 258)");
  o.vocab_size = 100;
  EXPECT_EQ(bpe_train("abab", o, &t).message(),
            "--vocab-size 100: expected at least 256 (the bytes) + 0 special tokens");
  o.vocab_size = 300;
  EXPECT_EQ(bpe_train("", o, &t).message(), "the corpus is empty: nothing to learn merges from");
}

TEST(BpeEncoder, LongPiecePathEqualsShortPiecePath) {
  // Pieces above 64 symbols take the heap path; cut into the same text as many short
  // pieces (pattern none on each part), the merge order must give the same ids when
  // the long piece has no merges across the cut points: check against a brute force.
  Tokenizer t = train_or_die(std::string(300, 'a') + "ab" + std::string(100, 'b'), 256 + 9,
                             Pattern::kNone);
  for (int n : {1, 2, 3, 7, 63, 64, 65, 100, 257, 1000}) {
    std::string s(size_t(n), 'a');
    std::vector<int32_t> ids;
    ASSERT_TRUE(t.encode(s, &ids).ok());
    // Brute force: GPT-2's loop (lowest-ranked pair, all its occurrences left to right).
    std::vector<int32_t> w(s.begin(), s.end());
    for (;;) {
      int best = INT32_MAX;
      for (size_t i = 0; i + 1 < w.size(); i++)
        for (int r = 0; r < t.num_merges(); r++)
          if (t.merges()[size_t(r)] == std::make_pair(w[i], w[i + 1]) && r < best) best = r;
      if (best == INT32_MAX) break;
      std::vector<int32_t> nw;
      for (size_t i = 0; i < w.size();) {
        if (i + 1 < w.size() && std::make_pair(w[i], w[i + 1]) == t.merges()[size_t(best)]) {
          nw.push_back(256 + best);
          i += 2;
        } else {
          nw.push_back(w[i++]);
        }
      }
      w = nw;
    }
    EXPECT_EQ(ids, w) << n;
  }
}

TEST(BpeEncoder, HundredThousandIdenticalLettersIsNotQuadratic) {
  // A quadratic encoder would make 10^10 steps here; the heap path makes ~2 million.
  Tokenizer t = train_or_die(std::string(5000, 'x') + " xx xxx xxxx", 256 + 8, Pattern::kNone);
  std::string s(100000, 'x');
  std::vector<int32_t> ids;
  ASSERT_TRUE(t.encode(s, &ids).ok());
  std::string back;
  ASSERT_TRUE(t.decode(ids, &back).ok());
  EXPECT_EQ(back, s);
  EXPECT_LT(ids.size(), s.size() / 16);  // 8 merges of x-runs compress at least 16x here
}

TEST(Tokenizer, SpecialTokensAreRefusedAllowedOrPlainText) {
  Rng r(4);
  Tokenizer t = train_or_die(random_text(&r, 5000), 300, Pattern::kGpt2, {"<|endoftext|>"});
  const int32_t eot = t.vocab_size() - 1;
  std::vector<int32_t> ids;
  Status s = t.encode("the king<|endoftext|>", &ids);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("the text contains the special token <|endoftext|> at byte 8"),
            std::string::npos)
      << s.message();
  ids.clear();
  ASSERT_TRUE(t.encode("the king<|endoftext|>", &ids, SpecialPolicy::kAllow).ok());
  EXPECT_EQ(ids.back(), eot);
  ids.clear();
  ASSERT_TRUE(t.encode("<|endoftext|>", &ids, SpecialPolicy::kAsText).ok());
  EXPECT_GT(ids.size(), 1u);
  for (int32_t id : ids) EXPECT_NE(id, eot);
}

TEST(Tokenizer, DecodeNamesAnUnknownId) {
  Tokenizer t;
  std::string out;
  EXPECT_EQ(t.decode({65, 300}, &out).message(),
            "unknown token id 300 at position 1 (the vocabulary has ids 0 to 255)");
}

TEST(TokenizerFile, SaveLoadRoundTripAndDump) {
  Rng r(5);
  Tokenizer t = train_or_die(random_text(&r, 8000), 400, Pattern::kGpt2, {"<|endoftext|>", "<|pad|>"});
  std::string path = path_join(embedlab_test::temp_dir(), "t.tok");
  ASSERT_TRUE(t.save(path).ok());
  Tokenizer u;
  ASSERT_TRUE(Tokenizer::load(path, &u).ok());
  EXPECT_EQ(u.merges(), t.merges());
  EXPECT_EQ(u.vocab_size(), 400);
  EXPECT_EQ(u.serialize(), t.serialize());
  std::string dump = t.vocab_dump();
  // Every merge line shows its parts and result; a space shows as "Ġ".
  EXPECT_NE(dump.find("] 256\n"), std::string::npos);
  EXPECT_NE(dump.find("\xC4\xA0"), std::string::npos);
}

TEST(TokenizerFile, TruncatedCorruptedAndForeignFilesAreNamed) {
  Tokenizer t;
  t.add_merge(97, 98);
  t.add_merge(256, 99);
  std::string good = t.serialize();
  std::string dir = embedlab_test::temp_dir();
  auto load_text = [&](const std::string& text) {
    std::string p = path_join(dir, "x.tok");
    embedlab_test::write_text(p, text);
    Tokenizer u;
    return Tokenizer::load(p, &u).message();
  };
  std::string p = path_join(dir, "x.tok");
  EXPECT_EQ(load_text(""), p + ": empty file, expected an embedlab tokenizer");
  EXPECT_EQ(load_text("hello\n"),
            p + ":1: expected 'embedlab-tokenizer 1' (not an embedlab tokenizer file)");
  EXPECT_EQ(load_text(good.substr(0, good.find("256 99"))),
            p + ":6: file truncated: expected 2 merges");
  std::string flipped = good;
  flipped[flipped.find("97 98")] = '8';  // "87 98": still well-formed, wrong content
  EXPECT_EQ(load_text(flipped), p + ":8: checksum mismatch: the file is corrupted");
  std::string future = good;
  future.replace(0, 20, "embedlab-tokenizer 9");
  EXPECT_EQ(load_text(future),
            p + ":1: unsupported version line 'embedlab-tokenizer 9', this build reads versions 1 and 2");
  std::string bad_id = "embedlab-tokenizer 1\npattern gpt2\nbytes identity\nmerges 1\n300 1\n";
  EXPECT_EQ(load_text(bad_id),
            p + ":5: merge 0 uses id 300 but only ids below 256 exist at that point");
  Tokenizer u;
  EXPECT_EQ(Tokenizer::load("no/such.tok", &u).message(), "no/such.tok: cannot open: No such file or directory");
}

// ---------------------------------------------------------------------------
// Hand-derived merge orders, the encoder against a rescan reference on arbitrary
// pieces, special-token edge cases, and every line shape of the tokenizer file.

namespace {

// Any bytes, a quarter of the strings binary: invalid UTF-8 included.
std::string random_bytes(Rng* r, size_t max_len) {
  static const std::string kText = "the quick brown fox jumps over the lazy dog. \n'sTHE 42";
  std::string s;
  size_t len = r->below(r->below(max_len + 1) + 1);  // 0..max_len, mostly short
  bool binary = r->below(4) == 0;
  for (size_t i = 0; i < len; i++)
    s.push_back(binary || r->below(10) == 0 ? char(r->below(256)) : kText[r->below(kText.size())]);
  return s;
}

// GPT-2's rule, one join at a time: the pair of lowest rank, leftmost among equals.
std::vector<int32_t> rescan_reference(const Tokenizer& t, std::string_view piece) {
  std::map<std::pair<int32_t, int32_t>, int32_t> rank;
  for (size_t r = 0; r < t.merges().size(); r++) rank.emplace(t.merges()[r], int32_t(r));
  std::vector<int32_t> ids;
  for (unsigned char c : piece) ids.push_back(c);
  for (;;) {
    int32_t best = -1;
    size_t at = 0;
    for (size_t i = 0; i + 1 < ids.size(); i++) {
      auto it = rank.find({ids[i], ids[i + 1]});
      if (it != rank.end() && (best < 0 || it->second < best)) {
        best = it->second;
        at = i;
      }
    }
    if (best < 0) return ids;
    ids[at] = 256 + best;
    ids.erase(ids.begin() + std::ptrdiff_t(at) + 1);
  }
}

std::vector<int32_t> encode_or_die(const Tokenizer& t, const std::string& text,
                                   SpecialPolicy policy = SpecialPolicy::kRefuse) {
  std::vector<int32_t> ids;
  Status s = t.encode(text, &ids, policy);
  EXPECT_TRUE(s.ok()) << s.message();
  return ids;
}

}  // namespace

TEST(BpeTrainer, OverlappingRunCountsEveryPairButMergesLeftToRight) {
  // "aaaa" holds aa three times (overlapping), so (a,a) is merged first; joined left
  // to right it becomes [aa][aa], and the only pair left is (256, 256).
  Tokenizer t = train_or_die("aaaa", 256 + 2, Pattern::kNone);
  EXPECT_EQ(t.merges(), (std::vector<std::pair<int32_t, int32_t>>{{97, 97}, {256, 256}}));
}

TEST(BpeTrainer, SameMergesAsTheReferenceOnArbitraryBytes) {
  // Short alphabets give long runs and many ties; no alphabet gives arbitrary bytes,
  // invalid UTF-8 included, through the GPT-2 split. When the reference runs out of
  // pairs, asking for one more merge must fail.
  Rng r(7);
  const std::vector<std::string> alphabets = {"ab", "abc ", "the quick fox. \n", ""};
  for (int round = 0; round < 8; round++) {
    const std::string& alphabet = alphabets[size_t(round) % alphabets.size()];
    std::string text;
    const size_t len = 20 + r.below(1500);
    for (size_t i = 0; i < len; i++)
      text.push_back(alphabet.empty() ? char(r.below(256)) : alphabet[r.below(alphabet.size())]);
    for (Pattern p : {Pattern::kGpt2, Pattern::kNone}) {
      SCOPED_TRACE("round " + std::to_string(round) + " pattern " + pattern_name(p));
      const int kMax = 200;
      auto ref = reference_merges(text, kMax, p);
      BpeTrainOptions o;
      o.vocab_size = 256 + int(ref.size());
      o.pattern = p;
      Tokenizer t;
      ASSERT_TRUE(bpe_train(text, o, &t).ok());
      EXPECT_EQ(t.merges(), ref);
      if (int(ref.size()) < kMax) {
        o.vocab_size++;
        Status s = bpe_train(text, o, &t);
        ASSERT_FALSE(s.ok());
        EXPECT_NE(s.message().find("only " + std::to_string(ref.size()) + " merges were possible"),
                  std::string::npos)
            << s.message();
      }
    }
  }
}

TEST(BpeTrainer, VocabWithoutRoomForSpecialsIsAnError) {
  BpeTrainOptions o;
  o.vocab_size = 257;
  o.specials = {"<a>", "<b>"};
  Tokenizer t;
  EXPECT_EQ(bpe_train("abc", o, &t).message(),
            "--vocab-size 257: expected at least 256 (the bytes) + 2 special tokens");
}

TEST(BpeEncoder, LowestRankMergesFirstNotLeftmost) {
  // (b,c) is rank 0 and (a,b) rank 1: in "abc" bc joins first, and a stays alone.
  Tokenizer t;
  t.set_pattern(Pattern::kNone);
  t.add_merge('b', 'c');
  t.add_merge('a', 'b');
  EXPECT_EQ(encode_or_die(t, "abc"), (std::vector<int32_t>{'a', 256}));
  EXPECT_EQ(encode_or_die(t, "abd"), (std::vector<int32_t>{257, 'd'}));
}

TEST(BpeEncoder, EqualRanksMergeLeftToRight) {
  Tokenizer t;
  t.set_pattern(Pattern::kNone);
  t.add_merge('a', 'a');  // 256
  t.add_merge(256, 256);  // 257
  EXPECT_EQ(encode_or_die(t, "aaa"), (std::vector<int32_t>{256, 'a'}));
  // a a a a a -> [aa][aa]a -> [aaaa]a
  EXPECT_EQ(encode_or_die(t, "aaaaa"), (std::vector<int32_t>{257, 'a'}));
}

TEST(BpeEncoder, HundredThousandIdenticalLettersGiveTheBinaryDecomposition) {
  // Merge k-1 joins two runs of 2^(k-1) a's into 2^k = id 255 + k, k = 1..16. Lowest
  // rank first, left to right, turns 100000 a's into runs by the binary digits of
  // 100000 = 65536 + 32768 + 1024 + 512 + 128 + 32, largest first:
  // ids 271, 270, 265, 264, 262, 260 (the heap path: the piece is long).
  Tokenizer t;
  t.set_pattern(Pattern::kNone);
  t.add_merge('a', 'a');
  for (int k = 2; k <= 16; k++) t.add_merge(254 + k, 254 + k);
  EXPECT_EQ(encode_or_die(t, std::string(100000, 'a')),
            (std::vector<int32_t>{271, 270, 265, 264, 262, 260}));
}

TEST(BpeEncoder, PiecesOfArbitraryBytesMatchTheRescanReference) {
  // Both merge loops (a scan up to 64 symbols, a heap above) against the plain rule.
  Rng r(3);
  std::string corpus;
  for (int i = 0; i < 3000; i++) corpus += random_bytes(&r, 12);
  Tokenizer t = train_or_die(corpus, 256 + 150, Pattern::kNone);
  int long_pieces = 0;
  for (int i = 0; i < 400; i++) {
    std::string piece = random_bytes(&r, 200);
    long_pieces += piece.size() > 64;
    std::vector<int32_t> got;
    t.encode_piece(piece, &got);
    ASSERT_EQ(got, rescan_reference(t, piece)) << "piece " << i;
  }
  EXPECT_GT(long_pieces, 20);  // the heap path was taken
}

TEST(Tokenizer, DecodeNegativeIdNamesIt) {
  Tokenizer t;
  std::string out;
  EXPECT_EQ(t.decode({-1}, &out).message(),
            "unknown token id -1 at position 0 (the vocabulary has ids 0 to 255)");
}

TEST(Tokenizer, AllowedSpecialsTakeTheLongestAtTheSamePlace) {
  Tokenizer t;
  t.add_merge('h', 'i');  // 256
  ASSERT_TRUE(t.add_special("<|e", 257).ok());
  ASSERT_TRUE(t.add_special("<|e|>", 258).ok());
  ASSERT_TRUE(t.add_special("<|eot|>", 259).ok());
  // "<|e" starts each of the three; the longest special found at a place wins.
  const std::string text = "hi<|e|>x<|eot|><|e";
  const std::vector<int32_t> ids = encode_or_die(t, text, SpecialPolicy::kAllow);
  EXPECT_EQ(ids, (std::vector<int32_t>{256, 258, 'x', 259, 257}));
  std::string back;
  ASSERT_TRUE(t.decode(ids, &back).ok());
  EXPECT_EQ(back, text);
}

TEST(Tokenizer, AddSpecialRejectsEmptyWrongIdAndRepeated) {
  Tokenizer t;
  EXPECT_EQ(t.add_special("", 256).message(), "special token: empty text");
  EXPECT_EQ(t.add_special("<a>", 300).message(),
            "special token '<a>' has id 300, expected the next free id 256");
  ASSERT_TRUE(t.add_special("<a>", 256).ok());
  EXPECT_EQ(t.add_special("<a>", 257).message(), "special token '<a>' given twice");
  EXPECT_EQ(t.vocab_size(), 257);
}

TEST(TokenizerFile, EachLineShapeIsChecked) {
  // The Wikipedia tokenizer with one special token; its file, line by line:
  // 1 magic, 2 pattern, 3 bytes, 4 merges 3, 5-7 the merges, 8 specials 1,
  // 9 the special, 10 checksum. Each edit below breaks one line; the shape of a
  // line is checked before the checksum, so the message names that line.
  Tokenizer t;
  t.set_pattern(Pattern::kNone);
  t.add_merge(97, 97);
  t.add_merge(97, 98);
  t.add_merge(256, 257);
  ASSERT_TRUE(t.add_special("<|endoftext|>", 259).ok());
  const std::string good = t.serialize();
  ASSERT_EQ(good.substr(0, good.find("checksum")),
            "embedlab-tokenizer 1\npattern none\nbytes identity\nmerges 3\n97 97\n97 98\n"
            "256 257\nspecials 1\n259 <|endoftext|>\n");
  const std::string p = path_join(embedlab_test::temp_dir(), "t.tok");
  auto load_edited = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    embedlab_test::write_text(p, text.replace(at, from.size(), to));
    Tokenizer u;
    return Tokenizer::load(p, &u).message();
  };
  EXPECT_EQ(load_edited("pattern none", "pattern gpt5"),
            p + ":2: unknown pattern 'gpt5', expected gpt2, gpt4 (cl100k), o200k or none");
  EXPECT_EQ(load_edited("bytes identity", "bytes mixed"),
            p + ":3: expected 'bytes identity' or 'bytes' and 256 ids");
  EXPECT_EQ(load_edited("merges 3", "merges three"), p + ":4: expected 'merges N'");
  EXPECT_EQ(load_edited("97 98\n", "97 x\n"), p + ":6: expected a merge 'a b'");
  EXPECT_EQ(load_edited("97 98\n", "97\n"), p + ":6: expected a merge 'a b'");
  EXPECT_EQ(load_edited("specials 1", "specials one"), p + ":8: expected 'specials K'");
  EXPECT_EQ(load_edited("259 <|endoftext|>", "259"), p + ":9: expected a special token 'id text'");
  EXPECT_EQ(load_edited("259 <|endoftext|>", "260 <|endoftext|>"),
            p + ":9: special token '<|endoftext|>' has id 260, expected the next free id 259");
  EXPECT_EQ(load_edited("checksum ", "checksum z"),
            p + ":10: expected 'checksum XXXXXXXX' (8 lowercase hex digits) and a newline");
  EXPECT_EQ(load_edited(good.substr(good.find("checksum")), good.substr(good.find("checksum")) + "x\n"),
            p + ":11: unexpected text after the checksum line");
}

// A file that passes every line check up to the one under test: the errors come line
// by line, before the checksum, so these need none.
namespace {

std::string load_message(const std::string& text) {
  Tokenizer u;
  return Tokenizer::deserialize(text, "x.tok", &u).message();
}

const char kHead[] = "embedlab-tokenizer 1\npattern gpt2\nbytes identity\n";

}  // namespace

TEST(TokenizerFile, ACarriageReturnInTheVersionLineStaysOnOneLine) {
  // make fuzz found: the version line was quoted raw, so a '\r' in it split the message.
  EXPECT_EQ(load_message("embedlab-tokenizer 1\rpattern none\n"),
            "x.tok:1: unsupported version line 'embedlab-tokenizer 1\\x0Dpattern none', this "
            "build reads versions 1 and 2");
  EXPECT_EQ(load_message("embedlab-tokenizer 1\npattern gp\rt2\n"),
            "x.tok:2: unknown pattern 'gp\\x0Dt2', expected gpt2, gpt4 (cl100k), o200k or none");
}

TEST(TokenizerFile, SpecialTextInMessagesStaysOnOneLine) {
  // A special's text may hold any byte (written \xNN); a message quotes it printable.
  EXPECT_EQ(load_message(std::string(kHead) + "merges 0\nspecials 2\n256 a\\x0ab\n257 a\\x0ab\n"),
            "x.tok:7: special token 'a\\x0Ab' given twice");
}

TEST(TokenizerFile, AMergeChainPastTheTokenCapIsRefused) {
  // Merge k joins the token of merge k-1 with itself: 2^(k+1) bytes. Merge 16 would
  // make 131,072 bytes; without the cap, 40 such lines would ask for 2^41 bytes.
  std::string text = std::string(kHead) + "merges 40\n97 97\n";
  for (int k = 1; k < 40; k++) text += std::to_string(255 + k) + " " + std::to_string(255 + k) + "\n";
  EXPECT_EQ(load_message(text), "x.tok:21: merge 16 makes a token of 131072 bytes, more than the "
                                "limit of 65536");
}

TEST(TokenizerFile, MergedTokensPastTheVocabCapAreRefused) {
  // Merges 0-14 build a 32 KB token (id 270); each later "270 270" adds 64 KB, so the
  // 64 MB cap is passed at merge 1038 (65,534 + 1,024 x 65,536 bytes > 2^26).
  std::string text = std::string(kHead) + "merges 2000\n97 97\n";
  for (int k = 1; k < 15; k++) text += std::to_string(255 + k) + " " + std::to_string(255 + k) + "\n";
  for (int k = 15; k < 2000; k++) text += "270 270\n";
  EXPECT_EQ(load_message(text), "x.tok:1043: merge 1038 brings the tokens to 67174398 bytes, more "
                                "than the limit of 67108864");
}

TEST(TokenizerFile, NumbersHaveOneSpelling) {
  // Digits only, no sign, space or leading zero, at most 9: strtol alone accepted
  // " 97", "+97" and "097", and a special id of 4294967552 wrapped to 256.
  const std::string m = std::string(kHead) + "merges 1\n";
  for (const char* line : {" 97 98", "+97 98", "097 98", "97  98", "97 98 ", "97 -98"})
    EXPECT_EQ(load_message(m + line + "\n"), "x.tok:5: expected a merge 'a b'") << line;
  EXPECT_EQ(load_message(std::string(kHead) + "merges 01\n"), "x.tok:4: expected 'merges N'");
  EXPECT_EQ(load_message(std::string(kHead) + "merges 0\nspecials 1\n4294967552 <|x|>\n"),
            "x.tok:6: expected a special token 'id text'");
  std::string bytes = "embedlab-tokenizer 1\npattern gpt2\nbytes";
  for (int b = 0; b < 256; b++) bytes += " " + std::to_string(b == 0 ? 4294967296 : 255 - b + 1);
  EXPECT_EQ(load_message(bytes + "\n"), "x.tok:3: expected 'bytes identity' or 'bytes' and 256 ids");
  EXPECT_EQ(load_message(std::string(kHead) + "merges 0\nspecials 0\nchecksum ABCDEF01\n"),
            "x.tok:6: expected 'checksum XXXXXXXX' (8 lowercase hex digits) and a newline");
}

TEST(BpeTrainer, NeverMergesPastTheTokenCap) {
  // One piece of 2^17 x's: merge k makes x^(2^(k+1)); merge 15 makes the 64 KB
  // tokens, merge 16 (128 KB) is never made, so only 16 merges are possible.
  BpeTrainOptions o;
  o.vocab_size = 256 + 17;
  o.pattern = Pattern::kNone;
  Tokenizer t;
  Status s = bpe_train(std::string(size_t(1) << 17, 'x'), o, &t);
  EXPECT_EQ(s.message(), "--vocab-size 273 is more than this corpus can give: only 16 merges "
                         "were possible (vocab size 272)");
  o.vocab_size = 256 + 16;
  ASSERT_TRUE(bpe_train(std::string(size_t(1) << 17, 'x'), o, &t).ok());
  EXPECT_EQ(t.token_bytes(256 + 15).size(), kMaxTokenBytes);
  Tokenizer u;
  EXPECT_TRUE(Tokenizer::deserialize(t.serialize(), "t.tok", &u).ok());
}

TEST(Tokenizer, ManyOfOneSpecialAndNoneOfAnotherIsNotQuadratic) {
  // 100,000 <|endoftext|> in 2.2 MB and no <|pad|>: searching the whole rest of the
  // text for <|pad|> after each <|endoftext|> made 10^11 steps; now <|pad|> is
  // searched once.
  Rng r(6);
  Tokenizer t = train_or_die(random_text(&r, 5000), 300, Pattern::kGpt2, {"<|endoftext|>", "<|pad|>"});
  std::string text;
  for (int i = 0; i < 100000; i++) text += "the king<|endoftext|>";
  std::vector<int32_t> ids;
  ASSERT_TRUE(t.encode(text, &ids, SpecialPolicy::kAllow).ok());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), t.vocab_size() - 2), 100000);
  std::string back;
  ASSERT_TRUE(t.decode(ids, &back).ok());
  EXPECT_EQ(back, text);
}

TEST(BpeTrainer, SpecialTokenTextIsCutOutBeforeCounting) {
  // The special's bytes are its own id, never merged: a corpus made mostly of
  // "<|endoftext|>" learns merges only from the words between them, and none across
  // an edge (pattern none would otherwise join "d<", "|a" and so on).
  std::string text;
  for (int i = 0; i < 200; i++) text += i % 2 ? "<|endoftext|>abab" : "<|endoftext|><|endoftext|>cd";
  for (Pattern p : {Pattern::kNone, Pattern::kGpt2}) {
    SCOPED_TRACE(pattern_name(p));
    BpeTrainOptions o;
    o.vocab_size = 256 + 3 + 1;
    o.pattern = p;
    o.specials = {"<|endoftext|>"};
    Tokenizer t;
    ASSERT_TRUE(bpe_train(text, o, &t).ok());
    // ab 200; then cd 100 and (ab, ab) 100 tie: 'c' < 256. Nothing from "<|endoftext|>".
    EXPECT_EQ(t.merges(), (std::vector<std::pair<int32_t, int32_t>>{{'a', 'b'}, {'c', 'd'}, {256, 256}}));
    std::vector<int32_t> ids;
    ASSERT_TRUE(t.encode("<|endoftext|>abab<|endoftext|>cd", &ids, SpecialPolicy::kAllow).ok());
    EXPECT_EQ(ids, (std::vector<int32_t>{259, 258, 259, 257}));
    // Asking for more merges than the words allow names the number possible.
    o.vocab_size = 256 + 4 + 1;
    EXPECT_NE(bpe_train(text, o, &t).message().find("only 3 merges were possible"), std::string::npos);
  }
}
