#include "train/trainer.h"


#include <atomic>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "data/dataset.h"
#include "train/checkpoint.h"
#include "train/run_log.h"
#include "train/snapshots.h"
#include "util/file.h"
#include "util/rng.h"
#include "util/timer.h"

namespace embedlab {

static std::atomic<bool> g_stop{false};
void request_stop() { g_stop = true; }

Status init_model(Model* m, InitKind kind, uint64_t seed) {
  // The table is in PyTorch's construction order: each entry draws in turn.
  Initializer init(kind, seed);
  const int C = m->config().C;
  for (Parameter& p : m->parameters()) {
    float* w = p.w.data();
    switch (p.init) {
      case InitRule::kZero: break;
      case InitRule::kNormal: init.embedding(w, p.rows, p.cols); break;
      case InitRule::kLinearWeight: init.linear_weight(w, p.cols, p.rows); break;
      case InitRule::kLinearBias:
        if (p.after_tied_weight) {
          std::vector<float> unused(size_t(p.cols) * C);
          init.linear_weight(unused.data(), C, p.cols);
        }
        init.linear_bias(w, C, p.cols);
        break;
    }
  }
  return Status();
}

namespace {

// printf into a string as long as the text: the first vsnprintf only measures it, so
// no name or number is ever cut off.
__attribute__((format(printf, 1, 2))) std::string printf_string(const char* format, ...) {
  va_list args, again;
  va_start(args, format);
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string out(n > 0 ? size_t(n) : 0, '\0');
  // n characters and the '\0' that std::string keeps after them.
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, format, again);
  va_end(again);
  return out;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Fills x, y (B, T) with the windows order[first .. first + B).
void gather(const WindowDataset& d, const std::vector<int64_t>& order, size_t first, int B,
            std::vector<int32_t>* x, std::vector<int32_t>* y) {
  const int T = d.max_length();
  x->resize(size_t(B) * T);
  y->resize(size_t(B) * T);
  for (int bi = 0; bi < B; bi++)
    d.get(size_t(order[first + bi]), &(*x)[size_t(bi) * T], &(*y)[size_t(bi) * T]);
}

// The window order of an epoch: identity, or a permutation seeded by (seed, epoch).
std::vector<int64_t> epoch_order(size_t windows, bool sequential, uint64_t seed, int64_t epoch) {
  std::vector<int64_t> order(windows);
  for (size_t i = 0; i < windows; i++) order[i] = int64_t(i);
  if (!sequential) {
    Rng r(seed * 0x9E3779B97F4A7C15ull + uint64_t(epoch) + 1);
    r.shuffle(&order);
  }
  return order;
}

}  // namespace

int64_t default_steps(size_t n_tokens, double val_fraction, int T, int B) {
  const double windows = double(n_tokens) * (1.0 - val_fraction) / double(std::max(1, T));
  const double steps = std::ceil(2.0 * windows / double(std::max(1, B)));
  return int64_t(std::min(double(kMaxDefaultSteps), std::max(double(kMinDefaultSteps), steps)));
}

TrainConfig cli_train_config(int V, size_t n_tokens) {
  TrainConfig cfg;
  cfg.model.V = V;
  cfg.model.mix = kCliMix;
  cfg.lr = kCliLearningRate;
  cfg.steps = default_steps(n_tokens, cfg.val_fraction, cfg.model.T, cfg.batch);
  return cfg;
}

std::vector<BaselineComparison> compare_with_baselines(double val_loss, const Baselines& b) {
  std::vector<BaselineComparison> out;
  for (auto [name, loss] : {std::pair<const char*, double>{"uniform", b.uniform},
                            {"unigram", b.unigram}, {"bigram", b.bigram}}) {
    BaselineComparison c;
    c.name = name;
    c.baseline = loss;
    c.margin = std::isfinite(val_loss) ? loss - val_loss : NAN;
    c.beaten = std::isfinite(val_loss) && val_loss < loss;
    out.push_back(c);
  }
  return out;
}

std::string baseline_verdict(double val_loss, const Baselines& b) {
  if (!std::isfinite(val_loss)) return "no validation split: nothing to compare with the baselines";
  std::string below, above;
  for (const BaselineComparison& c : compare_with_baselines(val_loss, b)) {
    std::string& list = c.beaten ? below : above;
    list += list.empty() ? " " : ", ";
    list += printf_string(c.beaten ? "%s by %.3f nats (perplexity %.1f -> %.1f)"
                                   : "%s (above it by %.3f nats, perplexity %.1f -> %.1f)",
                          c.name.c_str(), std::fabs(c.margin), std::exp(c.baseline),
                          std::exp(val_loss));
  }
  std::string out = "validation loss " + fmt(val_loss);
  if (!below.empty()) out += ": below" + below;
  if (!above.empty()) out += std::string(below.empty() ? ":" : ";") + " NOT below" + above;
  return out;
}

namespace {

Status write_summary(const std::string& path, const TrainConfig& cfg, const TrainResult& r) {
  std::ostringstream j;
  j << "{\n";
  j << "  \"final_train_loss\": " << fmt(r.final_train_loss) << ",\n";
  j << "  \"final_val_loss\": " << (std::isfinite(r.final_val_loss) ? fmt(r.final_val_loss) : "null") << ",\n";
  if (std::isfinite(r.final_val_loss))
    j << "  \"final_val_perplexity\": " << fmt(std::exp(r.final_val_loss)) << ",\n";
  // Each baseline: its loss and perplexity, whether the model's validation loss is
  // below it, and by how much (nats; perplexity ratio baseline / model).
  j << "  \"versus_baselines\": {";
  const char* sep = "\n";
  for (const BaselineComparison& b : compare_with_baselines(r.final_val_loss, r.baselines)) {
    j << sep << "    \"" << b.name << "\": {\"loss\": " << fmt(b.baseline)
      << ", \"perplexity\": " << fmt(std::exp(b.baseline)) << ", \"beaten\": "
      << (b.beaten ? "true" : "false") << ", \"margin_nats\": "
      << (std::isfinite(b.margin) ? fmt(b.margin) : "null") << ", \"perplexity_ratio\": "
      << (std::isfinite(b.margin) ? fmt(std::exp(b.margin)) : "null") << "}";
    sep = ",\n";
  }
  j << "\n  },\n";
  j << "  \"baseline_uniform\": " << fmt(r.baselines.uniform) << ",\n";
  j << "  \"baseline_unigram\": " << fmt(r.baselines.unigram) << ",\n";
  j << "  \"baseline_bigram\": " << fmt(r.baselines.bigram) << ",\n";
  j << "  \"baseline_bigram_k\": " << fmt(r.baselines.bigram_k) << ",\n";
  j << "  \"tokens_per_s\": " << fmt(r.tokens_per_s) << ",\n";
  j << "  \"seconds\": " << fmt(r.seconds) << ",\n";
  j << "  \"steps\": " << r.steps_done << ",\n";
  j << "  \"verdict\": \"" << baseline_verdict(r.final_val_loss, r.baselines) << "\",\n";
  j << "  \"settings\": {";
  bool first = true;
  for (const auto& kv : settings_of(cfg)) {
    j << (first ? "\n" : ",\n") << "    \"" << kv.first << "\": \"";
    for (char ch : kv.second) {
      if (ch == '"' || ch == '\\') j << '\\';
      if (static_cast<unsigned char>(ch) < 0x20) continue;
      j << ch;
    }
    j << "\"";
    first = false;
  }
  j << "\n  }\n}\n";
  return write_file_atomic(path, j.str());
}

}  // namespace

double evaluate(Model* m, const WindowDataset& val, int B, int64_t max_windows) {
  size_t n = std::min(val.size(), size_t(max_windows));
  std::vector<int64_t> order(n);
  for (size_t i = 0; i < n; i++) order[i] = int64_t(i);
  std::vector<int32_t> x, y;
  double total = 0;
  size_t done = 0;
  for (size_t first = 0; first < n; first += size_t(B)) {
    int b = int(std::min(size_t(B), n - first));
    gather(val, order, first, b, &x, &y);
    total += m->forward(x.data(), y.data(), b, EmbeddingPath::kLookup) * b;
    done += size_t(b);
  }
  return done ? total / double(done) : NAN;
}

double train_step(Model* model, Optimizer* opt, const Batch& batch, double lr, double clip,
                  EmbeddingPath path, Rng* negatives) {
  const double loss =
      model->forward(batch.inputs.data(), batch.targets.data(), batch.B, path, negatives);
  model->zero_grad();
  model->backward();
  if (clip > 0) clip_grad_norm(opt->params(), clip);
  opt->step(lr);
  return loss;
}

namespace {

// A run's data: the two splits as windows of T tokens every T tokens, and how many
// steps it takes, validates, logs and checkpoints.
struct RunData {
  std::vector<int32_t> train_ids;
  std::vector<uint64_t> counts;  // each token's count in train_ids
  std::string token_counts;      // the same as the checkpoint's section: V int64
  WindowDataset train_set, val_set;
  bool have_val = false;
  int B = 0;  // the batch, at most the training windows
  int64_t per_epoch = 0, total = 0, eval_every = 0, log_every = 0, ckpt_every = 0;
};

Status check_train_config(const TrainConfig& cfg, const std::vector<int32_t>& tokens) {
  EMBEDLAB_RETURN_IF_ERROR(check_model_config(cfg.model));
  if (cfg.batch < 1) return Status::bad_input("--batch " + std::to_string(cfg.batch) + ": expected at least 1");
  if (!(cfg.val_fraction >= 0 && cfg.val_fraction < 1))
    return Status::bad_input("--val-fraction " + fmt(cfg.val_fraction) + ": expected 0 <= F < 1");
  if (!(cfg.lr > 0)) return Status::bad_input("--lr " + fmt(cfg.lr) + ": expected a positive rate");
  for (int32_t id : tokens)
    if (id < 0 || id >= cfg.model.V)
      return Status::bad_input("token id " + std::to_string(id) + " is outside the vocabulary of " +
                               std::to_string(cfg.model.V));
  return Status();
}

// Training first, validation at the end.
Status prepare_data(const TrainConfig& cfg, const std::vector<int32_t>& tokens, RunData* d) {
  const int T = cfg.model.T;
  std::vector<int32_t> val_ids;
  EMBEDLAB_RETURN_IF_ERROR(split_train_val(tokens, cfg.val_fraction, &d->train_ids, &val_ids));
  if (d->train_ids.size() < size_t(T) + 1)
    return Status::bad_input("the training split has " + std::to_string(d->train_ids.size()) +
                             " tokens, too few for one window of --context " + std::to_string(T) +
                             " (need at least " + std::to_string(T + 1) + ")");
  EMBEDLAB_RETURN_IF_ERROR(WindowDataset::create(d->train_ids, T, T, &d->train_set));
  d->counts.assign(size_t(cfg.model.V), 0);
  for (int32_t id : d->train_ids) d->counts[size_t(id)]++;
  d->token_counts.assign(reinterpret_cast<const char*>(d->counts.data()),
                         d->counts.size() * sizeof(uint64_t));
  d->have_val = val_ids.size() > size_t(T);
  if (d->have_val) EMBEDLAB_RETURN_IF_ERROR(WindowDataset::create(val_ids, T, T, &d->val_set));
  d->B = int(std::min(size_t(cfg.batch), d->train_set.size()));
  d->per_epoch = int64_t(d->train_set.size()) / d->B;
  d->total = cfg.steps > 0 ? cfg.steps : int64_t(std::ceil(cfg.epochs * double(d->per_epoch)));
  if (d->total < 1) return Status::bad_input("nothing to do: give --steps N or --epochs E above 0");
  d->eval_every = cfg.eval_every > 0 ? cfg.eval_every : std::max<int64_t>(1, d->total / 10);
  d->log_every = cfg.log_every > 0 ? cfg.log_every : std::max<int64_t>(1, d->total / 200);
  d->ckpt_every = cfg.checkpoint_every > 0 ? cfg.checkpoint_every : d->eval_every;
  return Status();
}

// The count baselines on exactly the validation pairs the model is scored on.
Baselines baselines_of(const TrainConfig& cfg, const RunData& d) {
  Baselines b;
  if (!d.have_val) {
    b.uniform = std::log(double(cfg.model.V));
    return b;
  }
  const int T = cfg.model.T;
  const size_t nw = std::min(d.val_set.size(), size_t(cfg.max_val_tokens / T));
  std::vector<int32_t> vx(nw * T), vy(nw * T);
  for (size_t w = 0; w < nw; w++) d.val_set.get(w, &vx[w * T], &vy[w * T]);
  return compute_baselines(d.train_ids.data(), d.train_ids.size(), vx.data(), vy.data(),
                           vx.size(), cfg.model.V);
}

// The batch of a step: B windows of its epoch's order, so it is a function of (seed,
// step) alone and a resumed run needs no more than the step count.
class Batches {
 public:
  Batches(const RunData& d, const TrainConfig& cfg) : d_(d), cfg_(cfg) {}
  void get(int64_t step, Batch* batch) {
    const int64_t epoch = step / d_.per_epoch;
    if (epoch != epoch_) {
      order_ = epoch_order(d_.train_set.size(), cfg_.sequential, cfg_.seed, epoch);
      epoch_ = epoch;
    }
    batch->B = d_.B;
    batch->T = d_.train_set.max_length();
    gather(d_.train_set, order_, size_t(step % d_.per_epoch) * d_.B, d_.B, &batch->inputs,
           &batch->targets);
  }

