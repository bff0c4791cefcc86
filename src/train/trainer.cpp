#include "train/trainer.h"

#include <unistd.h>

#include <atomic>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "data/dataset.h"
#include "train/checkpoint.h"
#include "util/chart.h"
#include "util/file.h"
#include "util/rng.h"
#include "util/timer.h"

namespace embedlab {

static std::atomic<bool> g_stop{false};
void request_stop() { g_stop = true; }

Status init_model(Model* m, InitKind kind, uint64_t seed) {
  const ModelConfig& c = m->config();
  // Construction order of the PyTorch twin: token table, position table, head.
  Initializer init(kind, seed);
  // With the context mix the first table drawn is M, the window's; E starts at zero,
  // so every value in it (the vectors explored later) was put there by training.
  init.embedding(c.mix == Mix::kContext ? m->M.data() : m->E.data(), c.V, c.C);
  init.embedding(m->P.data(), c.T, c.C);
  if (c.tie) {
    // nn.Linear(C, V) would still draw its weight; draw it and keep only the bias
    // so that the bias matches the untied twin's.
    std::vector<float> unused(size_t(c.V) * c.C);
    init.linear(unused.data(), m->b.data(), c.C, c.V);
  } else {
    init.linear(m->W.data(), m->b.data(), c.C, c.V);
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

std::map<std::string, std::string> settings_of(const TrainConfig& cfg) {
  std::map<std::string, std::string> s;
  s["V"] = std::to_string(cfg.model.V);
  s["C"] = std::to_string(cfg.model.C);
  s["T"] = std::to_string(cfg.model.T);
  s["window"] = std::to_string(cfg.model.window);
  s["tie"] = cfg.model.tie ? "1" : "0";
  s["mix"] = mix_name(cfg.model.mix);
  s["batch"] = std::to_string(cfg.batch);
  s["lr"] = fmt(cfg.lr);
  s["optimizer"] = optimizer_name(cfg.optim.kind);
  s["momentum"] = fmt(cfg.optim.momentum);
  s["weight_decay"] = fmt(cfg.optim.weight_decay);
  s["lazy_sparse_adamw"] = cfg.optim.lazy_sparse_adamw ? "1" : "0";
  s["schedule"] = cfg.schedule == Schedule::kCosine ? "cosine" : "constant";
  s["warmup"] = std::to_string(cfg.warmup);
  s["clip"] = fmt(cfg.clip);
  s["path"] = path_name(cfg.path);
  s["init"] = init_kind_name(cfg.init);
  s["seed"] = std::to_string(cfg.seed);
  s["order"] = cfg.sequential ? "sequential" : "shuffled";
  s["val_fraction"] = fmt(cfg.val_fraction);
  s["tokenizer"] = cfg.tokenizer_ref;
  s["tokenizer_crc"] = std::to_string(cfg.tokenizer_crc);
  return s;
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
    total += m->step(x.data(), y.data(), b, EmbeddingPath::kLookup, false) * b;
    done += size_t(b);
  }
  return done ? total / double(done) : NAN;
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

Status train(const TrainConfig& cfg_in, const std::vector<int32_t>& tokens,
             const std::string& out_dir, TrainResult* result) {
  TrainConfig cfg = cfg_in;
  *result = TrainResult();
  g_stop = false;
  EMBEDLAB_RETURN_IF_ERROR(check_model_config(cfg.model));
  const int T = cfg.model.T;
  if (cfg.batch < 1) return Status::bad_input("--batch " + std::to_string(cfg.batch) + ": expected at least 1");
  if (!(cfg.val_fraction >= 0 && cfg.val_fraction < 1))
    return Status::bad_input("--val-fraction " + fmt(cfg.val_fraction) + ": expected 0 <= F < 1");
  if (!(cfg.lr > 0)) return Status::bad_input("--lr " + fmt(cfg.lr) + ": expected a positive rate");
  for (int32_t id : tokens)
    if (id < 0 || id >= cfg.model.V)
      return Status::bad_input("token id " + std::to_string(id) + " is outside the vocabulary of " +
                               std::to_string(cfg.model.V));
  EMBEDLAB_RETURN_IF_ERROR(make_dirs(out_dir));

  // 1. The splits: training first, validation at the end; windows of T every T tokens.
  std::vector<int32_t> train_ids, val_ids;
  EMBEDLAB_RETURN_IF_ERROR(split_train_val(tokens, cfg.val_fraction, &train_ids, &val_ids));
  if (train_ids.size() < size_t(T) + 1)
    return Status::bad_input("the training split has " + std::to_string(train_ids.size()) +
                             " tokens, too few for one window of --context " + std::to_string(T) +
                             " (need at least " + std::to_string(T + 1) + ")");
  WindowDataset train_set, val_set;
  EMBEDLAB_RETURN_IF_ERROR(WindowDataset::create(train_ids, T, T, &train_set));
  bool have_val = val_ids.size() > size_t(T);
  if (have_val) EMBEDLAB_RETURN_IF_ERROR(WindowDataset::create(val_ids, T, T, &val_set));
  int B = cfg.batch;
  if (size_t(B) > train_set.size()) B = int(train_set.size());
  const int64_t per_epoch = int64_t(train_set.size()) / B;
  int64_t total = cfg.steps > 0 ? cfg.steps : int64_t(std::ceil(cfg.epochs * double(per_epoch)));
  if (total < 1) return Status::bad_input("nothing to do: give --steps N or --epochs E above 0");
  const int64_t eval_every = cfg.eval_every > 0 ? cfg.eval_every : std::max<int64_t>(1, total / 10);
  const int64_t log_every = cfg.log_every > 0 ? cfg.log_every : std::max<int64_t>(1, total / 200);
  const int64_t ckpt_every = cfg.checkpoint_every > 0 ? cfg.checkpoint_every : eval_every;

  // 2. Baselines on exactly the validation pairs the model is scored on.
  if (have_val) {
    size_t nw = std::min(val_set.size(), size_t(cfg.max_val_tokens / T));
    std::vector<int32_t> vx(nw * T), vy(nw * T);
    for (size_t w = 0; w < nw; w++) val_set.get(w, &vx[w * T], &vy[w * T]);
    result->baselines = compute_baselines(train_ids.data(), train_ids.size(), vx.data(),
                                          vy.data(), vx.size(), cfg.model.V);
  } else {
    result->baselines.uniform = std::log(double(cfg.model.V));
  }

  // 3. The model and optimizer, fresh or from the checkpoint.
  Model model(cfg.model);
  EMBEDLAB_RETURN_IF_ERROR(init_model(&model, cfg.init, cfg.seed));
  Optimizer opt(cfg.optim, model.params());
  const std::string ckpt_path = path_join(out_dir, "checkpoint.bin");
  const std::string metrics_path = path_join(out_dir, "metrics.csv");
  std::string metrics = "step,train_loss,val_loss,tokens_per_s\n";
  int64_t step = 0;
  if (cfg.resume) {
    Checkpoint ck;
    EMBEDLAB_RETURN_IF_ERROR(load_checkpoint(ckpt_path, &ck));
    auto expect = settings_of(cfg);
    if (!ck.settings.count("mix")) ck.settings["mix"] = "mean";  // written before mixes existed
    for (const char* key :
         {"V", "C", "T", "window", "tie", "mix", "optimizer", "tokenizer_crc", "path"}) {
      auto it = ck.settings.find(key);
      if (it == ck.settings.end() || it->second != expect[key])
        return Status::bad_input(ckpt_path + ": cannot resume: the checkpoint has " + key + "=" +
                                 (it == ck.settings.end() ? "(missing)" : printable(it->second)) +
                                 " but this run has " + key + "=" + expect[key]);
    }
    EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, ckpt_path, "step", &step));
    EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(ck.sections["E"], model.E.size(), ckpt_path + ": E", &model.E));
    EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(ck.sections["P"], model.P.size(), ckpt_path + ": P", &model.P));
    if (!cfg.model.tie)
      EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(ck.sections["W"], model.W.size(), ckpt_path + ": W", &model.W));
    EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(ck.sections["b"], model.b.size(), ckpt_path + ": b", &model.b));
    if (cfg.model.mix == Mix::kContext)
      EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(ck.sections["M"], model.M.size(), ckpt_path + ": M", &model.M));
    EMBEDLAB_RETURN_IF_ERROR(opt.load_state(ck.sections["optimizer"]).with_context(ckpt_path));
    // Keep the metrics rows up to the checkpoint's step: from the checkpoint itself
    // (checksummed, and always of the same step), or from metrics.csv when the
    // checkpoint predates its "metrics" section.
    std::string old;
    auto saved = ck.sections.find("metrics");
    bool have_old = saved != ck.sections.end();
    if (have_old) old = saved->second;
    else have_old = read_file(metrics_path, &old).ok();
    if (have_old) {
      std::istringstream in(old);
      std::string line;
      std::getline(in, line);
      while (std::getline(in, line)) {
        long long s = std::atoll(line.c_str());
        if (s <= step) metrics += line + "\n";
      }
    }
  }
  auto save = [&](int64_t at_step) {
    Checkpoint ck;
    ck.settings = settings_of(cfg);
    ck.settings["step"] = std::to_string(at_step);
    ck.sections["E"] = floats_to_bytes(model.E);
    ck.sections["P"] = floats_to_bytes(model.P);
    if (!cfg.model.tie) ck.sections["W"] = floats_to_bytes(model.W);
    ck.sections["b"] = floats_to_bytes(model.b);
    if (cfg.model.mix == Mix::kContext) ck.sections["M"] = floats_to_bytes(model.M);
    ck.sections["optimizer"] = opt.save_state();
    ck.sections["metrics"] = metrics;
    EMBEDLAB_RETURN_IF_ERROR(save_checkpoint(ckpt_path, ck));
    return write_file_atomic(metrics_path, metrics);
  };

  // 4. The loop.
  const bool tty = !cfg.quiet && isatty(STDERR_FILENO);
  std::vector<int32_t> x, y;
  std::vector<int64_t> order;
  int64_t order_epoch = -1;
  double t0 = now_seconds(), tokens_seen = 0, last_val = NAN, last_train = NAN;
  std::vector<const std::vector<int32_t>*> touched(model.params().size(), nullptr);
  std::vector<double> curve_step, curve_train, val_step, val_loss;
  const int64_t first_step = step;  // > 0 on --resume
  if (cfg.resume && step >= total) {
    result->steps_done = step;
    result->already_done = true;
    return Status();
  }
  while (step < total) {
    int64_t epoch = step / per_epoch;
    if (epoch != order_epoch) {
      order = epoch_order(train_set.size(), cfg.sequential, cfg.seed, epoch);
      order_epoch = epoch;
    }
    gather(train_set, order, size_t(step % per_epoch) * B, B, &x, &y);
    model.zero_grad();
    double loss = model.step(x.data(), y.data(), B, cfg.path, true);
    if (!std::isfinite(loss))
      return Status::bad_input("the training loss became " + fmt(loss) + " at step " +
                               std::to_string(step + 1) + " (try a smaller --lr); the last good "
                               "checkpoint is kept in " + ckpt_path);
    if (cfg.clip > 0) clip_grad_norm(opt.params(), cfg.clip);
    double lr = learning_rate_at(step, total, cfg.lr, cfg.schedule, cfg.warmup);
    touched[0] = cfg.model.tie ? nullptr : &model.touched_E;
    if (cfg.model.mix == Mix::kContext) touched.back() = touched[0];  // M: the same rows
    opt.step(lr, &touched);
    step++;
    tokens_seen += double(B) * T;
    last_train = loss;
    result->step_losses.push_back(loss);
    double elapsed = now_seconds() - t0;
    double tps = tokens_seen / std::max(elapsed, 1e-9);
    bool eval_now = step % eval_every == 0 || step == total;
    if (eval_now && have_val) last_val = evaluate(&model, val_set, B, cfg.max_val_tokens / T);
    if (step % log_every == 0 || eval_now) {
      metrics += std::to_string(step) + "," + fmt(loss) + "," +
                 (eval_now && std::isfinite(last_val) ? fmt(last_val) : "") + "," + fmt(tps) + "\n";
      curve_step.push_back(double(step));
      curve_train.push_back(loss);
      if (eval_now) {
        val_step.push_back(double(step));
        val_loss.push_back(last_val);
      }
    }
    if (!cfg.quiet) {
      // On a terminal one line redrawn every step; elsewhere (a log, a pipe) a plain
      // line at each validation. Both: step, tokens/s, losses, time left.
      double eta = double(total - step) * elapsed / double(step - first_step);
      char val_text[32] = "   -  ";
      if (std::isfinite(last_val)) std::snprintf(val_text, sizeof val_text, "%.4f", last_val);
      if (tty) {
        int width = 20, filled = int(width * step / total);
        std::fprintf(stderr,
                     "\r[%-*s] step %" PRId64 "/%" PRId64 "  %.0f tok/s  train %.4f  val %s"
                     "  (bigram %.4f)  %.0f s left ",
                     width, std::string(size_t(filled), '#').c_str(), step, total, tps, loss,
                     val_text, result->baselines.bigram, eta);
        if (step == total || g_stop) std::fprintf(stderr, "\n");
      } else if (eval_now) {
        std::fprintf(stderr,
                     "step %" PRId64 "/%" PRId64 "  %.0f tok/s  train %.4f  val %s  (bigram "
                     "%.4f)  %.0f s left\n",
                     step, total, tps, loss, val_text, result->baselines.bigram, eta);
      }
    }
    if (cfg.stop_after > 0 && step >= cfg.stop_after) g_stop = true;
    if (step % ckpt_every == 0 || step == total || g_stop) EMBEDLAB_RETURN_IF_ERROR(save(step));
    if (g_stop) {
      result->interrupted = true;
      break;
    }
  }
  result->seconds = now_seconds() - t0;
  result->steps_done = step;
  result->final_train_loss = last_train;
  result->final_val_loss = last_val;
  result->tokens_per_s = tokens_seen / std::max(result->seconds, 1e-9);

  // 5. The loss picture: train and validation curves with the baselines as lines.
  if (!curve_step.empty()) {
    double x0 = curve_step.front(), x1 = curve_step.back();
    std::vector<Series> series = {
        {"train loss", curve_step, curve_train, kBlue, false},
        {"validation loss", val_step, val_loss, kOrange, false},
        {"uniform (ln V)", {x0, x1}, {result->baselines.uniform, result->baselines.uniform}, kGrey, true},
        {"unigram counts", {x0, x1}, {result->baselines.unigram, result->baselines.unigram}, kPurple, true},
        {"bigram counts", {x0, x1}, {result->baselines.bigram, result->baselines.bigram}, kGreen, true},
    };
    Canvas c = line_chart({"next-token loss", "step", "loss (nats per token)"}, series);
    EMBEDLAB_RETURN_IF_ERROR(c.save_png(path_join(out_dir, "loss.png")));
  }

  // 6. The one-hot path on the same batch, timed beside the lookup path.
  // (Not when this run made no step: a --resume of a finished run has no batch.)
  if (cfg.compare_paths && !result->interrupted && step > first_step &&
      double(B) * T * cfg.model.V * sizeof(float) < 2e9) {
    Model probe = model;
    double ms[2];
    for (int p = 0; p < 2; p++) {
      EmbeddingPath path = p == 0 ? EmbeddingPath::kLookup : EmbeddingPath::kOneHot;
      probe.zero_grad();
      probe.step(x.data(), y.data(), B, path, true);  // warm-up
      double best = INFINITY;
      for (int r = 0; r < 3; r++) {
        probe.zero_grad();
        double s = now_seconds();
        probe.step(x.data(), y.data(), B, path, true);
        best = std::min(best, now_seconds() - s);
      }
      ms[p] = best * 1e3;
    }
    result->lookup_ms = ms[0];
    result->onehot_ms = ms[1];
  }
  return write_summary(path_join(out_dir, "summary.json"), cfg, *result);
}

