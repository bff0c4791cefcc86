#include "explore/export.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

#include "test_util.h"
#include "util/file.h"

using namespace embedlab;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) return out;
    i = j + 1;
  }
}

uint32_t bits(float v) {
  uint32_t b;
  std::memcpy(&b, &v, 4);
  return b;
}

// Tokens with a space, a newline, a tab, a UTF-8 character and a lone byte; values
// that need all 9 digits, a negative zero and extremes.
const std::vector<std::string> kTokens = {" king", "\n", "a\tb", "caf\xc3\xa9", "\xad"};
const int kC = 3;
const std::vector<float> kE = {0.1f, -0.0f, 1e-38f,  3.14159274f, -2.5e-8f, 1e10f,
                               1.0f / 3, 123.456f, 42,    -1,          0.5f,    7e-45f,
                               16777217.0f, -3.4e38f, 2.0f / 3};

}  // namespace

TEST(Gpt2Printable, KnownCharactersOfGpt2sVocabulary) {
  // From GPT-2's encoder.json: "Ġ" (space), "Ċ" (newline), "ĉ" (tab), "Ń" (0xAD),
  // "Ã©" (the two bytes of "é"); printable ASCII is unchanged.
  EXPECT_EQ(gpt2_printable(" king"), "\xc4\xa0king");
  EXPECT_EQ(gpt2_printable("\n"), "\xc4\x8a");
  EXPECT_EQ(gpt2_printable("\t"), "\xc4\x89");
  EXPECT_EQ(gpt2_printable("\xad"), "\xc5\x83");
  EXPECT_EQ(gpt2_printable("\xc3\xa9"), "\xc3\x83\xc2\xa9");
  EXPECT_EQ(gpt2_printable("A~!"), "A~!");
}

TEST(Gpt2Printable, EveryByteRoundTripsToADistinctVisibleCharacter) {
  std::set<std::string> seen;
  for (int b = 0; b < 256; b++) {
    std::string one(1, char(b)), back;
    std::string p = gpt2_printable(one);
    EXPECT_TRUE(seen.insert(p).second) << b;
    for (char ch : p) EXPECT_FALSE(ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') << b;
    ASSERT_TRUE(gpt2_bytes_from_printable(p, &back).ok()) << b;
    EXPECT_EQ(back, one);
  }
  std::string back;
  Status s = gpt2_bytes_from_printable("\xc5\xbf", &back);  // U+017F: beyond the 256
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "U+017F in '\xc5\xbf' is not a character of GPT-2's byte mapping");
}

TEST(Export, Word2vecTextReadsBackExactly) {
  std::string path = path_join(embedlab_test::temp_dir(), "e.w2v.txt");
  ASSERT_TRUE(save_word2vec_text(path, kE, kTokens, kC).ok());
  std::string text = embedlab_test::read_text(path);
  std::vector<std::string> lines = split(text, '\n');
  ASSERT_EQ(lines.size(), kTokens.size() + 2);  // header, 5 rows, "" after the last '\n'
  EXPECT_EQ(lines[0], "5 3");
  EXPECT_EQ(lines.back(), "");
  for (size_t r = 0; r < kTokens.size(); r++) {
    std::vector<std::string> f = split(lines[r + 1], ' ');  // gensim splits on ' '
    ASSERT_EQ(f.size(), size_t(kC) + 1) << r;
    std::string token;
    ASSERT_TRUE(gpt2_bytes_from_printable(f[0], &token).ok());
    EXPECT_EQ(token, kTokens[r]);
    for (int c = 0; c < kC; c++)  // %.9g round-trips float32: equal bits
      EXPECT_EQ(bits(std::strtof(f[size_t(c) + 1].c_str(), nullptr)), bits(kE[r * kC + c]))
          << r << "," << c << ": " << f[size_t(c) + 1];
  }
}

TEST(Export, NpyIsByteIdenticalToNumpySave) {
  // tests/fixtures/small.npy was written by numpy.save (make_npy_fixture.py).
  std::string want = embedlab_test::read_text("tests/fixtures/small.npy");
  ASSERT_EQ(want.size(), 128u + 48u) << "missing tests/fixtures/small.npy (run from the root)";
  std::vector<float> a = {0.0f, 1.0f,     -1.0f, 0.5f,  3.14159f, -2.5e-08f,
                          1e10f, 7.0f,    0.1f,  -0.0f, 123.456f, 42.0f};
  std::string path = path_join(embedlab_test::temp_dir(), "small.npy");
  ASSERT_TRUE(save_npy(path, a, 3, 4).ok());
  EXPECT_EQ(embedlab_test::read_text(path), want);
}

TEST(Export, NpyHeaderAndDataParseBack) {
  // The header numpy 1.24 writes for shape (100000, 3), copied from numpy.save's output:
  // the dict, spaces to 127 bytes, '\n'.
  std::string want_header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 3), }" +
      std::string(53, ' ') + "\n";
  std::vector<float> big(300000);
  for (size_t i = 0; i < big.size(); i++) big[i] = float(i) * 0.25f - 7;
  std::string npy;
  ASSERT_TRUE(npy_bytes(&npy, big, 100000, 3).ok());
  ASSERT_EQ(npy.size(), 128u + big.size() * 4);
  EXPECT_EQ(npy.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t hlen = uint8_t(npy[8]) | (size_t(uint8_t(npy[9])) << 8);
  EXPECT_EQ(hlen, 118u);
  EXPECT_EQ(npy.substr(10, hlen), want_header);
  for (size_t i = 0; i < big.size(); i += 997) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(npy.data()) + 128 + 4 * i;
    uint32_t b = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    EXPECT_EQ(b, bits(big[i])) << i;
  }
}

TEST(Export, ProjectorTsvReadsBackExactly) {
  std::string dir = embedlab_test::temp_dir();
  std::string vp = path_join(dir, "vectors.tsv"), mp = path_join(dir, "metadata.tsv");
  ASSERT_TRUE(save_projector_tsv(vp, mp, kE, kTokens, kC).ok());
  std::vector<std::string> vl = split(embedlab_test::read_text(vp), '\n');
  std::vector<std::string> ml = split(embedlab_test::read_text(mp), '\n');
  ASSERT_EQ(vl.size(), kTokens.size() + 1);  // no header; "" after the last '\n'
  ASSERT_EQ(ml.size(), kTokens.size() + 1);  // one column: no header either
  for (size_t r = 0; r < kTokens.size(); r++) {
    std::vector<std::string> f = split(vl[r], '\t');
    ASSERT_EQ(f.size(), size_t(kC));
    for (int c = 0; c < kC; c++)
      EXPECT_EQ(bits(std::strtof(f[size_t(c)].c_str(), nullptr)), bits(kE[r * kC + c]));
    EXPECT_EQ(ml[r].find('\t'), std::string::npos);
    std::string token;
    ASSERT_TRUE(gpt2_bytes_from_printable(ml[r], &token).ok());
    EXPECT_EQ(token, kTokens[r]);
  }
}

TEST(Export, AnEmptyTableIsAnError) {
  std::string out, meta;
  Status s = word2vec_text(&out, {}, {}, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table is empty (0 tokens)");
  s = npy_bytes(&out, {}, 0, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table is empty (0 tokens)");
  s = save_projector_tsv("v.tsv", "m.tsv", {}, {}, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "v.tsv: embedding table is empty (0 tokens)");
  s = word2vec_text(&out, {1, 2, 3}, {"a", "b"}, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table has 3 values but 2 tokens x 2 columns need 4");
}
