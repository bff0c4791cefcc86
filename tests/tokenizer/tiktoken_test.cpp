// tiktoken's rank files and the tokenizers made from them: the reader on small
// hand-made files (with every damaged-file message), tiktoken's merge rule against
// a direct implementation of tiktoken's algorithm, the version 2 tokenizer file, and
// the real cl100k_base and o200k_base files (skipped when make tiktoken has not run).
#include <gtest/gtest.h>

#include <climits>
#include <cstdio>
#include <map>

#include "test_util.h"
#include "tokenizer/tokenizer.h"
#include "util/crc32.h"
#include "util/rng.h"

using namespace embedlab;

namespace {

// Standard base64 with padding, written here from RFC 4648 (independent of the reader).
std::string base64(const std::string& bytes) {
  static const char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) v |= uint32_t(static_cast<unsigned char>(bytes[i + 2]));
    o += kDigits[v >> 18];
    o += kDigits[(v >> 12) & 63];
    o += i + 1 < bytes.size() ? kDigits[(v >> 6) & 63] : '=';
    o += i + 2 < bytes.size() ? kDigits[v & 63] : '=';
  }
  return o;
}

// The 256 single bytes in a shuffled order (as tiktoken's files have them: GPT-2's
// order), rank r is byte (r * 167 + 33) % 256 (167 is odd, so every byte once).
std::vector<std::string> byte_tokens() {
  std::vector<std::string> t;
  for (int r = 0; r < 256; r++) t.push_back(std::string(1, char((r * 167 + 33) % 256)));
  return t;
}

std::string rank_file(const std::vector<std::string>& tokens) {
  std::string o;
  for (size_t r = 0; r < tokens.size(); r++) o += base64(tokens[r]) + " " + std::to_string(r) + "\n";
  return o;
}

// tiktoken's algorithm (its _byte_pair_merge), written directly over bytes: join the
// leftmost adjacent pair whose joined bytes have the lowest rank below max_rank,
// until none is left. Returns the parts' ranks.
std::vector<int32_t> tiktoken_bpe(const std::map<std::string, int32_t>& ranks,
                                  const std::string& piece, int32_t max_rank = INT32_MAX) {
  std::vector<std::string> parts;
  for (char ch : piece) parts.push_back(std::string(1, ch));
  for (;;) {
    int32_t best = max_rank;
    size_t at = 0;
    for (size_t i = 0; i + 1 < parts.size(); i++) {
      auto it = ranks.find(parts[i] + parts[i + 1]);
      if (it != ranks.end() && it->second < best) best = it->second, at = i;
    }
    if (best == max_rank) break;
    parts[at] += parts[at + 1];
    parts.erase(parts.begin() + long(at) + 1);
  }
  std::vector<int32_t> ids;
  for (const std::string& p : parts) ids.push_back(ranks.at(p));
  return ids;
}

// A vocabulary over "abcd" with many tokens that two different pairs can make: random
// strings of 2 to 6 letters, each kept when BPE with the ranks before it leaves two
// parts (as tiktoken's files are made).
std::vector<std::string> aliased_vocabulary(std::map<std::string, int32_t>* ranks) {
  std::vector<std::string> tokens = byte_tokens();
  for (size_t r = 0; r < tokens.size(); r++) (*ranks)[tokens[r]] = int32_t(r);
  Rng rng(31);
  while (tokens.size() < 256 + 80) {
    std::string t;
    for (uint64_t n = 2 + rng.below(5); n > 0; n--) t += char('a' + rng.below(4));
    if (ranks->count(t) || tiktoken_bpe(*ranks, t).size() != 2) continue;
    (*ranks)[t] = int32_t(tokens.size());
    tokens.push_back(t);
  }
  return tokens;
}

std::string random_abcd(Rng* rng, size_t max_len) {
  std::string s;
  for (uint64_t n = rng->below(max_len + 1); n > 0; n--) s += char('a' + rng->below(4));
  return s;
}

Status parse(const std::string& data, Tokenizer* t) {
  return Tokenizer::parse_tiktoken(data, "t.tiktoken", t);
}

}  // namespace

