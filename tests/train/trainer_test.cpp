// The training loop end to end on small synthetic streams.
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iomanip>
#include <map>
#include <sstream>

#include "test_util.h"
#include "train/checkpoint.h"
#include "util/file.h"
#include "util/rng.h"

using namespace embedlab;
using embedlab_test::metrics_losses;

namespace {

// A stream where each token decides the next one with probability 0.9 (next = 3x+1
// mod V), else a random token: a bigram world that a window-1 model can learn.
std::vector<int32_t> bigram_stream(int V, size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<int32_t> ids = {0};
  while (ids.size() < n) {
    int32_t prev = ids.back();
    ids.push_back(r.uniform_double() < 0.9 ? int32_t((3 * prev + 1) % V) : int32_t(r.below(V)));
  }
  return ids;
}

TrainConfig small_config(int V) {
  TrainConfig c;
  c.model = ModelConfig{V, 32, 8, 1, false};  // C >= V: the model can represent any bigram table
  c.batch = 8;
  c.steps = 600;
  c.batch = 32;
  c.lr = 0.05;
  c.quiet = true;
  c.compare_paths = false;
  c.seed = 5;
  c.warmup = 0;
  return c;
}

// One run trained twice: in one go, and stopped after some steps, then resumed.
struct FullAndResumed {
  std::string full = embedlab_test::temp_dir();   // the run in one go
  std::string parts = embedlab_test::temp_dir();  // the run stopped, then resumed
  TrainResult stopped, resumed;                   // the second run's two halves
};

// Trains c on ids in one go into runs->full, then into runs->parts stopped after
// stop_at steps (as an interrupt does) and resumed to the end, as the resume tests
// compare them. between(parts), when given, runs after the stop and before the
// resume, to check or change what the stop left. A failed step fails the test:
// call it inside ASSERT_NO_FATAL_FAILURE so that the test stops there too.
void train_full_and_resumed(const TrainConfig& c, const std::vector<int32_t>& ids,
                            int64_t stop_at, FullAndResumed* runs,
                            const std::function<void(const std::string& parts)>& between = nullptr) {
  TrainResult r;
  ASSERT_TRUE(train(c, ids, runs->full, &r).ok());
  TrainConfig first = c;
  first.stop_after = stop_at;
  ASSERT_TRUE(train(first, ids, runs->parts, &runs->stopped).ok());
  if (between) {
    between(runs->parts);
    if (::testing::Test::HasFatalFailure()) return;
  }
  TrainConfig rest = c;
  rest.resume = true;
  ASSERT_TRUE(train(rest, ids, runs->parts, &runs->resumed).ok());
}

}  // namespace

TEST(Trainer, LearnsABigramWorldDownToTheCountBaseline) {
  const int V = 32;
  std::vector<int32_t> ids = bigram_stream(V, 20000, 1);
  std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  ASSERT_TRUE(train(small_config(V), ids, dir, &r).ok());
  EXPECT_EQ(r.steps_done, 600);
  EXPECT_NEAR(r.baselines.uniform, std::log(32.0), 1e-12);
  // The true conditional entropy is H = -(0.9 + 0.1/32) ln(0.9 + 0.1/32) - 31 (0.1/32)
  // ln(0.1/32) ~ 0.632 nats; the bigram counts get close to it, and so must the model.
  EXPECT_LT(r.baselines.bigram, 0.70);
  EXPECT_LT(r.final_val_loss, r.baselines.bigram * 1.03);
  EXPECT_LT(r.final_val_loss, r.baselines.unigram * 0.5);
  for (const char* f : {"checkpoint.bin", "metrics.csv", "loss.png", "summary.json"})
    EXPECT_TRUE(file_exists(path_join(dir, f))) << f;
  std::string csv = embedlab_test::read_text(path_join(dir, "metrics.csv"));
  EXPECT_EQ(csv.rfind("step,train_loss,val_loss,tokens_per_s\n", 0), 0u);
  std::string summary = embedlab_test::read_text(path_join(dir, "summary.json"));
  for (const char* key : {"final_train_loss", "final_val_loss", "baseline_uniform",
                          "baseline_unigram", "baseline_bigram", "tokens_per_s", "seconds"})
    EXPECT_NE(summary.find(std::string("\"") + key + "\""), std::string::npos) << key;
}

