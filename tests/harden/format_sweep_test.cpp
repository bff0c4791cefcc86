// Every binary file format embedlab reads, swept with damaged copies (see
// corruption_sweep.h; the text formats are in text_format_sweep_test.cpp, the CLI's
// answers in cli_sweep_test.cpp). Each test proves, for one real file: no crash, no
// hang, no attempt slower than 1 s, a one-line message for each rejection, and, since each
// format ends in a CRC-32 over all its bytes, that every truncation and every
// 1-3 bit flip is rejected, so no damaged number is ever loaded silently.
// Under `make asan` the same sweep also proves no out-of-bounds read or UB on any
// of these inputs.
// Adding a format: build one valid file, write a Loader, call sweep_and_check.
#include <gtest/gtest.h>

#include "data/token_file.h"
#include "harden/corruption_sweep.h"
#include "test_util.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/rng.h"

using namespace embedlab;
using embedlab_test::Loader;
using embedlab_test::SweepOptions;
using embedlab_test::sweep_and_check;
using embedlab_test::through_a_file;

namespace {

std::vector<int32_t> random_ids(int V, size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<int32_t> ids(n);
  for (auto& id : ids) id = int32_t(r.below(uint64_t(V)));
  return ids;
}

// What a token file holds, as text to compare loads: V, width, then the ids.
std::string describe(const TokenFile& f) {
  std::string s = std::to_string(f.vocab_size) + " " + std::to_string(f.id_width) + ":";
  for (int32_t id : f.ids) s += " " + std::to_string(id);
  return s;
}

Loader token_bytes_loader() {
  return [](const std::string& bytes, std::string* loaded) {
    TokenFile f;
    Status s = decode_token_file(bytes, "ids.tok", &f);
    if (s.ok()) *loaded = describe(f);
    return s;
  };
}

Loader token_path_loader() {
  return embedlab_test::via_temp_file("ids.tok", [](const std::string& path, std::string* loaded) {
    TokenFile f;
    Status s = read_token_file(path, &f);
    if (s.ok()) *loaded = describe(f);
    return s;
  });
}

// A real checkpoint written by train(): AdamW moments, settings, rng state.
// V = 50, C = 8, T = 4, tied head: about 6 KB, so truncations past 4 KB are sampled.
std::string trained_checkpoint() {
  TrainConfig c;
  c.model = ModelConfig{50, 8, 4, 2, true};
  c.batch = 4;
  c.steps = 6;
  c.quiet = true;
  c.compare_paths = false;
  c.tokenizer_ref = "tokenizer.bin";
  c.tokenizer_crc = 0x12345678;
  const std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  Status s = train(c, random_ids(50, 400, 3), dir, &r);
  EXPECT_TRUE(s.ok()) << s.message();
  return embedlab_test::read_text(path_join(dir, "checkpoint.bin"));
}

std::string describe(const Model& m) {
  const ModelConfig& c = m.config();
  std::string s = std::to_string(c.V) + " " + std::to_string(c.C) + " " + std::to_string(c.T) +
                  " " + std::to_string(c.window) + " " + std::to_string(c.tie) + ":";
  for (const Parameter& p : m.parameters()) s += p.name + floats_to_bytes(p.w);
  return s;
}

}  // namespace

TEST(FormatSweep, TwoByteTokenFileRejectsEveryTruncationAndFlip) {
  std::string valid;
  ASSERT_TRUE(encode_token_file(random_ids(1000, 150, 1), 1000, 2, &valid).ok());
  ASSERT_EQ(valid.size(), 24u + 150 * 2 + 4);
  SweepOptions o;
  o.every_single_bit = true;  // 2,624 of them
  sweep_and_check("bytes", valid, token_bytes_loader(), o);
  sweep_and_check("path", valid, token_path_loader(), through_a_file(1));
}

TEST(FormatSweep, FourByteTokenFileRejectsEveryTruncationAndFlip) {
  std::string valid;
  ASSERT_TRUE(encode_token_file(random_ids(70000, 150, 2), 70000, 4, &valid).ok());
  ASSERT_EQ(valid.size(), 24u + 150 * 4 + 4);
  SweepOptions o;
  o.every_single_bit = true;  // 5,024 of them
  sweep_and_check("bytes", valid, token_bytes_loader(), o);
  sweep_and_check("path", valid, token_path_loader(), through_a_file(2));
}

TEST(FormatSweep, CheckpointRejectsEveryTruncationAndFlip) {
  const std::string valid = trained_checkpoint();
  ASSERT_GT(valid.size(), 4096u);
  // Bytes: decode_checkpoint, with every single-bit flip.
  Loader decode = [](const std::string& bytes, std::string* loaded) {
    Checkpoint ck;
    Status s = decode_checkpoint(bytes, "checkpoint.bin", &ck);
    if (s.ok()) *loaded = encode_checkpoint(ck);
    return s;
  };
  SweepOptions o;
  o.every_single_bit = true;
  sweep_and_check("decode", valid, decode, o);
  // Through a folder: load_model reads DIR/checkpoint.bin and checks the shapes.
  Loader model = embedlab_test::via_temp_file(
      "checkpoint.bin", [](const std::string& path, std::string* loaded) {
        std::unique_ptr<Model> m;
        TrainConfig cfg;
        Status s = load_model(path.substr(0, path.rfind('/')), &m, &cfg);
        if (s.ok()) *loaded = describe(*m);
        return s;
      });
  sweep_and_check("load_model", valid, model, through_a_file(3));
}