TEST(TiktokenFile, ReadsBytesAndRecoversMerges) {
  std::vector<std::string> tokens = byte_tokens();
  tokens.push_back("ab");   // 256 = a + b
  tokens.push_back("abc");  // 257 = ab + c
  tokens.push_back(" a");   // 258
  Tokenizer t;
  Status s = parse(rank_file(tokens), &t);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(t.vocab_size(), 259);
  EXPECT_TRUE(t.joins_by_bytes());
  // Byte b has the rank r with (r * 167 + 33) % 256 == b: 167 * 23 = 15 * 256 + 1, so
  // r = (b - 33) * 23 % 256, and 'a' (97) is rank 64 * 23 % 256 = 192.
  EXPECT_EQ(t.byte_ids()['a'], 192);
  EXPECT_EQ(t.token_bytes(192), "a");
  ASSERT_EQ(t.num_merges(), 3);
  EXPECT_EQ(t.merges()[0], std::make_pair(t.byte_ids()['a'], t.byte_ids()['b']));
  EXPECT_EQ(t.merges()[1], std::make_pair(256, t.byte_ids()['c']));
  EXPECT_EQ(t.token_bytes(257), "abc");
  std::vector<int32_t> ids;
  t.set_pattern(Pattern::kNone);
  ASSERT_TRUE(t.encode("abcab a", &ids).ok());
  EXPECT_EQ(ids, (std::vector<int32_t>{257, 256, 258}));
}

TEST(TiktokenFile, DamagedFilesNameTheLineAndTheProblem) {
  const std::string good = rank_file(byte_tokens());
  std::vector<std::string> bytes_then_ab = byte_tokens();
  bytes_then_ab.push_back("ab");
  struct Case {
    std::string data, message;
  };
  std::vector<std::string> dup = bytes_then_ab, undecomposable = byte_tokens(), short_byte = byte_tokens(),
                           same_byte = byte_tokens();
  dup.push_back("ab");
  undecomposable.push_back("abc");  // no "ab" or "bc": BPE leaves a, b, c
  short_byte[5] = "xy";
  same_byte[1] = same_byte[0];
  const Case cases[] = {
      {"", "t.tiktoken: empty file, expected tiktoken ranks ('base64 rank' lines)"},
      {"IQ==\n", "t.tiktoken:1: expected 'BASE64 RANK'"},
      {"IQ== 0 0\n", "t.tiktoken:1: expected 'BASE64 RANK'"},
      {"I!== 0\n", "t.tiktoken:1: 'I!==' is not base64 of a token's bytes"},
      {"IQ= 0\n", "t.tiktoken:1: 'IQ=' is not base64 of a token's bytes"},
      {"IR== 0\n", "t.tiktoken:1: 'IR==' is not base64 of a token's bytes"},  // stray bits
      {" 0\n", "t.tiktoken:1: '' is not base64 of a token's bytes"},
      {"IQ== x\n", "t.tiktoken:1: rank 'x' is not a whole number"},
      {"IQ== -1\n", "t.tiktoken:1: rank '-1' is not a whole number"},
      {"IQ== 0\nIg== 2\n", "t.tiktoken:2: rank 2 out of order: expected 1 (ranks count up from 0, one per line)"},
      {"IQ== 0\nIg== 1\n", "t.tiktoken:3: only 2 ranks: ranks 0 to 255 must be the 256 single bytes"},
      {rank_file(short_byte), "t.tiktoken:6: rank 5 is 2 bytes, but ranks 0 to 255 must be the 256 single bytes"},
      {rank_file(same_byte), "t.tiktoken:2: token 1 (!) has the same bytes as token 0"},
      {rank_file(dup), "t.tiktoken:258: token 257 (ab) has the same bytes as token 256"},
      {rank_file(undecomposable),
       "t.tiktoken:257: rank 256 (abc) is not two lower-ranked tokens: BPE with the lower ranks "
       "leaves 3 parts"},
  };
  for (const Case& c : cases) {
    Tokenizer t;
    Status s = parse(c.data, &t);
    ASSERT_FALSE(s.ok()) << c.message;
    EXPECT_EQ(s.message(), c.message);
  }
  Tokenizer t;
  EXPECT_TRUE(parse(good, &t).ok());
  // Very long tokens: "aa", "aaaa", ... doubling. Entering every pair costs the sum of
  // the squared lengths: 256 + 4 + 16 + ... + 4^13 = 89,478,740 up to 8,192 bytes, and
  // 16,384 bytes (rank 269) passes the limit of 2^27 = 134,217,728.
  std::vector<std::string> doubling = byte_tokens();
  for (size_t n = 2; n <= 16384; n *= 2) doubling.push_back(std::string(n, 'a'));
  Status s = parse(rank_file(doubling), &t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "t.tiktoken:270: token 269 is 16384 bytes: the tokens up to it are too "
                         "long together for tiktoken's rule (the sum of their squared lengths "
                         "passes 134217728)");
  doubling.pop_back();
  EXPECT_TRUE(parse(rank_file(doubling), &t).ok());
  s = Tokenizer::load_tiktoken("no/such/x.tiktoken", &t);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no/such/x.tiktoken"), std::string::npos) << s.message();
}