TEST(Trainer, InterruptedAndResumedEndsWithIdenticalWeights) {
  const int V = 24;
  std::vector<int32_t> ids = bigram_stream(V, 6000, 2);
  TrainConfig c = small_config(V);
  c.steps = 60;
  c.model.window = 2;
  c.checkpoint_every = 7;
  FullAndResumed runs;
  // Stopped at step 23: mid-epoch, between two periodic checkpoints.
  ASSERT_NO_FATAL_FAILURE(train_full_and_resumed(c, ids, 23, &runs));
  EXPECT_TRUE(runs.stopped.interrupted);
  EXPECT_EQ(runs.stopped.steps_done, 23);
  EXPECT_EQ(runs.resumed.steps_done, 60);
  Checkpoint a, b;
  ASSERT_TRUE(load_checkpoint(path_join(runs.full, "checkpoint.bin"), &a).ok());
  ASSERT_TRUE(load_checkpoint(path_join(runs.parts, "checkpoint.bin"), &b).ok());
  for (const char* s : {"E", "P", "W", "b", "optimizer"}) EXPECT_EQ(a.sections[s], b.sections[s]) << s;
  // metrics.csv holds each logged step once, with the same losses (tokens/s aside).
  EXPECT_EQ(metrics_losses(embedlab_test::read_text(path_join(runs.full, "metrics.csv"))),
            metrics_losses(embedlab_test::read_text(path_join(runs.parts, "metrics.csv"))));
}

TEST(Trainer, ResumeTakesTheMetricsFromTheCheckpoint) {
  // metrics.csv is written after the checkpoint, so a run killed in between left it a
  // step behind; the checkpoint now carries the rows up to its own step, and a resumed
  // run continues those, whatever metrics.csv holds.
  const int V = 24;
  std::vector<int32_t> ids = bigram_stream(V, 6000, 2);
  TrainConfig c = small_config(V);
  c.steps = 30;
  c.checkpoint_every = 5;
  FullAndResumed runs;
  // Between the stop and the resume: the checkpoint holds the rows metrics.csv has,
  // then metrics.csv loses them all, as if the kill came before it was written.
  ASSERT_NO_FATAL_FAILURE(train_full_and_resumed(c, ids, 12, &runs, [](const std::string& parts) {
    Checkpoint ck;
    ASSERT_TRUE(load_checkpoint(path_join(parts, "checkpoint.bin"), &ck).ok());
    EXPECT_EQ(ck.sections["metrics"], embedlab_test::read_text(path_join(parts, "metrics.csv")));
    embedlab_test::write_text(path_join(parts, "metrics.csv"), "step,train_loss,val_loss,tokens_per_s\n");
  }));
  using embedlab_test::read_text;
  const std::string want = metrics_losses(read_text(path_join(runs.full, "metrics.csv")));
  EXPECT_EQ(metrics_losses(read_text(path_join(runs.parts, "metrics.csv"))), want);
  EXPECT_GT(std::count(want.begin(), want.end(), '\n'), 20);
}

TEST(Trainer, DivergingLossStopsWithTheStepAndKeepsTheLastCheckpoint) {
  const int V = 16;
  std::vector<int32_t> ids = bigram_stream(V, 4000, 3);
  TrainConfig c = small_config(V);
  c.optim.kind = OptimizerKind::kSgd;
  c.optim.weight_decay = 0;
  c.clip = 0;
  c.lr = 1e30;  // the first update sends the weights to infinity
  c.checkpoint_every = 1;
  std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  Status s = train(c, ids, dir, &r);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("the training loss became"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("at step 2"), std::string::npos) << s.message();
  Checkpoint ck;
  ASSERT_TRUE(load_checkpoint(path_join(dir, "checkpoint.bin"), &ck).ok());
  EXPECT_EQ(ck.settings["step"], "1");
}

TEST(Trainer, BadInputIsNamed) {
  TrainConfig c = small_config(16);
  std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  std::vector<int32_t> few = {1, 2, 3, 4, 5};
  Status s = train(c, few, dir, &r);
  EXPECT_NE(s.message().find("too few for one window of --context 8"), std::string::npos)
      << s.message();
  std::vector<int32_t> bad = bigram_stream(16, 1000, 4);
  bad[10] = 99;
  EXPECT_EQ(train(c, bad, dir, &r).message(),
            "token id 99 is outside the vocabulary of 16");
  Status w = train(c, bigram_stream(16, 1000, 4), "/proc/embedlab-cannot-write", &r);
  EXPECT_FALSE(w.ok());
  // Resuming with another model size names the setting.
  std::vector<int32_t> ids = bigram_stream(16, 2000, 5);
  c.steps = 5;
  ASSERT_TRUE(train(c, ids, dir, &r).ok());
  TrainConfig other = c;
  other.model.C = 8;
  other.resume = true;
  EXPECT_NE(train(other, ids, dir, &r).message().find("the checkpoint has C=32 but this run has C=8"),
            std::string::npos);
}

