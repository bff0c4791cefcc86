// The text files embedlab reads, swept with damaged copies (see corruption_sweep.h):
//   tokenizer.tok     written by train-tokenizer and train, read by every command that
//                     encodes; it ends in a CRC-32 line, so every truncation and every
//                     1-3 bit flip must be rejected, as for the binary formats;
//   encoder.json and vocab.bpe   GPT-2's files, read by the importer; not ours, with no
//                     checksum, so a flip may load: what loads must then be a whole
//                     tokenizer (it saves, loads again, and round-trips text);
//   the analogy questions        written by make-corpus, read by eval-analogies, in
//                     word2vec's format (no checksum; a flip may change a word): what
//                     loads must be well-formed questions.
// Each test proves for one real file: no crash, no hang, no attempt slower than 1 s,
// and a one-line message for each rejection; under make asan, no memory error either.
#include <gtest/gtest.h>

#include "explore/analogy_eval.h"
#include "fuzz/fuzz_checks.h"
#include "harden/corruption_sweep.h"
#include "test_util.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"

using namespace embedlab;
using embedlab_test::Loader;
using embedlab_test::SweepOptions;
using embedlab_test::SweepReport;
using embedlab_test::sweep_and_check;
using embedlab_test::through_a_file;

namespace {

Loader tokenizer_bytes_loader() {
  return [](const std::string& bytes, std::string* loaded) {
    Tokenizer t;
    Status s = Tokenizer::deserialize(bytes, "tokenizer.tok", &t);
    if (s.ok()) *loaded = t.serialize();
    return s;
  };
}

Loader tokenizer_path_loader() {
  return embedlab_test::via_temp_file("tokenizer.tok", [](const std::string& path, std::string* loaded) {
    Tokenizer t;
    Status s = Tokenizer::load(path, &t);
    if (s.ok()) *loaded = t.serialize();
    return s;
  });
}

// A sweep of a format without a checksum: no attempt fails (crash, hang, slow, or a
// message not on one line); the counts go into the XML properties under `label`.
SweepReport sweep_unchecksummed(const std::string& label, const std::string& valid,
                                const Loader& load, SweepOptions o) {
  o.checksummed = false;
  SweepReport r = embedlab_test::corruption_sweep(valid, load, o);
  EXPECT_EQ(r.failure_count, 0) << r.summary();
  testing::Test::RecordProperty(label, r.summary());
  return r;
}

// The mini GPT-2 files: the fuzz seed cut from GPT-2's own (256 bytes, 40 merges,
// <|endoftext|>), split in two.
void mini_gpt2(std::string* json, std::string* bpe) {
  const std::string both =
      embedlab_test::read_text("tests/fuzz/corpus/fuzz_gpt2_import/real_first_40_merges.txt");
  embedlab_fuzz::split_gpt2_input(both, json, bpe);
  ASSERT_GT(bpe->size(), 100u);
}

// Imports json + bpe; what loads must be a whole tokenizer (check_loaded_tokenizer).
Status import(const std::string& json, const std::string& bpe, std::string* loaded) {
  Tokenizer t;
  Status s = Tokenizer::parse_gpt2(json, "encoder.json", bpe, "vocab.bpe", &t);
  if (!s.ok()) return s;
  EXPECT_EQ(embedlab_fuzz::check_loaded_tokenizer(t, "the king's 12 horses\n\xff<|endoftext|>"), "");
  *loaded = t.serialize();
  return s;
}

}  // namespace

TEST(TextFormatSweep, TokenizerFileRejectsEveryTruncationAndFlip) {
  // 60 merges of the toy world, two specials: about 700 bytes, 5,600 single-bit flips.
  BpeTrainOptions o;
  o.vocab_size = 256 + 60 + 2;
  o.specials = {"<|endoftext|>", "<|pad|>"};
  Tokenizer t;
  ASSERT_TRUE(bpe_train(embedlab_test::read_text("corpus/toyworld.txt").substr(0, 20000), o, &t).ok());
  const std::string valid = t.serialize();
  SweepOptions every;
  every.every_single_bit = true;
  sweep_and_check("bytes", valid, tokenizer_bytes_loader(), every);
  sweep_and_check("path", valid, tokenizer_path_loader(), through_a_file(4));
}