TEST(TiktokenRule, EncoderGivesTiktokensAlgorithm) {
  std::map<std::string, int32_t> ranks;
  const std::vector<std::string> tokens = aliased_vocabulary(&ranks);
  Tokenizer t;
  Status s = parse(rank_file(tokens), &t);
  ASSERT_TRUE(s.ok()) << s.message();
  t.set_pattern(Pattern::kNone);  // each text is one piece
  // The vocabulary holds many tokens that two or more pairs of tokens make ("abab" is
  // a + bab, ab + ab and aba + b when all are tokens).
  int aliased = 0;
  for (size_t r = 256; r < tokens.size(); r++) {
    int splits = 0;
    for (size_t k = 1; k < tokens[r].size(); k++)
      splits += ranks.count(tokens[r].substr(0, k)) && ranks.count(tokens[r].substr(k));
    aliased += splits >= 2;
  }
  EXPECT_GT(aliased, 20);
  Rng rng(5);
  for (int i = 0; i < 3000; i++) {
    // Up to 100 letters: pieces of 64 or fewer take the encoder's array path, longer
    // ones its heap path.
    const std::string text = random_abcd(&rng, 100);
    std::vector<int32_t> ids;
    ASSERT_TRUE(t.encode(text, &ids).ok());
    ASSERT_EQ(ids, tiktoken_bpe(ranks, text)) << "text " << text;
  }
}