TEST(Trainer, LoadModelReadsBackTheCheckpointsWeights) {
  TrainConfig c = small_config(16);
  c.steps = 3;
  c.tokenizer_ref = "tok.bin";
  c.tokenizer_crc = 77;
  const std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  ASSERT_TRUE(train(c, bigram_stream(16, 2000, 6), dir, &r).ok());
  std::unique_ptr<Model> m;
  TrainConfig back;
  Status s = load_model(dir, &m, &back);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(back.model.V, 16);
  EXPECT_EQ(back.model.C, 32);
  EXPECT_EQ(back.model.T, 8);
  EXPECT_EQ(back.tokenizer_ref, "tok.bin");
  EXPECT_EQ(back.tokenizer_crc, 77u);
  Checkpoint ck;
  ASSERT_TRUE(load_checkpoint(path_join(dir, "checkpoint.bin"), &ck).ok());
  // One section per parameter, named as the parameter.
  EXPECT_EQ(ck.settings["params"], "token_embedding,position_embedding,head_weight,head_bias");
  for (const Parameter& p : m->parameters())
    EXPECT_EQ(floats_to_bytes(p.w), ck.sections[p.name]) << p.name;
  // token_counts: V int64 that add up to the training split (90% of 2,000 tokens).
  const std::string& counts = ck.sections["token_counts"];
  ASSERT_EQ(counts.size(), 16 * sizeof(int64_t));
  int64_t total = 0;
  for (int v = 0; v < 16; v++) {
    int64_t n;
    std::memcpy(&n, counts.data() + v * sizeof(int64_t), sizeof n);
    total += n;
  }
  EXPECT_EQ(total, 1800);
  EXPECT_EQ(load_model(path_join(dir, "nope"), &m, &back).message(),
            path_join(dir, "nope") + ": no such model folder");
}

// Found with the fuzz_checkpoint target (a crafted input: the checksum is right but
// the settings lie):
// V=1000000000 with C=65536 used to build the model first, a 256 TB allocation that
// aborted; the weight sections are now checked against the shapes before that.
// And V=4294967298 used to wrap to V=2 and load; it is now out of range.
TEST(Trainer, ModelFromCheckpointChecksSizesBeforeAllocating) {
  Checkpoint ck;
  ck.settings = {{"V", "1000000000"}, {"C", "65536"}, {"T", "1"},
                 {"window", "1"},     {"tie", "1"},   {"tokenizer_crc", "0"}};
  std::unique_ptr<Model> m;
  TrainConfig cfg;
  EXPECT_EQ(model_from_checkpoint(ck, "big.ckpt", &m, &cfg).message(),
            "big.ckpt: E has 0 values, expected 65536000000000");
  EXPECT_EQ(m, nullptr);
  ck.settings["V"] = "4294967298";
  ck.settings["C"] = "1";
  ck.sections = {{"E", std::string(8, '\0')}, {"P", std::string(4, '\0')},
                 {"b", std::string(8, '\0')}};
  EXPECT_EQ(model_from_checkpoint(ck, "wrap.ckpt", &m, &cfg).message(),
            "wrap.ckpt: setting V=4294967298 does not fit a 32-bit int");
  ck.settings["V"] = "2";
  ASSERT_TRUE(model_from_checkpoint(ck, "ok.ckpt", &m, &cfg).ok());
  EXPECT_EQ(m->config().V, 2);
}

// The sampled head draws its negatives from (seed, step) alone: a run stopped and resumed
// ends with the same bits as one run through; its validation is the full softmax's.
TEST(Trainer, SampledHeadResumesBitForBit) {
  const int V = 24;
  std::vector<int32_t> ids = bigram_stream(V, 6000, 2);
  TrainConfig c = small_config(V);
  c.steps = 30;
  c.model.negatives = 6;
  c.checkpoint_every = 7;
  FullAndResumed runs;
  ASSERT_NO_FATAL_FAILURE(train_full_and_resumed(c, ids, 11, &runs));
  Checkpoint a, b;
  ASSERT_TRUE(load_checkpoint(path_join(runs.full, "checkpoint.bin"), &a).ok());
  ASSERT_TRUE(load_checkpoint(path_join(runs.parts, "checkpoint.bin"), &b).ok());
  EXPECT_EQ(a.settings["negatives"], "6");
  for (const char* s : {"token_embedding", "head_weight", "head_bias", "optimizer"}) {
    EXPECT_FALSE(a.sections[s].empty()) << s;
    EXPECT_EQ(a.sections[s], b.sections[s]) << s;
  }
  std::unique_ptr<Model> m;
  TrainConfig back;
  ASSERT_TRUE(load_model(runs.full, &m, &back).ok());
  EXPECT_EQ(back.model.negatives, 6);
}

