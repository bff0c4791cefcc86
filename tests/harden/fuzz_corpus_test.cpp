// The fuzzers' seed files (tests/fuzz/corpus/) are valid files of today's formats, so
// `make fuzz` starts from inputs that reach past the magic, version and checksum.
// A format change that breaks them fails here first; regenerate the seeds then.
#include <dirent.h>

#include <gtest/gtest.h>

#include <memory>

#include "data/token_file.h"
#include "explore/analogy_eval.h"
#include "fuzz/fuzz_checks.h"
#include "test_util.h"
#include "tokenizer/tokenizer.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "util/file.h"

using namespace embedlab;

namespace {

std::vector<std::string> seeds(const std::string& target) {
  const std::string dir = "tests/fuzz/corpus/" + target;
  std::vector<std::string> paths;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') paths.push_back(path_join(dir, e->d_name));
    closedir(d);
  }
  return paths;
}

}  // namespace

TEST(FuzzCorpus, TokenFileSeedsAreValid) {
  const auto paths = seeds("fuzz_token_file");
  EXPECT_GE(paths.size(), 3u);
  for (const std::string& p : paths) {
    TokenFile f;
    Status s = read_token_file(p, &f);
    EXPECT_TRUE(s.ok()) << s.message();
  }
}

TEST(FuzzCorpus, CheckpointSeedsAreValid) {
  // trained_*: written by train(), load as models; settings_*: right checksum, but
  // settings that model_from_checkpoint must reject (the regressions of
  // Trainer.ModelFromCheckpointChecksSizesBeforeAllocating).
  const auto paths = seeds("fuzz_checkpoint");
  EXPECT_GE(paths.size(), 4u);
  for (const std::string& p : paths) {
    Checkpoint ck;
    Status s = load_checkpoint(p, &ck);
    ASSERT_TRUE(s.ok()) << s.message();
    std::unique_ptr<Model> m;
    TrainConfig cfg;
    const bool trained = p.find("/trained_") != std::string::npos;
    EXPECT_EQ(model_from_checkpoint(ck, p, &m, &cfg).ok(), trained) << p;
  }
}

TEST(FuzzCorpus, PretokenizerSeedsPassTheTargetsChecks) {
  // finding_unicode15_cjk_ext_h_letter.txt: U+31C30, a letter since Unicode 15.0 but
  // unassigned in PCRE2's tables (14.0), so the two splits differ by design; the
  // target compared them anyway (make fuzz found it).
  const auto paths = seeds("fuzz_pretokenize");
  EXPECT_GE(paths.size(), 6u);
  for (const std::string& p : paths)
    EXPECT_EQ(embedlab_fuzz::check_pretokenize(embedlab_test::read_text(p)), "") << p;
  const bool pcre2_knows_it = embedlab_fuzz::pcre2_class(0x31C30) == CharClass::kLetter;
  EXPECT_EQ(embedlab_fuzz::first_class_difference("a\xF0\xB1\xB0\xB0"), pcre2_knows_it ? -1 : 0x31C30);
  EXPECT_EQ(embedlab_fuzz::first_class_difference("abc \xE4\xB8\xAD\xFF"), -1);
}

// The tokenizer and analogy targets: every seed, and every input make fuzz found
// (finding_*, each also a named test beside its module's), replayed through the
// target's own properties (tests/fuzz/fuzz_checks.h). The other seeds are valid files.
namespace {

bool is_finding(const std::string& path) { return path.find("/finding_") != std::string::npos; }

}  // namespace

TEST(FuzzCorpus, TokenizerFileSeedsPassTheTargetsChecks) {
  const auto paths = seeds("fuzz_tokenizer_file");
  EXPECT_GE(paths.size(), 4u);
  for (const std::string& p : paths) {
    const std::string bytes = embedlab_test::read_text(p);
    EXPECT_EQ(embedlab_fuzz::check_tokenizer_file(bytes), "") << p;
    EXPECT_EQ(embedlab_fuzz::check_tokenizer_file(embedlab_fuzz::with_checksum_line_repaired(bytes)), "") << p;
    Tokenizer t;
    EXPECT_TRUE(is_finding(p) || Tokenizer::deserialize(bytes, p, &t).ok()) << p;
  }
}