Status load_model(const std::string& dir, std::unique_ptr<Model>* model, TrainConfig* cfg) {
  const std::string path = path_join(dir, "checkpoint.bin");
  if (!file_exists(dir)) return Status::io_error(dir + ": no such model folder");
  Checkpoint ck;
  EMBEDLAB_RETURN_IF_ERROR(load_checkpoint(path, &ck));
  return model_from_checkpoint(ck, path, model, cfg);
}

Status model_from_checkpoint(const Checkpoint& ck, const std::string& path,
                             std::unique_ptr<Model>* model, TrainConfig* cfg) {
  int64_t V, C, T, window, tie;
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "V", &V));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "C", &C));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "T", &T));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "window", &window));
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "tie", &tie));
  for (const auto& [key, v] : {std::pair<const char*, int64_t>{"V", V}, {"C", C}, {"T", T},
                               {"window", window}})
    if (v < INT32_MIN || v > INT32_MAX)
      return Status::bad_input(path + ": setting " + key + "=" + std::to_string(v) +
                               " does not fit a 32-bit int");
  TrainConfig c;
  c.model = ModelConfig{int(V), int(C), int(T), int(window), tie != 0};
  auto mix = ck.settings.find("mix");  // absent in checkpoints from before the mixes
  if (mix != ck.settings.end())
    EMBEDLAB_RETURN_IF_ERROR(parse_mix(mix->second, &c.model.mix).with_context(path));
  EMBEDLAB_RETURN_IF_ERROR(check_model_config(c.model).with_context(path));
  auto setting = ck.settings.find("tokenizer");
  c.tokenizer_ref = setting == ck.settings.end() ? "" : setting->second;
  int64_t crc = 0;
  EMBEDLAB_RETURN_IF_ERROR(setting_int(ck, path, "tokenizer_crc", &crc));
  c.tokenizer_crc = uint32_t(crc);
  // The weights are read before the model is built: each section must hold exactly
  // its shape's floats, so the allocation is bounded by the file's size and a
  // setting like V=1000000000 is an error, not a 256 TB request.
  static const std::string kNone;
  auto section = [&](const char* key) -> const std::string& {
    auto it = ck.sections.find(key);
    return it == ck.sections.end() ? kNone : it->second;
  };
  const size_t VC = size_t(V) * size_t(C), TC = size_t(T) * size_t(C);
  std::vector<float> E, P, W, b;
  EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(section("E"), VC, path + ": E", &E));
  EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(section("P"), TC, path + ": P", &P));
  if (!c.model.tie) EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(section("W"), VC, path + ": W", &W));
  EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(section("b"), size_t(V), path + ": b", &b));
  std::vector<float> M;
  if (c.model.mix == Mix::kContext)
    EMBEDLAB_RETURN_IF_ERROR(bytes_to_floats(section("M"), VC, path + ": M", &M));
  auto m = std::make_unique<Model>(c.model);
  m->E = std::move(E);
  m->P = std::move(P);
  if (!c.model.tie) m->W = std::move(W);
  m->b = std::move(b);
  if (c.model.mix == Mix::kContext) m->M = std::move(M);
  *model = std::move(m);
  *cfg = c;
  return Status();
}

}  // namespace embedlab