TEST(TiktokenRule, Version2FileKeepsTheRuleAndTheGaps) {
  std::map<std::string, int32_t> ranks;
  Tokenizer t;
  ASSERT_TRUE(parse(rank_file(aliased_vocabulary(&ranks)), &t).ok());
  const int32_t n = t.vocab_size();
  ASSERT_TRUE(t.add_special("<|end|>", n + 2, true).ok());  // n and n + 1 unused
  t.set_pattern(Pattern::kCl100k);
  const std::string data = t.serialize();
  ASSERT_EQ(data.compare(0, 21, "embedlab-tokenizer 2\n"), 0) << data.substr(0, 40);
  Tokenizer back;
  Status s = Tokenizer::deserialize(data, "v2.tok", &back);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(back.serialize(), data);
  EXPECT_TRUE(back.joins_by_bytes());
  EXPECT_EQ(back.pattern(), Pattern::kCl100k);
  EXPECT_EQ(back.vocab_size(), n + 3);
  EXPECT_TRUE(back.is_unused(n));
  EXPECT_TRUE(back.is_unused(n + 1));
  EXPECT_FALSE(back.is_unused(n + 2));
  Rng rng(9);
  for (int i = 0; i < 500; i++) {
    const std::string text = random_abcd(&rng, 30) + " " + random_abcd(&rng, 30) + "<|end|>";
    std::vector<int32_t> a, b;
    ASSERT_TRUE(t.encode(text, &a, SpecialPolicy::kAllow).ok());
    ASSERT_TRUE(back.encode(text, &b, SpecialPolicy::kAllow).ok());
    ASSERT_EQ(a, b) << text;
    EXPECT_EQ(a.back(), n + 2);
  }
  std::string bytes;
  s = back.decode({n + 2, n + 1}, &bytes);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "token id " + std::to_string(n + 1) +
                             " at position 1 is unused: no token has it (the vocabulary skips "
                             "it before a special token)");
  // A version 2 file whose two merges make the same token is refused by name.
  std::string twice = "embedlab-tokenizer 2\npattern none\nbytes identity\nmerges 2\n97 98\n97 98\nspecials 0\n";
  char crc[32];
  std::snprintf(crc, sizeof crc, "checksum %08x\n", crc32(twice));
  s = Tokenizer::deserialize(twice + crc, "twice.tok", &back);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "twice.tok: merge 1: token 257 (ab) has the same bytes as token 256");
  // A gap of at most 65,536 ids.
  s = back.add_special("<|far|>", back.vocab_size() + 65537, true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "special token '<|far|>' has id " + std::to_string(n + 3 + 65537) +
                             ", expected the next free id " + std::to_string(n + 3) +
                             " or one at most 65536 after it");
  // A gap in a version 1 file is still an error.
  Tokenizer plain;
  s = plain.add_special("<|end|>", 300);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "special token '<|end|>' has id 300, expected the next free id 256");
}

TEST(TiktokenEncodings, NamesAreKnown) {
  EXPECT_TRUE(is_named_encoding("gpt2"));
  EXPECT_TRUE(is_named_encoding("cl100k_base"));
  EXPECT_TRUE(is_named_encoding("o200k_base"));
  EXPECT_FALSE(is_named_encoding("cl100k"));
  EXPECT_FALSE(is_named_encoding("out/my.tok"));
}

TEST(TiktokenEncodings, Cl100kVocabularyIdsAndGaps) {
  EMBEDLAB_REQUIRE_TIKTOKEN(tok, "cl100k_base");
  EXPECT_EQ(tok->vocab_size(), 100277);   // tiktoken's n_vocab
  EXPECT_EQ(tok->num_merges(), 100000);   // ranks 256 to 100255
  EXPECT_EQ(tok->pattern(), Pattern::kCl100k);
  EXPECT_TRUE(tok->joins_by_bytes());
  EXPECT_EQ(tok->byte_ids()['!'], 0);     // the first line of the file: "IQ== 0"
  EXPECT_EQ(tok->token_bytes(100255).empty(), false);
  EXPECT_TRUE(tok->is_unused(100256));
  for (int32_t id = 100261; id < 100276; id++) EXPECT_TRUE(tok->is_unused(id)) << id;
  std::string bytes;
  Status s = tok->decode({100256}, &bytes);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("token id 100256 at position 0 is unused"), std::string::npos) << s.message();
  s = tok->decode({100277}, &bytes);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown token id 100277"), std::string::npos) << s.message();
  // The tokenizer file holds the whole encoding: read back, it is the same one.
  Tokenizer back;
  s = Tokenizer::deserialize(tok->serialize(), "cl100k.tok", &back);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(back.serialize(), tok->serialize());
}

TEST(TiktokenEncodings, O200kVocabularyIdsAndGaps) {
  EMBEDLAB_REQUIRE_TIKTOKEN(tok, "o200k_base");
  EXPECT_EQ(tok->vocab_size(), 200019);
  EXPECT_EQ(tok->num_merges(), 199742);   // ranks 256 to 199997
  EXPECT_EQ(tok->pattern(), Pattern::kO200k);
  EXPECT_TRUE(tok->is_unused(199998));
  EXPECT_FALSE(tok->is_unused(199999));   // <|endoftext|>
  EXPECT_TRUE(tok->is_unused(200017));
  EXPECT_FALSE(tok->is_unused(200018));   // <|endofprompt|>
}
