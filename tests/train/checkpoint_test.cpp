// The checkpoint file format: round trip, and the messages for damaged files,
// including each input that `make fuzz` found.
#include "train/checkpoint.h"

#include <gtest/gtest.h>

#include <cstring>

#include "test_util.h"
#include "util/crc32.h"
#include "util/file.h"

using namespace embedlab;

namespace {

template <typename T>
void put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

// A checkpoint built field by field: magic, version, section count, then sections
// given as (name, declared length, bytes), then the CRC of it all.
struct Section {
  std::string name;
  uint64_t length;
  std::string bytes;
};
std::string by_hand(const std::vector<Section>& sections) {
  std::string out = "EMBLCKPT";
  put<uint32_t>(&out, 1);
  put<uint32_t>(&out, uint32_t(sections.size()));
  for (const Section& s : sections) {
    put<uint32_t>(&out, uint32_t(s.name.size()));
    out += s.name;
    put<uint64_t>(&out, s.length);
    out += s.bytes;
  }
  put<uint32_t>(&out, crc32(out));
  return out;
}

Checkpoint small_checkpoint() {
  Checkpoint ck;
  ck.settings["V"] = "4";
  ck.settings["tokenizer"] = "gpt2";
  ck.sections["E"] = floats_to_bytes({1.5f, -2.0f, 0.25f, 3.0f});
  ck.sections["optimizer"] = std::string("\0\1\2", 3);
  return ck;
}

}  // namespace

TEST(Checkpoint, RoundTripsThroughBytesAndFiles) {
  const Checkpoint ck = small_checkpoint();
  Checkpoint back;
  ASSERT_TRUE(decode_checkpoint(encode_checkpoint(ck), "a.ckpt", &back).ok());
  EXPECT_EQ(back.settings, ck.settings);
  EXPECT_EQ(back.sections, ck.sections);
  const std::string path = path_join(embedlab_test::temp_dir(), "b.ckpt");
  ASSERT_TRUE(save_checkpoint(path, ck).ok());
  EXPECT_EQ(embedlab_test::read_text(path), encode_checkpoint(ck));
  ASSERT_TRUE(load_checkpoint(path, &back).ok());
  EXPECT_EQ(back.sections, ck.sections);
}

TEST(Checkpoint, ByHandLayoutDecodes) {
  const std::string bytes = by_hand({{"settings", 4, "V=4\n"}, {"b", 2, "xy"}});
  Checkpoint ck;
  ASSERT_TRUE(decode_checkpoint(bytes, "h.ckpt", &ck).ok());
  EXPECT_EQ(ck.settings.at("V"), "4");
  EXPECT_EQ(ck.sections.at("b"), "xy");
}

TEST(Checkpoint, DamageIsNamedAndLeavesTheCheckpointEmpty) {
  std::string bytes = encode_checkpoint(small_checkpoint());
  Checkpoint ck = small_checkpoint();
  bytes[bytes.size() - 10] ^= 0x20;
  EXPECT_EQ(decode_checkpoint(bytes, "d.ckpt", &ck).message(),
            "d.ckpt: not a valid embedlab checkpoint: checksum mismatch (corrupted or truncated)");
  EXPECT_TRUE(ck.settings.empty());
  EXPECT_TRUE(ck.sections.empty());
  EXPECT_EQ(decode_checkpoint("EMBL", "s.ckpt", &ck).message(),
            "s.ckpt: not a valid embedlab checkpoint: file too short");
  EXPECT_EQ(decode_checkpoint(std::string(40, 'x'), "m.ckpt", &ck).message(),
            "m.ckpt: not a valid embedlab checkpoint: wrong magic (not a checkpoint)");
  // A right checksum over wrong structure: the section parser's own messages.
  EXPECT_EQ(decode_checkpoint(by_hand({{"settings", 3, "V=4"}}), "n.ckpt", &ck).message(),
            "n.ckpt: not a valid embedlab checkpoint: settings line without newline");
  EXPECT_EQ(decode_checkpoint(by_hand({{"E", 100, "abc"}}), "p.ckpt", &ck).message(),
            "p.ckpt: not a valid embedlab checkpoint: section 'E' runs past the end of the file");
}

// Found by make fuzz: a section name is raw bytes from the file; a newline in it
// used to split the error message over two lines.
TEST(Checkpoint, SectionNameWithControlBytesStaysOnOneLine) {
  Checkpoint ck;
  Status s = decode_checkpoint(by_hand({{"setum=0\nopt\r", 1000, "abc"}}), "f.ckpt", &ck);
  EXPECT_EQ(s.message(), "f.ckpt: not a valid embedlab checkpoint: section "
                         "'setum=0\\x0Aopt\\x0D' runs past the end of the file");
}

// Found by make fuzz: a setting's value is raw bytes; "V=\r" put a carriage return
// into the message. Values are now strictly [-]digits, shown escaped when not.
TEST(Checkpoint, SettingIntIsStrictAndItsMessageStaysOnOneLine) {
  Checkpoint ck;
  int64_t v = 0;
  for (const char* ok : {"42", "-3", "0", "123456789012345678"}) {
    ck.settings["V"] = ok;
    ASSERT_TRUE(setting_int(ck, "c.ckpt", "V", &v).ok()) << ok;
    EXPECT_EQ(v, std::strtoll(ok, nullptr, 10));
  }
  ck.settings["V"] = "\r";
  EXPECT_EQ(setting_int(ck, "c.ckpt", "V", &v).message(),
            "c.ckpt: setting V=\\x0D is not a whole number of at most 18 digits");
  for (const std::string& bad : {std::string(""), std::string("-"), std::string(" 7"),
                                std::string("+7"), std::string("7 "), std::string("7\0x", 3),
                                std::string("1234567890123456789"), std::string("0x10")}) {
    ck.settings["V"] = bad;
    Status s = setting_int(ck, "c.ckpt", "V", &v);
    EXPECT_FALSE(s.ok()) << printable(bad);
    EXPECT_NE(s.message().find("is not a whole number"), std::string::npos) << s.message();
  }
  EXPECT_EQ(setting_int(ck, "c.ckpt", "C", &v).message(), "c.ckpt: checkpoint has no setting 'C'");
}
