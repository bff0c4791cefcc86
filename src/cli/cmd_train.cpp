// embedlab train: corpus -> tokenizer -> token ids -> a trained next-token model.
// embedlab sample: text from a trained model.
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "data/token_file.h"
#include "text/utf8.h"
#include "tokenizer/tokenizer.h"
#include "train/model_dir.h"
#include "train/sample.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/flags.h"

namespace embedlab {

namespace {

void on_interrupt(int) { request_stop(); }

// The defaults of `embedlab train`: cli_train_config's (train/trainer.h), chosen so that
// a run ends below the bigram counts on real English text of 0.5-5 MB and the toy world's
// embeddings pass the analogy targets. The steps depend on the corpus (default_steps).
void add_train_flags(Flags* f) {
  const TrainConfig d = cli_train_config(0, 0);  // the defaults live in one place
  f->add("corpus", "", "the text to train on (any UTF-8 or binary file)");
  f->add("out", "", "the model folder to write (checkpoint, tokenizer, metrics, pictures)");
  f->add("tokenizer", "",
         "a tokenizer file, or gpt2, cl100k_base or o200k_base; default: train one on the corpus");
  f->add("vocab-size", kDefaultVocabSize, "vocabulary of the tokenizer trained on the corpus");
  f->add("dim", d.model.C, "embedding dimension C");
  f->add("context", d.model.T, "positions per window T");
  f->add("window", d.model.window, "tokens averaged into h_t (1: a bigram model with positions)");
  f->add("batch", d.batch, "windows per step B");
  f->add("negatives", d.model.negatives,
         "K: train the head on the target and K tokens drawn from count^0.75 instead of all V "
         "(0: the full softmax; validation always uses the full one)");
  f->add("steps", int64_t(0),
         "training steps (default: two passes over the training windows, at least 1200 and at "
         "most 6000; or give --epochs)");
  f->add("epochs", 0.0, "passes over the training windows instead of --steps");
  f->add("lr", d.lr, "peak learning rate (after warm-up; cosine decay to 10%)");
  f->add("optimizer", "adamw", "adamw or sgd");
  f->add("momentum", 0.0, "SGD momentum");
  f->add("weight-decay", -1.0, "decoupled weight decay (default: 0.01 for adamw, 0 for sgd)");
  f->add_switch("lazy-adamw", "AdamW updates only the embedding rows a batch touched");
  f->add("schedule", "cosine", "learning rate: constant or cosine (decay to 10%)");
  f->add("warmup", int64_t(d.warmup),
         "steps of linear warmup (with --schedule constant: 0 unless given)");
  f->add("clip", d.clip, "gradient-norm clipping (0: off)");
  f->add("path", "lookup", "embedding path: lookup or onehot (same numbers, other cost)");
  f->add("init", "default", "default (embedlab's generator) or torch (PyTorch's bits)");
  f->add("seed", 1, "seed of every random choice");
  f->add("order", "shuffled", "window order: shuffled (seeded, per epoch) or sequential");
  f->add("val-fraction", d.val_fraction, "the last fraction of the tokens kept for validation");
  f->add("eval-every", 0, "steps between validations (0: ten per run)");
  f->add("log-every", 0, "steps between metrics.csv rows (0: about 200 rows)");
  f->add("checkpoint-every", 0, "steps between checkpoints (0: at each validation)");
  f->add("snapshot-every", 0,
         "a training movie: keep the rows of the most frequent tokens every N steps, for "
         "embedlab projector's slider (0: none)");
  f->add("snapshot-rows", d.snapshot_rows, "how many of the most frequent tokens the movie follows");
  f->add("mix", mix_name(d.model.mix),
         "how h_t reads the window of k tokens: last+window (the last token's row of E plus "
         "the mean of a window table M) or window (the mean of E's rows)");
  f->add_switch("tie", "use the token embedding as the head's weight");
  f->add_switch("resume", "continue from DIR/checkpoint.bin");
  f->add_switch("quiet", "no progress output");
}

// The sizes, checked first, so a typo does not wait for the tokenizer.
struct Sizes {
  int vocab_size = 0, dim = 0, context = 0, window = 0, batch = 0;
};
Status read_sizes(const Flags& flags, Sizes* z) {
  for (Status s : {flags.get_int_in("vocab-size", 1, INT32_MAX, &z->vocab_size),
                   flags.get_int_in("dim", 1, INT32_MAX, &z->dim),
                   flags.get_int_in("context", 1, INT32_MAX, &z->context),
                   flags.get_int_in("window", 1, INT32_MAX, &z->window),
                   flags.get_int_in("batch", 1, INT32_MAX, &z->batch)})
    EMBEDLAB_RETURN_IF_ERROR(s);
  return Status();
}

// The tokenizer and the corpus as token ids, for a run into `dir`.
Status prepare_corpus(const Flags& flags, const std::string& dir, int vocab_size,
                      TokenizedCorpus* corpus) {
  const std::string corpus_path = flags.get_string("corpus");
  const bool quiet = flags.get_bool("quiet");
  const bool resume = flags.get_bool("resume");
  // 1. The tokenizer: given, a published one by name, (on --resume) the folder's own, or
  // learned here from the corpus.
  CorpusOptions co;
  co.vocab_size = vocab_size;
  const std::string tok_flag = flags.get_string("tokenizer");
  const std::string tok_path = path_join(dir, kTokenizerFileName);
  const bool named = is_named_encoding(tok_flag);
  co.learn = tok_flag.empty() && !resume;
  if (!co.learn) {
    const std::string& load_from = named || !resume ? tok_flag : tok_path;
    EMBEDLAB_RETURN_IF_ERROR(Tokenizer::load_named(load_from, &corpus->tok));
    corpus->tokenizer_ref = named ? tok_flag : kTokenizerFileName;
  }

  // 2. The corpus as token ids, encoded once into DIR/tokens.bin. tokens.bin is a cache:
  // on --resume, one that is missing, damaged or made with another vocabulary is made
  // again, and the reason is said.
  const std::string tokens_path = path_join(dir, "tokens.bin");
  TokenFile tf;
  const Status cached = resume ? read_token_file(tokens_path, &tf) : Status();
  co.encode = !(resume && cached.ok() && tf.vocab_size == corpus->tok.vocab_size());
  if (resume && co.encode && !quiet) {
    const std::string why =
        !cached.ok() ? cached.message()
                     : tokens_path + ": made with vocabulary " + std::to_string(tf.vocab_size) +
                           ", the tokenizer has " + std::to_string(corpus->tok.vocab_size());
    std::printf("%s; encoding the corpus again\n", why.c_str());
  }
  EMBEDLAB_RETURN_IF_ERROR(tokenize_corpus(corpus_path, co, corpus));
  if (const double odd = not_text_share(corpus->text); odd > 0.1)  // even with --quiet
    std::printf("note: %s: %.0f%% of its bytes are not text (invalid UTF-8 or control bytes): "
                "it trains, but its tokens are mostly bytes and their vectors mean little\n",
                corpus_path.c_str(), 100.0 * odd);
  if (co.learn && !quiet)
    std::printf("tokenizer: %d merges learned from %s in %.2f s (vocabulary %d)\n",
                corpus->tok.num_merges(), corpus_path.c_str(), corpus->bpe_seconds,
                corpus->tok.vocab_size());
  if (!co.encode) {
    corpus->ids = std::move(tf.ids);
    return Status();
  }
  EMBEDLAB_RETURN_IF_ERROR(write_token_file(tokens_path, corpus->ids, corpus->tok.vocab_size()));
  if (!quiet)
    std::printf("tokens: %zu bytes -> %zu tokens (%.2f bytes/token) in %.2f s\n",
                corpus->text.size(), corpus->ids.size(),
                double(corpus->text.size()) / double(std::max<size_t>(1, corpus->ids.size())),
                corpus->encode_seconds);
  return Status();
}

// 3. The settings, for a vocabulary of V and a corpus of n_tokens.
Status read_train_config(const Flags& flags, const Sizes& z, int V, size_t n_tokens,
                         TrainConfig* cfg) {
  cfg->model = ModelConfig{V, z.dim, z.context, z.window, flags.get_bool("tie")};
  std::string renamed;
  EMBEDLAB_RETURN_IF_ERROR(parse_mix(flags.get_string("mix"), &cfg->model.mix, &renamed));
  if (!renamed.empty()) std::fprintf(stderr, "embedlab train: warning: %s\n", renamed.c_str());
  EMBEDLAB_RETURN_IF_ERROR(flags.get_int_in("negatives", 0, 1 << 20, &cfg->model.negatives));
  cfg->batch = z.batch;
  cfg->steps = flags.was_set("epochs") ? 0
               : flags.was_set("steps")
                   ? flags.get_int("steps")
                   : default_steps(n_tokens, cfg->val_fraction, z.context, z.batch);
  cfg->epochs = flags.get_double("epochs");
  cfg->lr = flags.get_double("lr");
  EMBEDLAB_RETURN_IF_ERROR(parse_optimizer(flags.get_string("optimizer"), &cfg->optim.kind));
  cfg->optim.momentum = flags.get_double("momentum");
  double wd = flags.get_double("weight-decay");
  cfg->optim.weight_decay = wd >= 0 ? wd : (cfg->optim.kind == OptimizerKind::kAdamW ? 0.01 : 0.0);
  cfg->optim.lazy_sparse_adamw = flags.get_bool("lazy-adamw");
  EMBEDLAB_RETURN_IF_ERROR(parse_schedule(flags.get_string("schedule"), &cfg->schedule));
  // Warmup belongs to the cosine schedule: with --schedule constant the rate is constant
  // from step 1 unless --warmup is given.
  cfg->warmup = cfg->schedule == Schedule::kConstant && !flags.was_set("warmup")
                    ? 0
                    : flags.get_int("warmup");
  cfg->clip = flags.get_double("clip");
  EMBEDLAB_RETURN_IF_ERROR(parse_path(flags.get_string("path"), &cfg->path));
  EMBEDLAB_RETURN_IF_ERROR(parse_init_kind(flags.get_string("init"), &cfg->init));
  cfg->seed = uint64_t(flags.get_int("seed"));
  const std::string order = flags.get_string("order");
  if (order != "shuffled" && order != "sequential")
    return Status::bad_input("--order " + order + ": expected shuffled or sequential");
  cfg->sequential = order == "sequential";
  cfg->val_fraction = flags.get_double("val-fraction");
  cfg->eval_every = flags.get_int("eval-every");
  cfg->log_every = flags.get_int("log-every");
  cfg->checkpoint_every = flags.get_int("checkpoint-every");
  EMBEDLAB_RETURN_IF_ERROR(flags.get_int_in("snapshot-rows", 1, 100000, &cfg->snapshot_rows));
  cfg->snapshot_every = flags.get_int("snapshot-every");
  if (cfg->snapshot_every < 0)
    return Status::bad_input("--snapshot-every " + std::to_string(cfg->snapshot_every) +
                             ": expected 0 (no movie) or more");
  cfg->resume = flags.get_bool("resume");
  cfg->quiet = flags.get_bool("quiet");
  return Status();
}

// What a finished (or interrupted) run did; the exit code: 0, or 130 when interrupted.
int report_run(const TrainResult& r, const std::string& dir) {
  if (r.already_done) {
    std::printf(
        "%s: the run had already reached its last step (%lld): nothing to do (give a "
        "larger --steps to train on)\n",
        dir.c_str(), (long long)r.steps_done);
    return 0;
  }
  std::printf("steps %lld in %.1f s, %.0f tokens/s\n", (long long)r.steps_done, r.seconds,
              r.tokens_per_s);
  std::printf(
      "validation loss %.4f | baselines: uniform %.4f, unigram %.4f, bigram %.4f (add-%g)\n",
      r.final_val_loss, r.baselines.uniform, r.baselines.unigram, r.baselines.bigram,
      r.baselines.bigram_k);
  if (r.lookup_ms > 0)
    std::printf("one step on the one-hot path: %.1f ms, on the lookup path: %.1f ms (%.1fx)\n",
                r.onehot_ms, r.lookup_ms, r.onehot_ms / r.lookup_ms);
  if (r.interrupted) {
    std::printf("interrupted at step %lld: checkpoint written; continue with --resume\n",
                (long long)r.steps_done);
    return 130;
  }
  std::printf("wrote %s/{checkpoint.bin, metrics.csv, loss.png, summary.json}\n", dir.c_str());
  if (std::isfinite(r.final_val_loss) && r.final_val_loss >= r.baselines.bigram)
    std::printf("note: %lld steps did not bring the model below the bigram counts; more steps "
                "(--steps) or more text usually do\n",
                (long long)r.steps_done);
  // The last line says plainly whether training beat each count baseline.
  std::printf("%s\n", baseline_verdict(r.final_val_loss, r.baselines).c_str());
  return 0;
}

}  // namespace

int cmd_train(int argc, char** argv) {
  Flags flags("embedlab train", "train token embeddings by predicting the next token");
  add_train_flags(&flags);
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const std::string dir = flags.get_string("out");
  if (flags.get_string("corpus").empty())
    return flags.fail(Status::bad_input("--corpus FILE is required"));
  if (dir.empty()) return flags.fail(Status::bad_input("--out DIR is required"));
  if (Status s = make_dirs(dir); !s.ok()) return flags.fail(s);
  const bool quiet = flags.get_bool("quiet");
  // A run killed while writing a file leaves its temporary copy (the file itself is whole).
  if (const int n = remove_stale_temp_files(dir); n > 0 && !quiet)
    std::printf("%s: removed %d temporary file%s left by an interrupted run\n", dir.c_str(), n,
                n == 1 ? "" : "s");
  Sizes z;
  if (Status s = read_sizes(flags, &z); !s.ok()) return flags.fail(s);
  TokenizedCorpus corpus;
  if (Status s = prepare_corpus(flags, dir, z.vocab_size, &corpus); !s.ok()) return flags.fail(s);
  TrainConfig cfg;
  if (Status s = read_train_config(flags, z, corpus.tok.vocab_size(), corpus.ids.size(), &cfg);
      !s.ok())
    return flags.fail(s);
  if (!quiet)
    std::printf("model: V %d, C %d, T %d, window %d (%s), %s head; %s, lr %g, batch %d x %d tokens\n",
                cfg.model.V, cfg.model.C, cfg.model.T, cfg.model.window, mix_name(cfg.model.mix),
                cfg.model.tie ? "tied" : "separate", optimizer_name(cfg.optim.kind), cfg.lr,
                cfg.batch, cfg.model.T);

  // 4. Train; Ctrl-C asks the loop to checkpoint and stop.
  std::signal(SIGINT, on_interrupt);
  TrainResult r;
  Status s = train_from_corpus(corpus, cfg, dir, &r);
  std::signal(SIGINT, SIG_DFL);
  if (!s.ok()) return flags.fail(s);
  return report_run(r, dir);
}

int cmd_sample(int argc, char** argv) {
  Flags flags("embedlab sample", "generate text from a trained model");
  flags.add("model", "", "the model folder written by embedlab train");
  flags.add("prompt", "", "text to start from (default: a random first token)");
  flags.add("tokens", 40, "tokens to generate");
  flags.add("temperature", 1.0, "0 is greedy; higher is more random");
  flags.add("top-k", 0, "sample only among the k most likely tokens (0: all)");
  flags.add("seed", 1, "seed of the sampling");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  if (flags.get_string("model").empty())
    return flags.fail(Status::bad_input("--model DIR is required"));
  int tokens = 0, top_k = 0;
  for (Status s : {flags.get_int_in("tokens", 0, 1 << 24, &tokens),
                   flags.get_int_in("top-k", 0, INT32_MAX, &top_k)})
    if (!s.ok()) return flags.fail(s);
  if (flags.get_double("temperature") < 0)
    return flags.fail(Status::bad_input("--temperature: expected 0 or more"));
  std::unique_ptr<Model> model;
  Tokenizer tok;
  TrainConfig cfg;
  if (Status s = load_model_dir(flags.get_string("model"), &model, &tok, &cfg); !s.ok())
    return flags.fail(s);
  Rng rng(uint64_t(flags.get_int("seed")));
  std::vector<int32_t> ids;
  if (Status s = tok.encode(flags.get_string("prompt"), &ids, SpecialPolicy::kAsText); !s.ok())
    return flags.fail(s);
  int32_t start = int32_t(rng.below(uint64_t(tok.vocab_size())));
  sample_ids(model.get(), &ids, tokens, flags.get_double("temperature"), top_k, &rng, start);
  std::string text;
  if (Status s = tok.decode(ids, &text); !s.ok()) return flags.fail(s);
  std::printf("%s\n", text.c_str());
  return 0;
}

}  // namespace embedlab
