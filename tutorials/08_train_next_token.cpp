// tutorials/08_train_next_token.cpp: embeddings learn by predicting the next token.
// You will see: a tokenizer trained on the toy world, the loss of three count baselines
// (uniform, unigram, bigram) and what each knows, gibberish sampled from a random model,
// the training loop itself (batch, forward, zero_grad, backward, clip, update) with its
// loss falling past the baselines, sentences sampled after training, and the same
// training steps on the one-hot path: the same losses, step by step, at a higher cost per
// step; then real English beside the toy world, where the window mean loses to the
// bigram counts and the last+window mix (the last token read whole) wins.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "tokenizer/tokenizer.h"
#include "train/baselines.h"
#include "train/model.h"
#include "train/model_dir.h"
#include "train/run_log.h"
#include "train/sample.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"
#include "util/timer.h"

using namespace embedlab;

// Shapes: B windows per step, T positions per window (the context), N = B*T tokens a
// step, V vocabulary size, C embedding dimension, k the window of tokens averaged.

// Words (runs of ASCII letters, lowercased) and how many of them occur fewer than
// `rare` times: what makes a text hard to learn from a little of it.
struct WordStats {
  size_t distinct = 0, rare = 0;
};
static WordStats word_stats(const std::string& text, int rare) {
  std::map<std::string, int> count;
  std::string w;
  for (size_t i = 0; i <= text.size(); i++) {
    const char ch = i < text.size() ? text[i] : ' ';
    if (std::isalpha(static_cast<unsigned char>(ch))) {
      w += char(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!w.empty()) {
      count[w]++;
      w.clear();
    }
  }
  WordStats s;
  s.distinct = count.size();
  for (const auto& kv : count) s.rare += kv.second < rare ? 1 : 0;
  return s;
}

// Text on one line: newlines shown as " / ".
static std::string one_line(const std::string& bytes) {
  std::string s;
  for (char ch : bytes) s += ch == '\n' ? std::string(" / ") : std::string(1, ch);
  return s;
}

// Three sentences continued from fixed prompts, each with its own seeded generator.
static Status print_samples(Model* model, const Tokenizer& tok, uint64_t seed, double temperature,
                            int n) {
  const char* prompts[] = {"the king", "at noon,", "one morning, the"};
  for (int i = 0; i < 3; i++) {
    std::vector<int32_t> ids;
    EMBEDLAB_RETURN_IF_ERROR(tok.encode(prompts[i], &ids, SpecialPolicy::kAsText));
    const size_t prompt_len = ids.size();
    Rng rng(seed + uint64_t(i));
    sample_ids(model, &ids, n, temperature, 0, &rng);
    std::string text;
    EMBEDLAB_RETURN_IF_ERROR(tok.decode(ids, &text));
    std::string prompt;
    std::vector<int32_t> head(ids.begin(), ids.begin() + long(prompt_len));
    EMBEDLAB_RETURN_IF_ERROR(tok.decode(head, &prompt));
    std::printf("    \"%s\" -> %s\n", prompt.c_str(), one_line(text.substr(prompt.size())).c_str());
  }
  return Status();
}

// The settings of the lesson's run, from its flags.
struct Setup {
  std::string corpus_path, real_path, out;
  int64_t corpus_bytes = 0, real_bytes = 0;
  int steps = 0, compare_steps = 0, real_steps = 0;
  uint64_t seed = 1;
  TrainConfig cfg;  // V is set once the tokenizer is learned
};

static Status read_setup(const Flags& flags, Setup* s) {
  s->corpus_path = flags.get_string("corpus");
  s->corpus_bytes = flags.get_int("corpus-bytes");
  s->steps = int(flags.get_int("steps"));
  s->compare_steps = int(flags.get_int("compare-steps"));
  s->seed = uint64_t(flags.get_int("seed"));
  s->real_path = flags.get_string("real-corpus");
  s->real_bytes = flags.get_int("real-bytes");
  s->real_steps = int(flags.get_int("real-steps"));
  s->out = flags.get_string("out");
  if (s->steps < 1 || s->compare_steps < 1)
    return Status::bad_input("--steps and --compare-steps must be at least 1");
  if (s->corpus_bytes < 0) return Status::bad_input("--corpus-bytes must be 0 or more");
  if (s->real_bytes < 0 || s->real_steps < 1)
    return Status::bad_input("--real-bytes must be 0 or more, --real-steps at least 1");
  TrainConfig& cfg = s->cfg;
  cfg.model = ModelConfig{0, int(flags.get_int("dim")), int(flags.get_int("context")),
                          int(flags.get_int("window")), false};
  cfg.batch = int(flags.get_int("batch"));
  cfg.steps = s->steps;
  cfg.lr = flags.get_double("lr");
  cfg.warmup = std::min(50, s->steps / 10);
  cfg.seed = s->seed;
  return parse_path(flags.get_string("path"), &cfg.path);
}

// The two splits as the trainer cuts them: the last 10% of the tokens validate, windows
// of T tokens every T tokens; at most cfg.max_val_tokens of validation.
struct Splits {
  std::vector<int32_t> train_ids;
  WindowDataset train_set, val_set;
  std::vector<int32_t> vx, vy;  // the validation windows, (nw, T) each
};

static Status make_splits(const TokenizedCorpus& c, const TrainConfig& cfg, Splits* sp) {
  const int T = cfg.model.T;
  std::vector<int32_t> val_ids;
  EMBEDLAB_RETURN_IF_ERROR(split_train_val(c.ids, cfg.val_fraction, &sp->train_ids, &val_ids));
  if (val_ids.size() <= size_t(T) || sp->train_ids.size() <= size_t(T))
    return Status::bad_input(c.path + ": " + std::to_string(c.ids.size()) +
                             " tokens are too few for a training and a validation window of "
                             "--context " + std::to_string(T));
  EMBEDLAB_RETURN_IF_ERROR(WindowDataset::create(sp->train_ids, T, T, &sp->train_set));
  EMBEDLAB_RETURN_IF_ERROR(WindowDataset::create(val_ids, T, T, &sp->val_set));
  const size_t nw = std::min(sp->val_set.size(), size_t(cfg.max_val_tokens / T));
  sp->vx.resize(nw * T);
  sp->vy.resize(nw * T);
  for (size_t w = 0; w < nw; w++) sp->val_set.get(w, &sp->vx[w * T], &sp->vy[w * T]);
  return Status();
}

static void print_baselines(const Baselines& base, size_t pairs) {
  std::printf("\n[2] baselines on %zu validation pairs (loss = mean -ln p(next token), in nats;\n"
              "    e^loss = how many tokens it is as unsure as):\n", pairs);
  std::printf("    uniform  %.4f  (e^L = %6.1f)  ln V: knows nothing, every token equally likely\n",
              base.uniform, std::exp(base.uniform));
  std::printf("    unigram  %.4f  (e^L = %6.1f)  knows how often each token occurs, not what "
              "came before\n", base.unigram, std::exp(base.unigram));
  std::printf("    bigram   %.4f  (e^L = %6.1f)  knows which token follows which (add-%g counts);\n"
              "                                   a window-1 model can at best match it\n",
              base.bigram, std::exp(base.bigram), base.bigram_k);
}

// [4] The training loop, here on the page. Batches come from lesson 07's BatchLoader
// (shuffled, seeded, a fresh order each epoch). Prints a validation row `every` steps
// (never when 0) and records each step's loss in *losses.
static Status train_loop(Model* model, const Splits& sp, const TrainConfig& cfg, int every,
                         const Baselines& base, RunLog* log, std::vector<double>* losses) {
  BatchLoader loader;
  EMBEDLAB_RETURN_IF_ERROR(BatchLoader::create(&sp.train_set, cfg.batch, true, true, cfg.seed,
                                               &loader));
  Optimizer opt(cfg.optim, model->params());
  Batch batch;
  const double t0 = now_seconds();
  const int steps = int(cfg.steps);
  for (int step = 0; step < steps; step++) {
    if (!loader.next(&batch)) {  // an epoch is over: a new order
      loader.start_epoch();
      loader.next(&batch);
    }
    const double lr = learning_rate_at(step, steps, cfg.lr, cfg.schedule, cfg.warmup);
    const double loss = model->forward(batch.inputs.data(), batch.targets.data(), batch.B,
                                       cfg.path);  // lookup -> mix -> head -> softmax
    model->zero_grad();
    model->backward();  // softmax -> head -> mix -> scatter-add into the rows of E
    clip_grad_norm(model->params(), cfg.clip);
    opt.step(lr);
    losses->push_back(loss);
    if (every == 0 || ((step + 1) % every != 0 && step + 1 != steps)) continue;
    const double val = evaluate(model, sp.val_set, cfg.batch, cfg.max_val_tokens / cfg.model.T);
    const double secs = now_seconds() - t0;
    log->record(step + 1, loss, val, true, true, (step + 1) * double(batch.B * batch.T) / secs,
                secs, base.bigram);
    std::printf("    %6d %11.4f %11.4f %+11.4f\n", step + 1, loss, val, val - base.bigram);
  }
  return Status();
}

static const char* verdict(double val, const Baselines& base, int window) {
  if (val < base.bigram) return "below all three: the window of k tokens tells more than the last one";
  if (val < base.unigram && window == 1)
    return "below uniform and unigram; with a window of 1 token it can at best match the bigram "
           "counts";
  if (val < base.unigram)
    return "below uniform and unigram: the context helps; more steps to reach the bigram counts";
  return "not yet below the unigram baseline: train longer";
}

static Status step4_train(const TokenizedCorpus& toy, const Splits& sp, const Setup& su,
                          const Baselines& base, Model* model) {
  const TrainConfig& cfg = su.cfg;
  std::printf("\n[4] the training loop, %d steps of %d x %d tokens on the %s path (train_loop\n"
              "    in this file: batch, forward, zero_grad, backward, clip, update):\n",
              su.steps, cfg.batch, cfg.model.T, path_name(cfg.path));
  std::printf("    %6s %11s %11s %11s\n", "step", "train loss", "val loss", "vs bigram");
  EMBEDLAB_RETURN_IF_ERROR(init_model(model, cfg.init, cfg.seed));
  RunLog log(cfg.steps, 0, true, "");
  std::vector<double> losses;
  const double t0 = now_seconds();
  EMBEDLAB_RETURN_IF_ERROR(train_loop(model, sp, cfg, std::max(1, su.steps / 5), base, &log,
                                      &losses));
  const double secs = now_seconds() - t0;
  const double val = evaluate(model, sp.val_set, cfg.batch, cfg.max_val_tokens / cfg.model.T);
  std::printf("    %d steps in %.1f s (%.0f tokens/s, validations included)\n", su.steps, secs,
              double(su.steps) * cfg.batch * cfg.model.T / secs);
  std::printf("    final validation loss %.4f | uniform %.4f, unigram %.4f, bigram %.4f\n", val,
              base.uniform, base.unigram, base.bigram);
  std::printf("    %s\n", verdict(val, base, cfg.model.window));
  // The picture, and the model as a folder that `embedlab sample` and `explore` read.
  const std::string model_dir = path_join(su.out, "08_model");
  EMBEDLAB_RETURN_IF_ERROR(save_model_dir(toy, cfg, *model, model_dir));
  EMBEDLAB_RETURN_IF_ERROR(log.save_chart(path_join(model_dir, "loss.png"), base));
  const std::string png = path_join(su.out, "08_loss.png");
  EMBEDLAB_RETURN_IF_ERROR(log.save_chart(png, base));
  std::printf("    the loss curves with the baselines: %s; the model: %s\n", png.c_str(),
              model_dir.c_str());
  return Status();
}

// [6] The same init and batches on both paths for a few steps. Returns the largest
// relative difference between the two paths' losses.
static Status step6_paths(const Splits& sp, const Setup& su, double* max_rel) {
  TrainConfig cmp = su.cfg;
  cmp.steps = su.compare_steps;
  cmp.warmup = 0;
  std::vector<double> losses[2];
  double ms[2];
  const EmbeddingPath paths[2] = {EmbeddingPath::kLookup, EmbeddingPath::kOneHot};
  for (int p = 0; p < 2; p++) {
    cmp.path = paths[p];
    Model m(cmp.model);
    EMBEDLAB_RETURN_IF_ERROR(init_model(&m, cmp.init, cmp.seed));
    RunLog quiet(cmp.steps, 0, true, "");
    const double t0 = now_seconds();
    EMBEDLAB_RETURN_IF_ERROR(train_loop(&m, sp, cmp, 0, Baselines(), &quiet, &losses[p]));
    ms[p] = (now_seconds() - t0) * 1e3 / su.compare_steps;
  }
  *max_rel = 0;
  std::printf("\n[6] %d steps from the same init on both paths:\n", su.compare_steps);
  std::printf("    %6s %12s %12s %12s\n", "step", "lookup", "one-hot", "rel. diff");
  for (int i = 0; i < su.compare_steps; i++) {
    const double a = losses[0][size_t(i)], b = losses[1][size_t(i)];
    const double rel = std::fabs(a - b) / std::fabs(a);
    *max_rel = std::max(*max_rel, rel);
    if (i < 3 || i == su.compare_steps - 1) std::printf("    %6d %12.6f %12.6f %12.2e\n", i + 1, a, b, rel);
    else if (i == 3) std::printf("    %6s\n", "...");
  }
  std::printf("    one-hot vs lookup losses: max relative difference %.2e over %d steps\n"
              "    (tolerance %.0e) -> %s\n", *max_rel, su.compare_steps, 1e-4,
              *max_rel < 1e-4 ? "the same" : "DIFFERENT");
  std::printf("    Not bitwise: the lookup adds the k rows one after another, then scales by\n"
              "    1/count; sgemm multiplies each row by 1/count first and adds them in its own\n"
              "    order (with fused multiply-adds). Float addition is not associative, so h\n"
              "    differs in the last bits, and every update carries that on.\n");
  const double N = double(cmp.batch) * cmp.model.T;
  std::printf("    one step (forward + backward + update, %.0f tokens): lookup %.2f ms,\n"
              "    one-hot %.2f ms: %.1fx slower\n", N, ms[0], ms[1], ms[1] / ms[0]);
  std::printf("    Why only that much: both paths already pay N*V*C = %.0f multiply-adds in the\n"
              "    head (logits over all V tokens); the one-hot input adds N*V*C forward and\n"
              "    V*N*C backward where the lookup needs N*k*C = %.0f.\n",
              N * cmp.model.V * cmp.model.C, N * cmp.model.window * cmp.model.C);
  return Status();
}

static double rare_share(const WordStats& w) {
  return 100.0 * double(w.rare) / double(std::max<size_t>(1, w.distinct));
}

// [7] Real text: the same tokenizer size and model sizes, two ways of reading the window.
static Status step7_real(const Setup& su, const CorpusOptions& toy_options,
                         const std::string& toy_text) {
  CorpusOptions ro = toy_options;
  ro.max_bytes = su.real_bytes;
  TokenizedCorpus english;
  EMBEDLAB_RETURN_IF_ERROR(tokenize_corpus(su.real_path, ro, &english));
  const WordStats toy_words = word_stats(toy_text, 10), real_words = word_stats(english.text, 10);
  std::printf("\n[7] real English beside the toy world: %s,\n    %zu bytes -> %zu tokens (V %d)\n",
              su.real_path.c_str(), english.text.size(), english.ids.size(),
              english.tok.vocab_size());
  std::printf("    %-12s %15s %26s\n", "", "distinct words", "words seen under 10 times");
  std::printf("    %-12s %15zu %18zu (%4.1f%%)\n", "toy world", toy_words.distinct,
              toy_words.rare, rare_share(toy_words));
  std::printf("    %-12s %15zu %18zu (%4.1f%%)\n", "real text", real_words.distinct,
              real_words.rare, rare_share(real_words));
  TrainConfig rc = su.cfg;
  rc.steps = su.real_steps;
  rc.warmup = std::min(50, su.real_steps / 10);
  rc.eval_every = su.real_steps;
  rc.compare_paths = false;
  rc.quiet = true;
  rc.path = EmbeddingPath::kLookup;
  TrainResult rr[2];
  const Mix mixes[2] = {Mix::kWindow, Mix::kLastWindow};
  for (int i = 0; i < 2; i++) {
    rc.model.mix = mixes[i];
    const std::string dir = path_join(su.out, std::string("08_real/") + mix_name(mixes[i]));
    EMBEDLAB_RETURN_IF_ERROR(train_from_corpus(english, rc, dir, &rr[i]));
  }
  std::printf("    %d steps each, window k = %d; validation loss against the bigram counts "
              "(%.4f) of this text:\n", su.real_steps, rc.model.window, rr[0].baselines.bigram);
  const char* how[2] = {"h = mean of E over the window + P",
                        "h = E[last] + mean of M over the window + P"};
  for (int i = 0; i < 2; i++)
    std::printf("      %-11s %-44s %.4f  (%+.4f)\n", mix_name(mixes[i]), how[i],
                rr[i].final_val_loss, rr[i].final_val_loss - rr[i].baselines.bigram);
  std::printf("    Why real text is harder: the toy world repeats %zu words hundreds of times\n"
              "    each, so every word's next words are well counted and a blurred window still\n"
              "    finds them. Real text has %zu words, most seen only a few times; its bigram\n"
              "    counts know the last token exactly, which the window mean cannot tell from\n"
              "    the token three back. --mix last+window reads the last token's row of E whole\n"
              "    and adds a second table's mean over the window for what the tokens before it\n"
              "    add: %s. It is what `embedlab train` uses by default.\n",
              toy_words.distinct, real_words.distinct,
              rr[1].final_val_loss < rr[0].final_val_loss ? "lower than the mean here"
                                                          : "NOT lower than the mean here");
  return Status();
}

int main(int argc, char** argv) {
  Flags flags("08_train_next_token", "train embeddings on the next token");
  flags.add("corpus", "corpus/toyworld.txt", "the text to train on");
  flags.add("corpus-bytes", 0, "train on the first N bytes only (0: all)");
  flags.add("vocab-size", 1280, "vocabulary of the BPE tokenizer trained on the corpus (V)");
  flags.add("dim", 32, "embedding dimension (C)");
  flags.add("context", 32, "positions per window (T)");
  flags.add("window", 4, "tokens averaged into h_t (k; 1 is a bigram model with positions)");
  flags.add("batch", 32, "windows per step (B)");
  flags.add("steps", 500, "training steps");
  flags.add("lr", 0.03, "peak learning rate (AdamW, cosine decay)");
  flags.add("seed", 1, "seed of the initialisation, the batch order and the samples");
  flags.add("path", "lookup", "embedding path for the training run: lookup or onehot");
  flags.add("compare-steps", 20, "steps run on both paths in [6]");
  flags.add("out", "out", "folder for the model (08_model/) and the loss picture");
  flags.add("real-corpus", "corpus/kjv_pentateuch.txt", "real English for [7] (empty: skip [7])");
  flags.add("real-bytes", 0, "use the first N bytes of --real-corpus (0: all)");
  flags.add("real-steps", 800, "training steps of each model in [7]");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  Setup su;
  if (Status s = read_setup(flags, &su); !s.ok()) return flags.fail(s);
  TrainConfig& cfg = su.cfg;
  const double t_start = now_seconds();

  std::printf("08 train next token: embeddings learn by predicting the next token. You will see:\n"
              "count baselines and what they know, gibberish from a random model, the training\n"
              "loop and its loss falling past the baselines, sentences after training, and the\n"
              "one-hot path giving the same losses at a higher cost.\n");
  std::printf("config: corpus=%s%s V=%lld C=%d T=%d window k=%d batch B=%d steps=%d\n"
              "        lr=%g seed=%llu path=%s\n\n", su.corpus_path.c_str(),
              su.corpus_bytes ? (" (first " + std::to_string(su.corpus_bytes) + " bytes)").c_str()
                              : "",
              (long long)flags.get_int("vocab-size"), cfg.model.C, cfg.model.T, cfg.model.window,
              cfg.batch, su.steps, cfg.lr, (unsigned long long)su.seed, path_name(cfg.path));

  // [1] A BPE tokenizer learned from the corpus itself, and the corpus as ids.
  CorpusOptions co;
  co.vocab_size = int(flags.get_int("vocab-size"));
  co.max_bytes = su.corpus_bytes;
  TokenizedCorpus toy;
  if (Status s = tokenize_corpus(su.corpus_path, co, &toy); !s.ok()) return flags.fail(s);
  const Tokenizer& tok = toy.tok;
  cfg.model.V = tok.vocab_size();
  if (Status s = check_model_config(cfg.model); !s.ok()) return flags.fail(s);
  std::printf("[1] tokenizer: %d merges learned in %.2f s, V = %d; %zu bytes -> %zu tokens\n"
              "    (%.2f bytes a token) in %.2f s\n", tok.num_merges(), toy.bpe_seconds,
              cfg.model.V, toy.text.size(), toy.ids.size(),
              double(toy.text.size()) / double(std::max<size_t>(1, toy.ids.size())),
              toy.encode_seconds);

  // [2] The baselines, on the same validation pairs (x_t, x_{t+1}) the model is scored on.
  Splits sp;
  if (Status s = make_splits(toy, cfg, &sp); !s.ok()) return flags.fail(s);
  const Baselines base = compute_baselines(sp.train_ids.data(), sp.train_ids.size(),
                                           sp.vx.data(), sp.vy.data(), sp.vx.size(),
                                           cfg.model.V);
  print_baselines(base, sp.vx.size());

  // [3] Before training: random tables, so the samples are random tokens.
  Model model(cfg.model);
  if (Status s = init_model(&model, cfg.init, su.seed); !s.ok()) return flags.fail(s);
  const int eval_windows = int(std::min<size_t>(sp.vx.size() / cfg.model.T, 8));
  const double random_loss = model.forward(sp.vx.data(), sp.vy.data(), eval_windows);
  std::printf("\n[3] before training (random init, seed %llu): loss on %d validation windows\n"
              "    %.4f, worse than uniform (random logits are confidently wrong). Samples at\n"
              "    temperature 0.8:\n", (unsigned long long)su.seed, eval_windows, random_loss);
  if (Status s = print_samples(&model, tok, su.seed, 0.8, 16); !s.ok()) return flags.fail(s);

  // [4] Training: the loop, validation rows, the picture, the model folder.
  if (Status s = step4_train(toy, sp, su, base, &model); !s.ok()) return flags.fail(s);

  // [5] After training: the same prompts and seeds as in [3].
  std::printf("\n[5] after training, the same prompts and seeds:\n");
  if (Status s = print_samples(&model, tok, su.seed, 0.8, 16); !s.ok()) return flags.fail(s);

  // [6] The one-hot path: X (N, V) holds 1/count in the columns of each window's tokens,
  // h = X E by sgemm and dE = X^T dh by sgemm, instead of reading and scattering k rows.
  double max_rel = 0;
  if (Status s = step6_paths(sp, su, &max_rel); !s.ok()) return flags.fail(s);

  // [7] Real text beside the toy world.
  if (!su.real_path.empty())
    if (Status s = step7_real(su, co, toy.text); !s.ok()) return flags.fail(s);

  std::printf("\ntotal %.1f s. Try this:\n"
              "  --window 1          a bigram model with positions: its validation loss levels off\n"
              "                      just above the bigram baseline; window 4 goes below it\n"
              "  --dim 8             8 numbers per token: the loss still falls, but stops higher\n"
              "  --path onehot       the same run through the one-hot path: [4] shows the same\n"
              "                      losses, the time per step grows\n"
              "  --steps 1500        longer training: how far below the bigram baseline?\n"
              "  --real-corpus my.txt  your own English text in [7]\n"
              "  then: ./build/embedlab sample --model %s --prompt \"the queen\"\n",
              now_seconds() - t_start, path_join(su.out, "08_model").c_str());
  return max_rel < 1e-4 ? 0 : 1;
}