TEST(FuzzCorpus, EncodeDecodeSeedsPassTheTargetsChecks) {
  const auto paths = seeds("fuzz_encode_decode");
  EXPECT_GE(paths.size(), 5u);
  const Tokenizer* trained = embedlab_fuzz::shared_toyworld_tokenizer();
  ASSERT_TRUE(trained);
  Tokenizer gpt2;
  const bool have_gpt2 = !embedlab_test::gpt2_dir().empty();
  if (have_gpt2) {
    ASSERT_TRUE(Tokenizer::load_named("gpt2", &gpt2).ok());
  }
  for (const std::string& p : paths) {
    const std::string text = embedlab_test::read_text(p);
    EXPECT_EQ(embedlab_fuzz::check_encode_decode(*trained, text), "") << p;
    if (have_gpt2) {
      EXPECT_EQ(embedlab_fuzz::check_encode_decode(gpt2, text), "") << p;
    }
  }
}

TEST(FuzzCorpus, Gpt2ImportSeedsPassTheTargetsChecks) {
  const auto paths = seeds("fuzz_gpt2_import");
  EXPECT_GE(paths.size(), 3u);
  for (const std::string& p : paths) {
    const std::string bytes = embedlab_test::read_text(p);
    EXPECT_EQ(embedlab_fuzz::check_gpt2_import(bytes), "") << p;
    std::string json, bpe;
    embedlab_fuzz::split_gpt2_input(bytes, &json, &bpe);
    Tokenizer t;
    Status s = Tokenizer::parse_gpt2(json, "encoder.json", bpe, "vocab.bpe", &t);
    EXPECT_TRUE(is_finding(p) || s.ok()) << p << ": " << s.message();
  }
}

TEST(FuzzCorpus, TiktokenRankSeedsPassTheTargetsChecks) {
  const auto paths = seeds("fuzz_tiktoken_ranks");
  EXPECT_GE(paths.size(), 3u);
  for (const std::string& p : paths) {
    const std::string bytes = embedlab_test::read_text(p);
    EXPECT_EQ(embedlab_fuzz::check_tiktoken_ranks(bytes), "") << p;
    Tokenizer t;
    Status s = Tokenizer::parse_tiktoken(bytes, p, &t);
    EXPECT_TRUE(is_finding(p) || s.ok()) << p << ": " << s.message();
  }
}

TEST(FuzzCorpus, AnalogyQuestionsSeedsPassTheTargetsChecks) {
  const auto paths = seeds("fuzz_analogy_questions");
  EXPECT_GE(paths.size(), 3u);
  for (const std::string& p : paths) {
    const std::string text = embedlab_test::read_text(p);
    EXPECT_EQ(embedlab_fuzz::check_analogy_questions(text), "") << p;
    std::vector<AnalogySection> sections;
    EXPECT_TRUE(is_finding(p) || parse_analogy_questions(&sections, text, p).ok()) << p;
  }
}

TEST(FuzzCorpus, BpeTrainSeedsPassTheTargetsChecks) {
  const auto paths = seeds("fuzz_bpe_train");
  EXPECT_GE(paths.size(), 4u);
  for (const std::string& p : paths)
    EXPECT_EQ(embedlab_fuzz::check_bpe_train(embedlab_test::read_text(p)), "") << p;
  // Asking for more merges than the corpus allows is refused on one line, by count.
  EXPECT_EQ(embedlab_fuzz::check_bpe_train(std::string("\x7f") + "abab"), "");
  EXPECT_EQ(embedlab_fuzz::check_bpe_train("\x01"), "");  // empty corpus
}
