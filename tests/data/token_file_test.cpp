#include "data/token_file.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "util/crc32.h"
#include "util/file.h"

using namespace embedlab;
using embedlab_test::temp_dir;
using embedlab_test::write_text;

TEST(TokenFile, RoundTripsTwoAndFourByteIds) {
  const std::string dir = temp_dir();
  const std::vector<int32_t> ids = {0, 5, 65535, 7, 7};
  ASSERT_TRUE(write_token_file(path_join(dir, "a.tok"), ids, 65536).ok());
  TokenFile f;
  ASSERT_TRUE(read_token_file(path_join(dir, "a.tok"), &f).ok());
  EXPECT_EQ(f.ids, ids);
  EXPECT_EQ(f.vocab_size, 65536);
  EXPECT_EQ(f.id_width, 2);
  const std::vector<int32_t> big = {50256, 70000, 0};
  ASSERT_TRUE(write_token_file(path_join(dir, "b.tok"), big, 100000).ok());
  ASSERT_TRUE(read_token_file(path_join(dir, "b.tok"), &f).ok());
  EXPECT_EQ(f.ids, big);
  EXPECT_EQ(f.id_width, 4);
  EXPECT_FALSE(file_exists(path_join(dir, "b.tok.tmp")));
}

TEST(TokenFile, LayoutByHand) {
  // ids {1, 2}, V = 3: "ELTK", version 1, V 3, width 2, count 2, 01 00 02 00, CRC.
  std::string bytes;
  ASSERT_TRUE(encode_token_file({1, 2}, 3, 0, &bytes).ok());
  ASSERT_EQ(bytes.size(), 32u);
  const std::string head("ELTK\1\0\0\0\3\0\0\0\2\0\0\0\2\0\0\0\0\0\0\0\1\0\2\0", 28);
  EXPECT_EQ(bytes.substr(0, 28), head);
  const uint32_t crc = crc32(head);
  EXPECT_EQ(bytes.substr(28), std::string({char(crc & 0xFF), char((crc >> 8) & 0xFF),
                                           char((crc >> 16) & 0xFF), char(crc >> 24)}));
}

TEST(TokenFile, EmptyStreamIsValid) {
  std::string bytes;
  ASSERT_TRUE(encode_token_file({}, 10, 0, &bytes).ok());
  TokenFile f;
  ASSERT_TRUE(decode_token_file(bytes, "e.tok", &f).ok());
  EXPECT_TRUE(f.ids.empty());
}

TEST(TokenFile, ForeignFileIsNamed) {
  const std::string dir = temp_dir();
  const std::string path = path_join(dir, "notes.txt");
  write_text(path, "hello, these are not tokens at all");
  TokenFile f;
  Status s = read_token_file(path, &f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), path + ": not an embedlab token file (starts with 'hell', expected 'ELTK')");
}

TEST(TokenFile, TruncatedHeaderAndTruncatedIds) {
  std::string bytes;
  ASSERT_TRUE(encode_token_file({1, 2, 3, 4}, 10, 0, &bytes).ok());  // 24 + 8 + 4 = 36
  TokenFile f;
  Status s = decode_token_file(bytes.substr(0, 10), "t.tok", &f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "t.tok: truncated: 10 bytes, a token file has at least 28");
  s = decode_token_file(bytes.substr(0, 33), "t.tok", &f);
  EXPECT_EQ(s.message(),
            "t.tok: truncated: the header promises 4 ids of 2 bytes (28 + 4*2 bytes) but the "
            "file has 33");
  s = decode_token_file(bytes + "xx", "t.tok", &f);
  EXPECT_EQ(s.message(),
            "t.tok: 2 unexpected bytes after the checksum (the header promises 4 ids)");
}

TEST(TokenFile, CorruptedByteFailsTheChecksum) {
  std::string bytes;
  ASSERT_TRUE(encode_token_file({1, 2, 3, 4}, 10, 0, &bytes).ok());
  bytes[26] ^= 0x01;  // id 2 -> 3: still a valid id, only the CRC can tell
  TokenFile f;
  Status s = decode_token_file(bytes, "c.tok", &f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("c.tok: checksum mismatch (stored 0x", 0), 0u) << s.message();
  EXPECT_NE(s.message().find("): the file is corrupted"), std::string::npos);
}

TEST(TokenFile, WrongVersionAndWidthAreNamed) {
  std::string bytes;
  ASSERT_TRUE(encode_token_file({1}, 10, 0, &bytes).ok());
  TokenFile f;
  std::string v2 = bytes;
  v2[4] = 2;
  EXPECT_EQ(decode_token_file(v2, "v.tok", &f).message(),
            "v.tok: token file version 2, this build reads version 1");
  std::string w3 = bytes;
  w3[12] = 3;
  EXPECT_EQ(decode_token_file(w3, "w.tok", &f).message(),
            "w.tok: id width 3 in the header, expected 2 or 4");
}

TEST(TokenFile, IdOutsideVocabularyIsRejectedOnReadAndWrite) {
  // A file whose checksum is right but whose id 12 >= V = 10: written with V = 20,
  // then the header's V patched to 10 and the CRC recomputed.
  std::string bytes;
  ASSERT_TRUE(encode_token_file({3, 12}, 20, 0, &bytes).ok());
  bytes[8] = 10;
  const uint32_t crc = crc32(bytes.data(), bytes.size() - 4);
  for (int i = 0; i < 4; i++) bytes[bytes.size() - 4 + i] = char((crc >> (8 * i)) & 0xFF);
  TokenFile f;
  EXPECT_EQ(decode_token_file(bytes, "v.tok", &f).message(),
            "v.tok: id 12 at position 1 is outside the vocabulary of 10");
  const std::string dir = temp_dir();
  Status s = write_token_file(path_join(dir, "x.tok"), {3, 12}, 10);
  EXPECT_EQ(s.message(), path_join(dir, "x.tok") +
                             ": token file: id 12 at position 1 is outside the vocabulary of 10");
  EXPECT_FALSE(file_exists(path_join(dir, "x.tok")));
}

TEST(TokenFile, TwoByteIdsNeedASmallVocabulary) {
  std::string bytes;
  Status s = encode_token_file({1}, 70000, 2, &bytes);
  EXPECT_EQ(s.message(), "token file: vocab size 70000 does not fit 2-byte ids (at most 65536)");
}

TEST(TokenFile, MissingFileNamesIt) {
  TokenFile f;
  Status s = read_token_file("no/such/file.tok", &f);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("no/such/file.tok: cannot open", 0), 0u) << s.message();
}