TEST(TextFormatSweep, Gpt2OrderTokenizerFileRejectsEveryTruncationAndFlip) {
  // A "bytes" line of 256 ids (GPT-2's byte order), 20 merges: 1,140 bytes.
  const std::string valid =
      embedlab_test::read_text("tests/fuzz/corpus/fuzz_tokenizer_file/gpt2_byte_order_20_merges.tok");
  ASSERT_GT(valid.size(), 1000u);
  SweepOptions every;
  every.every_single_bit = true;
  sweep_and_check("bytes", valid, tokenizer_bytes_loader(), every);
}

TEST(TextFormatSweep, Gpt2EncoderJsonLoadsWholeOrFailsOnOneLine) {
  std::string json, bpe;
  mini_gpt2(&json, &bpe);  // 3,000 bytes: every truncation, 1,000 random flips
  SweepReport r = sweep_unchecksummed(
      "encoder.json", json,
      [&bpe](const std::string& damaged, std::string* loaded) { return import(damaged, bpe, loaded); },
      SweepOptions());
  EXPECT_GT(r.rejected, r.attempts * 9 / 10) << r.summary();  // most damage is still noticed
}

TEST(TextFormatSweep, Gpt2VocabBpeLoadsWholeOrFailsOnOneLine) {
  std::string json, bpe;
  mini_gpt2(&json, &bpe);
  SweepOptions o;
  o.every_single_bit = true;  // 330 bytes: 2,640 flips
  SweepReport r = sweep_unchecksummed(
      "vocab.bpe", bpe,
      [&json](const std::string& damaged, std::string* loaded) { return import(json, damaged, loaded); },
      o);
  EXPECT_GT(r.rejected, r.attempts * 9 / 10) << r.summary();
}

TEST(TextFormatSweep, RealGpt2FilesLoadWholeOrFailOnOneLine) {
  // GPT-2's own 1 MB encoder.json and 456 KB vocab.bpe: a few sampled truncations and
  // flips each (an import costs ~0.1 s, several under ASan), through load_gpt2's paths.
  const std::string dir = embedlab_test::gpt2_dir();
  if (dir.empty()) GTEST_SKIP() << "GPT-2's files are not in build/gpt2 (run make gpt2)";
  const std::string json = embedlab_test::read_text(path_join(dir, "encoder.json"));
  const std::string bpe = embedlab_test::read_text(path_join(dir, "vocab.bpe"));
  const std::string tmp = embedlab_test::temp_dir();
  const std::string json_path = path_join(tmp, "encoder.json"), bpe_path = path_join(tmp, "vocab.bpe");
  SweepOptions o;
  o.every_length_below = 0;
  o.sampled_lengths = 4;
  o.random_flips = 4;
  o.slow_seconds = 10;
  for (int which = 0; which < 2; which++) {
    embedlab_test::write_text(json_path, json);
    embedlab_test::write_text(bpe_path, bpe);
    Loader load = [&](const std::string& damaged, std::string* loaded) {
      embedlab_test::write_text(which == 0 ? json_path : bpe_path, damaged);
      Tokenizer t;
      Status s = Tokenizer::load_gpt2(json_path, bpe_path, &t);
      if (s.ok()) *loaded = std::to_string(t.vocab_size()) + " " + std::to_string(t.num_merges());
      return s;
    };
    o.seed = uint64_t(10 + which);
    sweep_unchecksummed(which == 0 ? "encoder.json" : "vocab.bpe", which == 0 ? json : bpe, load, o);
  }
}

TEST(TextFormatSweep, AnalogyQuestionsLoadWellFormedOrFailOnOneLine) {
  // corpus/toyworld-analogies.txt as make-corpus writes it: 10.5 KB.
  const std::string valid = embedlab_test::read_text("corpus/toyworld-analogies.txt");
  ASSERT_GT(valid.size(), 4096u);
  Loader load = [](const std::string& bytes, std::string* loaded) {
    std::vector<AnalogySection> sections;
    Status s = parse_analogy_questions(&sections, bytes, "questions.txt");
    if (!s.ok()) return s;
    EXPECT_EQ(embedlab_fuzz::check_analogy_questions(bytes), "");
    loaded->clear();
    for (const AnalogySection& sec : sections)
      for (const AnalogyQuestion& q : sec.questions) *loaded += q.a + q.b + q.c + q.d;
    return s;
  };
  // Every truncation below 4 KB (1 KB under the sanitizers, where 4 KB took 9 s), 500
  // sampled beyond, 1,000 random flips.
  SweepOptions options;
  if (embedlab_test::sanitized()) options.every_length_below = 1024;
  sweep_unchecksummed("questions", valid, load, options);
}