 private:
  const RunData& d_;
  const TrainConfig& cfg_;
  std::vector<int64_t> order_;
  int64_t epoch_ = -1;
};

Status save_run(const TrainConfig& cfg, const RunData& d, const Model& model,
                const Optimizer& opt, int64_t step, const RunLog& log, const Snapshots& movie,
                const std::string& out_dir) {
  Checkpoint ck = model_checkpoint(cfg, model, opt, step, log.metrics());
  ck.sections["token_counts"] = d.token_counts;  // how often explore's rows were trained
  if (cfg.snapshot_every > 0) ck.sections["snapshots"] = movie.encode();
  EMBEDLAB_RETURN_IF_ERROR(save_checkpoint(path_join(out_dir, "checkpoint.bin"), ck));
  return write_file_atomic(path_join(out_dir, "metrics.csv"), log.metrics());
}

// The movie's first frame (E at initialisation), or the frames a resumed run has so far.
Status start_movie(const TrainConfig& cfg, const RunData& d, const Model& model,
                   const std::string& out_dir, Snapshots* movie) {
  if (cfg.resume) {
    const std::string path = path_join(out_dir, "checkpoint.bin");
    Checkpoint ck;
    EMBEDLAB_RETURN_IF_ERROR(load_checkpoint(path, &ck));
    auto it = ck.sections.find("snapshots");
    if (it == ck.sections.end())
      return Status::bad_input(path + ": cannot resume with --snapshot-every: the run was "
                               "started without it");
    return Snapshots::decode(it->second, path, movie);
  }
  movie->ids = most_frequent(d.counts, cfg.snapshot_rows);
  movie->C = cfg.model.C;
  movie->add(0, NAN, model.token_embedding());  // its loss: the first step's
  return Status();
}

// Steps from `step` to the run's end (or a stop): train, validate, log, checkpoint.
Status run_steps(const TrainConfig& cfg, const RunData& d, int64_t step, Model* model,
                 Optimizer* opt, RunLog* log, Snapshots* movie, Batch* batch,
                 const std::string& out_dir, TrainResult* result) {
  const int T = cfg.model.T;
  Batches batches(d, cfg);
  const double t0 = now_seconds();
  double tokens_seen = 0, last_val = NAN, last_train = NAN;
  while (step < d.total) {
    batches.get(step, batch);
    const double lr = learning_rate_at(step, d.total, cfg.lr, cfg.schedule, cfg.warmup);
    // The sampled head's negatives: a generator of (seed, step) alone, so a resumed run
    // draws the same ones.
    Rng negatives(cfg.seed * 0xD1B54A32D192ED03ull + uint64_t(step) + 1);
    const double loss = train_step(model, opt, *batch, lr, cfg.clip, cfg.path,
                                   cfg.model.negatives > 0 ? &negatives : nullptr);
    if (!std::isfinite(loss))
      return Status::bad_input("the training loss became " + fmt(loss) + " at step " +
                               std::to_string(step + 1) + " (try a smaller --lr); the last good "
                               "checkpoint is kept in " + path_join(out_dir, "checkpoint.bin"));
    step++;
    if (cfg.snapshot_every > 0) {
      if (step == 1) movie->frames[0].loss = loss;  // the loss at initialisation
      if (step % cfg.snapshot_every == 0 || step == d.total)
        movie->add(step, loss, model->token_embedding());
    }
    tokens_seen += double(d.B) * T;
    last_train = loss;
    result->step_losses.push_back(loss);
    const bool validate = step % d.eval_every == 0 || step == d.total;
    if (validate && d.have_val) last_val = evaluate(model, d.val_set, d.B, cfg.max_val_tokens / T);
    const double elapsed = now_seconds() - t0;
    log->record(step, loss, last_val, step % d.log_every == 0, validate,
                tokens_seen / std::max(elapsed, 1e-9), elapsed, result->baselines.bigram);
    if (cfg.stop_after > 0 && step >= cfg.stop_after) g_stop = true;
    if (step % d.ckpt_every == 0 || step == d.total || g_stop)
      EMBEDLAB_RETURN_IF_ERROR(save_run(cfg, d, *model, *opt, step, *log, *movie, out_dir));
    if (g_stop) {
      result->interrupted = true;
      if (step < d.total) log->finish_line();
      break;
    }
  }
  result->seconds = now_seconds() - t0;
  result->steps_done = step;
  result->final_train_loss = last_train;
  result->final_val_loss = last_val;
  result->tokens_per_s = tokens_seen / std::max(result->seconds, 1e-9);
  return Status();
}

// The one-hot path on the last batch, timed beside the lookup path (best of 3 steps
// after a warm-up, on a copy of the model).
void time_paths(const Model& model, const Batch& batch, TrainResult* result) {
  Model probe = model;
  double ms[2];
  for (int p = 0; p < 2; p++) {
    const EmbeddingPath path = p == 0 ? EmbeddingPath::kLookup : EmbeddingPath::kOneHot;
    double best = INFINITY;
    for (int r = 0; r < 4; r++) {  // the first is a warm-up
      const double s = now_seconds();
      probe.forward(batch.inputs.data(), batch.targets.data(), batch.B, path);
      probe.zero_grad();
      probe.backward();
      if (r > 0) best = std::min(best, now_seconds() - s);
    }
    ms[p] = best * 1e3;
  }
  result->lookup_ms = ms[0];
  result->onehot_ms = ms[1];
}

}  // namespace

Status train(const TrainConfig& cfg, const std::vector<int32_t>& tokens,
             const std::string& out_dir, TrainResult* result) {
  *result = TrainResult();
  g_stop = false;
  EMBEDLAB_RETURN_IF_ERROR(check_train_config(cfg, tokens));
  EMBEDLAB_RETURN_IF_ERROR(make_dirs(out_dir));
  // 1. The data and the count baselines.
  RunData d;
  EMBEDLAB_RETURN_IF_ERROR(prepare_data(cfg, tokens, &d));
  result->baselines = baselines_of(cfg, d);
  // 2. The model and its optimizer, fresh or from the checkpoint.
  Model model(cfg.model);
  EMBEDLAB_RETURN_IF_ERROR(init_model(&model, cfg.init, cfg.seed));
  if (cfg.model.negatives > 0) EMBEDLAB_RETURN_IF_ERROR(model.set_noise(d.counts));
  Optimizer opt(cfg.optim, model.params());
  int64_t step = 0;
  std::string metrics;
  if (cfg.resume) {
    EMBEDLAB_RETURN_IF_ERROR(resume_run(path_join(out_dir, "checkpoint.bin"),
                                        path_join(out_dir, "metrics.csv"), cfg, &model, &opt,
                                        &step, &metrics));
    if (step >= d.total) {
      result->steps_done = step;
      result->already_done = true;
      return Status();
    }
  }
  // 3. The loop.
  const int64_t first_step = step;
  RunLog log(d.total, first_step, cfg.quiet, metrics);
  Snapshots movie;
  if (cfg.snapshot_every > 0)
    EMBEDLAB_RETURN_IF_ERROR(start_movie(cfg, d, model, out_dir, &movie));
  Batch batch;
  EMBEDLAB_RETURN_IF_ERROR(
      run_steps(cfg, d, step, &model, &opt, &log, &movie, &batch, out_dir, result));
  // 4. The loss picture, the two paths timed, the summary.
  EMBEDLAB_RETURN_IF_ERROR(log.save_chart(path_join(out_dir, "loss.png"), result->baselines));
  if (cfg.compare_paths && !result->interrupted && result->steps_done > first_step &&
      double(d.B) * cfg.model.T * cfg.model.V * sizeof(float) < 2e9)
    time_paths(model, batch, result);
  return write_summary(path_join(out_dir, "summary.json"), cfg, *result);
}

}  // namespace embedlab