// A checkpoint from before the parameter table (sections E, P, W, b, M; no "params"
// setting) still loads with the same weights, and a resume of it is refused with a
// message that says what to do.
TEST(Trainer, OldCheckpointsLoadButAreNotResumed) {
  TrainConfig c = small_config(16);
  c.steps = 3;
  c.model.mix = Mix::kLastWindow;
  const std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  const std::vector<int32_t> ids = bigram_stream(16, 2000, 6);
  ASSERT_TRUE(train(c, ids, dir, &r).ok());
  const std::string path = path_join(dir, "checkpoint.bin");
  Checkpoint ck, old;
  ASSERT_TRUE(load_checkpoint(path, &ck).ok());
  old.settings = ck.settings;
  old.settings.erase("params");
  const std::map<std::string, std::string> renamed = {
      {"token_embedding", "E"}, {"position_embedding", "P"}, {"head_weight", "W"},
      {"head_bias", "b"}, {"window_embedding", "M"}, {"optimizer", "optimizer"}};
  for (const auto& [now, before] : renamed) old.sections[before] = ck.sections[now];
  ASSERT_TRUE(save_checkpoint(path, old).ok());
  std::unique_ptr<Model> m;
  TrainConfig back;
  ASSERT_TRUE(load_model(dir, &m, &back).ok());
  for (const Parameter& p : m->parameters())
    EXPECT_EQ(floats_to_bytes(p.w), ck.sections[p.name]) << p.name;
  old.sections.erase("M");
  ASSERT_TRUE(save_checkpoint(path, old).ok());
  EXPECT_EQ(load_model(dir, &m, &back).message(), path + ": M has 0 values, expected 512");
  TrainConfig again = c;
  again.resume = true;
  again.steps = 6;
  EXPECT_EQ(train(again, ids, dir, &r).message(),
            path + ": cannot resume: this checkpoint was written by an older embedlab (before "
                   "the parameter table); it still loads for exploring, but to train on, start "
                   "again without --resume");
}

TEST(Trainer, ResumingAFinishedRunChangesNothing) {
  // A run killed after its last checkpoint but before it exited is resumed at its last
  // step: there is no batch to train on (this used to read an empty batch and crash
  // when timing the one-hot path), and every file is left as it was.
  const int V = 24;
  std::vector<int32_t> ids = bigram_stream(V, 6000, 3);
  TrainConfig c = small_config(V);
  c.steps = 12;
  c.compare_paths = true;
  const std::string dir = embedlab_test::temp_dir();
  TrainResult r;
  ASSERT_TRUE(train(c, ids, dir, &r).ok());
  std::map<std::string, std::string> before;
  for (const char* f : {"checkpoint.bin", "metrics.csv", "loss.png", "summary.json"})
    before[f] = embedlab_test::read_text(path_join(dir, f));
  TrainConfig again = c;
  again.resume = true;
  TrainResult r2;
  ASSERT_TRUE(train(again, ids, dir, &r2).ok());
  EXPECT_TRUE(r2.already_done);
  EXPECT_EQ(r2.steps_done, 12);
  for (const auto& [f, bytes] : before) EXPECT_EQ(embedlab_test::read_text(path_join(dir, f)), bytes) << f;
}

TEST(Trainer, ContextMixResumesBitForBitAndLoadsBack) {
  const int V = 24;
  std::vector<int32_t> ids = bigram_stream(V, 6000, 2);
  TrainConfig c = small_config(V);
  c.steps = 40;
  c.model.window = 3;
  c.model.mix = Mix::kLastWindow;
  c.checkpoint_every = 9;
  FullAndResumed runs;
  ASSERT_NO_FATAL_FAILURE(train_full_and_resumed(c, ids, 13, &runs));
  Checkpoint a, b;
  ASSERT_TRUE(load_checkpoint(path_join(runs.full, "checkpoint.bin"), &a).ok());
  ASSERT_TRUE(load_checkpoint(path_join(runs.parts, "checkpoint.bin"), &b).ok());
  EXPECT_EQ(a.settings["mix"], "last+window");
  for (const char* s : {"token_embedding", "window_embedding", "position_embedding",
                        "head_weight", "head_bias", "optimizer"}) {
    EXPECT_FALSE(a.sections[s].empty()) << s;
    EXPECT_EQ(a.sections[s], b.sections[s]) << s;
  }
  // E starts at zero and is learned; M (the window's table) starts random.
  std::unique_ptr<Model> m;
  TrainConfig back;
  ASSERT_TRUE(load_model(runs.full, &m, &back).ok());
  EXPECT_EQ(back.model.mix, Mix::kLastWindow);
  EXPECT_EQ(floats_to_bytes(m->find("window_embedding")->w), a.sections["window_embedding"]);
  Model fresh(c.model);
  ASSERT_TRUE(init_model(&fresh, c.init, c.seed).ok());
  const Tensor& E = fresh.token_embedding();
  const Tensor& M = fresh.find("window_embedding")->w;
  EXPECT_EQ(std::count(E.data(), E.data() + E.size(), 0.0f), long(E.size()));
  EXPECT_LT(std::count(M.data(), M.data() + M.size(), 0.0f), long(M.size()));
  // A mean-mix run cannot resume a context-mix checkpoint.
  TrainConfig other = c;
  other.resume = true;
  other.model.mix = Mix::kWindow;
  TrainResult r;
  Status s = train(other, ids, runs.parts, &r);
  EXPECT_EQ(s.message(), path_join(runs.parts, "checkpoint.bin") +
                             ": cannot resume: the checkpoint has mix=last+window but this run "
                             "has mix=window");
}

TEST(Trainer, VerdictSaysWhichBaselinesWereBeatenAndByHowMuch) {
  Baselines b;
  b.uniform = std::log(1280.0);
  b.unigram = 6.0;
  b.bigram = 4.0;
  std::vector<BaselineComparison> c = compare_with_baselines(4.5, b);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[2].name, "bigram");
  EXPECT_FALSE(c[2].beaten);
  EXPECT_DOUBLE_EQ(c[2].margin, -0.5);
  EXPECT_TRUE(c[1].beaten);
  EXPECT_DOUBLE_EQ(c[1].margin, 1.5);
  EXPECT_EQ(baseline_verdict(4.5, b),
            "validation loss 4.5: below uniform by 2.655 nats (perplexity 1280.0 -> 90.0), "
            "unigram by 1.500 nats (perplexity 403.4 -> 90.0); NOT below bigram (above it by "
            "0.500 nats, perplexity 54.6 -> 90.0)");
  EXPECT_EQ(baseline_verdict(3.5, b).find("NOT"), std::string::npos);
  EXPECT_NE(baseline_verdict(3.5, b).find("bigram by 0.500 nats (perplexity 54.6 -> 33.1)"),
            std::string::npos);
  EXPECT_EQ(baseline_verdict(NAN, b), "no validation split: nothing to compare with the baselines");
}

TEST(Trainer, VerdictKeepsEveryDigitOfAHugePerplexity) {
  // e^700 ~ 1.01e304 is 305 digits before the point at %.1f, more than the 160 bytes
  // the verdict's text for one baseline was once cut to. The expected text comes
  // from iostreams, not printf.
  Baselines b;
  b.uniform = 700;
  b.unigram = 6.0;
  b.bigram = 4.0;
  std::ostringstream want;
  want << std::fixed << std::setprecision(1) << "validation loss 3: below uniform by 697.000 nats "
       << "(perplexity " << std::exp(700.0) << " -> " << std::exp(3.0) << "), unigram by ";
  EXPECT_EQ(baseline_verdict(3.0, b).rfind(want.str(), 0), 0u) << baseline_verdict(3.0, b);
}

TEST(Trainer, DefaultStepsAreTwoPassesWithinBounds) {
  EXPECT_EQ(default_steps(1000, 0.1, 32, 32), kMinDefaultSteps);
  EXPECT_EQ(default_steps(100000000, 0.1, 32, 32), kMaxDefaultSteps);
  // 1,278,054 tokens (the KJV Bible at 1,280 tokens): 0.9 n / 32 windows, two passes of 32.
  EXPECT_EQ(default_steps(1278054, 0.1, 32, 32), 2247);
}
