// tutorials/07_positions_and_batches.cpp: from a token stream to the input of a model.
// You will see: a story as GPT-2 token ids, the sliding windows the widely used GPT data
// loader cuts from it (what max_length and stride change), a batch of 8 x 4 ids turned
// into (8, 4, 256) vectors by a token table plus a position table, the one-hot product
// that would need a 32 x 50,257 matrix for the same numbers, and the position table's
// gradient summing over the batch.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "lesson_util.h"
#include "nn/embedding.h"
#include "nn/init.h"
#include "nn/onehot.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"
#include "util/timer.h"

using namespace embedlab;

// Shapes: N ids in the stream, T = max_length positions per window, S the stride,
// B windows per batch, V vocabulary size, C embedding dimension.

// A token's bytes as "\" quick\"", with newlines and other control bytes escaped.
static std::string quoted(const std::string& bytes) {
  std::string q = "\"";
  for (unsigned char ch : bytes) {
    if (ch == '\n') q += "\\n";
    else if (ch == '"') q += "\\\"";
    else if (ch < 0x20 || ch == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", ch);
      q += buf;
    } else q += char(ch);
  }
  return q + "\"";
}

static std::string text_of(const Tokenizer& tok, const int32_t* ids, int n) {
  std::string bytes;
  for (int i = 0; i < n; i++) bytes += tok.token_bytes(ids[i]);
  return quoted(bytes);
}

// The first k values of a row as "0.3374, -0.1778, ...".
static std::string head_text(const float* row, int C, int k = 4) {
  std::string s;
  char buf[32];
  for (int c = 0; c < std::min(C, k); c++) {
    std::snprintf(buf, sizeof buf, "%s%7.4f", c ? ", " : "", double(row[c]));
    s += buf;
  }
  return s + (C > k ? ", ..." : "");
}

// The settings the steps share.
struct Lesson {
  std::string corpus_path, tok_name;
  int T = 0, S = 0, B = 0, C = 0;
  uint64_t seed = 0;
};

// [1] The text as token ids. GPT-2's tokenizer when its files are there; otherwise
// (or with --tokenizer corpus) a small BPE tokenizer trained on the text itself.
static Status step_1_token_ids(const Lesson& L, Tokenizer* tok, std::vector<int32_t>* ids) {
  std::string text;
  if (Status s = read_file(L.corpus_path, &text); !s.ok()) return s;
  const std::string& name = L.tok_name;
  std::string tok_what;
  const bool gpt2_absent = name == "gpt2" && !file_exists(path_join(gpt2_dir(), "encoder.json"));
  if (is_named_encoding(name) && !gpt2_absent) {
    if (Status s = Tokenizer::load_named(name, tok); !s.ok()) return s;
    tok_what = name == "gpt2" ? "GPT-2's tokenizer" : name + "'s tokenizer";
  } else if (gpt2_absent || name == "corpus") {
    BpeTrainOptions bo;
    bo.vocab_size = 512;
    if (Status s = bpe_train(text, bo, tok); !s.ok()) return s.with_context(L.corpus_path);
    tok_what = name == "gpt2"
                   ? "no GPT-2 files (make gpt2 fetches them), so a BPE tokenizer trained on "
                     "the text"
                   : "a BPE tokenizer trained on the text";
  } else {
    if (Status s = Tokenizer::load(name, tok); !s.ok()) return s;
    tok_what = "the tokenizer " + name;
  }
  if (Status s = tok->encode(text, ids, SpecialPolicy::kAsText); !s.ok())
    return s.with_context(L.corpus_path);
  const size_t N = ids->size();
  const int T = L.T;
  if (N < size_t(T) + 1)
    return Status::bad_input(L.corpus_path + ": " + std::to_string(N) + " tokens, too few "
                             "for one window of --max-length " + std::to_string(T));
  print_beside("[1] " + tok_what + " (V = " + std::to_string(tok->vocab_size()) + "):",
               L.corpus_path + " has " + std::to_string(text.size()) + " bytes -> " +
                   std::to_string(N) + " tokens", "    ");
  std::printf("    the first %d ids, one window of %d after another:\n", 2 * T, T);
  for (int w = 0; w < 2 && size_t(w + 1) * T <= N; w++) {
    std::printf("    %s =", id_list(&(*ids)[size_t(w) * T], size_t(T)).c_str());
    for (int t = 0; t < T; t++)
      std::printf(" %s", quoted(tok->token_bytes((*ids)[size_t(w) * T + t])).c_str());
    std::printf("\n");
  }
  return Status();
}

// [2] Sliding windows: window i starts at i * S; its input is T ids from there and its
// target the same T ids one further on (the next token at every position). Starts run
// over range(0, N - T, S), so there are ceil((N - T) / S) windows.
static Status step_2_sliding_windows(const Lesson& L, const Tokenizer& tok,
                                     const std::vector<int32_t>& ids) {
  const size_t N = ids.size();
  const int T = L.T;
  std::printf("\n[2] sliding windows over the %zu ids (starts: range(0, N - max_length, stride)):\n",
              N);
  std::vector<int> strides = {1, T};
  if (L.S != 1 && L.S != T) strides.push_back(L.S);
  for (int s : strides) {
    WindowDataset d;
    if (Status st = WindowDataset::create(ids, T, s, &d); !st.ok()) return st;
    // How often each token is a target: over the tokens away from both ends.
    std::vector<int> as_target(N, 0);
    for (size_t i = 0; i < d.size(); i++)
      for (int t = 0; t < T; t++) as_target[d.start(i) + 1 + size_t(t)]++;
    int lo = 1 << 30, hi = 0;
    for (size_t n = size_t(T); n + size_t(T) + size_t(s) < N; n++) {
      lo = std::min(lo, as_target[n]);
      hi = std::max(hi, as_target[n]);
    }
    if (hi == 0) lo = 0;
    const int overlap = std::max(0, T - s);
    const std::string times =
        lo == hi ? std::to_string(lo) : std::to_string(lo) + " or " + std::to_string(hi);
    std::printf("  max_length %d, stride %d: %zu windows\n    neighbours share %d of %d ids; "
                "a token is a target in %s window%s\n", T, s, d.size(), overlap, T,
                times.c_str(), hi == 1 ? "" : "s");
    std::vector<int32_t> in(static_cast<size_t>(T)), tg(static_cast<size_t>(T));
    for (size_t i = 0; i < 2 && i < d.size(); i++) {
      d.get(i, in.data(), tg.data());
      std::printf("    window %zu: input %s -> target %s\n              %s -> %s\n", i,
                  id_list(in).c_str(), id_list(tg).c_str(), text_of(tok, in.data(), T).c_str(),
                  text_of(tok, tg.data(), T).c_str());
    }
  }
  std::printf("  The stride sets the overlap (max_length - stride ids shared by neighbours), the\n"
              "  number of windows (about N / stride) and how often each token is a target\n"
              "  (max_length / stride times): stride 1 shows every token at every position,\n"
              "  stride = max_length shows each once, with no overlap and no repeats.\n");
  return Status();
}

// The first batch and its embeddings: tables E (V, C) and P (T, C), the rows E[inputs]
// and the input x = E[inputs] + P, each (B, T, C).
struct EmbeddedBatch {
  Batch batch;
  std::vector<float> E, P, tok_emb, x;
};

// [3] One batch: the first B windows at stride S, as the loader hands them out.
static Status step_3_embed_batch(const Lesson& L, const Tokenizer& tok,
                                 const std::vector<int32_t>& ids, EmbeddedBatch* eb) {
  const int T = L.T, C = L.C, V = tok.vocab_size();
  WindowDataset data;
  if (Status s = WindowDataset::create(ids, T, L.S, &data); !s.ok()) return s;
  BatchLoader loader;
  if (Status s = BatchLoader::create(&data, L.B, false, false, L.seed, &loader); !s.ok()) return s;
  loader.start_epoch();
  Batch& batch = eb->batch;
  loader.next(&batch);
  const int Bb = batch.B, Nb = Bb * T;
  std::printf("\n[3] the first batch (stride %d): inputs, shape (%d, %d):\n", L.S, Bb, T);
  for (int b = 0; b < Bb; b++)
    std::printf("    %s  %s\n", id_list(&batch.inputs[size_t(b) * T], size_t(T)).c_str(),
                text_of(tok, &batch.inputs[size_t(b) * T], T).c_str());
  // torch.manual_seed(seed); tok = nn.Embedding(V, C); pos = nn.Embedding(T, C):
  // the same generator draws the token table, then the position table.
  Initializer init(InitKind::kTorch, L.seed);
  std::vector<float>&E = eb->E, &P = eb->P, &x = eb->x;
  E.resize(size_t(V) * C);
  P.resize(size_t(T) * C);
  double t0 = now_seconds();
  init.embedding(E.data(), V, C);
  init.embedding(P.data(), T, C);
  const double init_s = now_seconds() - t0;
  eb->tok_emb.resize(size_t(Nb) * C);
  x.resize(size_t(Nb) * C);
  embedding_forward(eb->tok_emb.data(), batch.inputs.data(), E.data(), Nb, V, C);
  position_forward(x.data(), eb->tok_emb.data(), P.data(), Bb, T, C);
  char said[400];
  std::snprintf(said, sizeof said, "    token table E (%d, %d) and position table P (%d, %d), as "
                "torch.manual_seed(%llu); nn.Embedding(%d, %d); nn.Embedding(%d, %d) draw them "
                "(%.2f s to draw %zu numbers)", V, C, T, C, (unsigned long long)L.seed, V, C, T, C,
                init_s, E.size() + P.size());
  print_wrapped(said, "    ");
  std::printf("    token embeddings E[inputs]: shape (%d, %d, %d)\n", Bb, T, C);
  std::printf("    + position embeddings P[0..%d]: shape (%d, %d), added to every sequence\n",
              T - 1, T, C);
  std::printf("    = input embeddings x: shape (%d, %d, %d)\n", Bb, T, C);
  for (int t = 0; t < std::min(T, 2); t++) {
    const int32_t id = batch.inputs[size_t(t)];
    const std::string sum = "    x[0," + std::to_string(t) + "] = E[" + std::to_string(id) +
                            "] + P[" + std::to_string(t) + "]:  ";
    const std::string under(display_columns(sum) - 2, ' ');
    std::printf("%s[%s]\n%s+ [%s]\n%s= [%s]\n", sum.c_str(),
                head_text(&E[size_t(id) * C], C).c_str(), under.c_str(),
                head_text(&P[size_t(t) * C], C).c_str(), under.c_str(),
                head_text(&x[size_t(t) * C], C).c_str());
  }
  if (Bb > 1)
    print_beside("    x[1,0] = E[" + std::to_string(batch.inputs[size_t(T)]) + "] + P[0] = [" +
                     head_text(&x[size_t(T) * C], C) + "]",
                 " (same P[0], another token)", "   ");
  return Status();
}

// [4] The same token embeddings through a one-hot matrix X (B*T, V) times E.
static float step_4_onehot(const EmbeddedBatch& eb, int V, int T, int C) {
  const int Nb = eb.batch.B * T;
  const int32_t* inputs = eb.batch.inputs.data();
  char said[400];
  std::snprintf(said, sizeof said, "[4] one-hot: X would be %d x %d floats (%.1f MB, one 1 per "
                "row) against %d ids (%d bytes); X E takes %.0f multiply-adds, the lookup copies "
                "%d floats", Nb, V, 4.0 * Nb * V / 1e6, Nb, 4 * Nb, double(Nb) * V * C, Nb * C);
  std::printf("\n");
  print_wrapped(said, "    ");
  if (V != 50257)
    std::printf("    (at GPT-2's V = 50257 it would be %d x 50257 floats, %.1f MB)\n", Nb,
                4.0 * Nb * 50257 / 1e6);
  std::vector<float> X(size_t(Nb) * V), Y(size_t(Nb) * C), tok_emb(size_t(Nb) * C);
  onehot_build(X.data(), inputs, Nb, V);
  onehot_forward(Y.data(), X.data(), eb.E.data(), Nb, V, C);
  const float max_diff = max_abs_diff(Y, eb.tok_emb);
  const double t_onehot = median_seconds([&] {
    onehot_build(X.data(), inputs, Nb, V);
    onehot_forward(Y.data(), X.data(), eb.E.data(), Nb, V, C);
  }, 5);
  const double t_lookup = median_seconds(
      [&] { embedding_forward(tok_emb.data(), inputs, eb.E.data(), Nb, V, C); }, 5, 1000);
  std::printf("    one-hot vs lookup: max |diff| = %g (expect 0)\n", double(max_diff));
  std::printf("    one-hot (build X + sgemm) %.3f ms, lookup %.4f ms: %.0fx slower "
              "(medians of 5 runs)\n", t_onehot * 1e3, t_lookup * 1e3,
              t_onehot / std::max(t_lookup, 1e-9));
  return max_diff;
}

// [5] Backward. Take any gradient dx (B, T, C) arriving from above (seeded numbers here).
// x = E[inputs] + P broadcast over the batch, so dP[t] = sum over b of dx[b, t]: every
// sequence adds its gradient into the same position row. dE gets dx scattered into the
// rows of the ids (tutorial 06).
static float step_5_position_gradient(int Bb, int T, int C, uint64_t seed) {
  std::vector<float> dx(size_t(Bb) * T * C), dP(size_t(T) * C, 0.0f);
  Rng rng(seed);
  for (float& g : dx) g = float(std::round(rng.normal() * 100) / 100);  // two decimals, by eye
  position_backward(dP.data(), dx.data(), Bb, T, C);
  std::vector<float> sum(size_t(T) * C, 0.0f);
  for (int b = 0; b < Bb; b++)
    for (size_t i = 0; i < sum.size(); i++) sum[i] += dx[size_t(b) * T * C + i];
  const float dP_diff = max_abs_diff(dP, sum);
  std::printf("\n[5] backward: dP[t] = sum over the %d sequences of dx[b, t]. Column 0 of "
              "position 0:\n    ", Bb);
  for (int b = 0; b < Bb; b++) {
    const double g = dx[size_t(b) * T * C];
    std::printf("%s%.2f", b == 0 ? "" : g < 0 ? " - " : " + ", b == 0 ? g : std::fabs(g));
  }
  std::printf(" = %.4f = dP[0, 0]\n", double(dP[0]));
  std::printf("    dP (%d, %d) against the sum of the %d rows of dx: max |diff| = %g (expect 0)\n",
              T, C, Bb, double(dP_diff));
  print_wrapped("    So each position row learns from all " + std::to_string(Bb) +
                " sequences of every batch; a token row only from the places its id appears.",
                "    ");
  return dP_diff;
}

// The batch's input embeddings as a table: b, t, the id, then x[b, t] (C columns).
static std::string batch_tsv(const EmbeddedBatch& eb, int T, int C, uint64_t seed) {
  const int Bb = eb.batch.B, Nb = Bb * T;
  std::string out = "# x = E[inputs] + P, batch " + std::to_string(Bb) + " x " + std::to_string(T) +
                    ", C " + std::to_string(C) + ", seed " + std::to_string(seed) + "\n";
  out += "b\tt\tid";
  for (int c = 0; c < C; c++) out += "\tx" + std::to_string(c);
  out += "\n";
  char buf[32];
  for (int n = 0; n < Nb; n++) {
    out += std::to_string(n / T) + "\t" + std::to_string(n % T) + "\t" +
           std::to_string(eb.batch.inputs[size_t(n)]);
    for (int c = 0; c < C; c++) {
      std::snprintf(buf, sizeof buf, "\t%.9g", double(eb.x[size_t(n) * C + c]));
      out += buf;
    }
    out += "\n";
  }
  return out;
}

int main(int argc, char** argv) {
  Flags flags("07_positions_and_batches", "token and position embeddings for a batch");
  flags.add("corpus", "corpus/the_quick_fox.txt", "the text to cut into windows");
  flags.add("tokenizer", "gpt2", "gpt2 (build/gpt2/, make gpt2), cl100k_base or o200k_base "
            "(build/tiktoken/, make tiktoken), a tokenizer file, or corpus (train one on the text)");
  flags.add("max-length", 4, "tokens per window (T); also the rows of the position table");
  flags.add("stride", 4, "tokens between the starts of two windows (S) for the batch");
  flags.add("batch", 8, "windows per batch (B)");
  flags.add("dim", 256, "embedding dimension (C)");
  flags.add("seed", 123, "seed of the tables (torch.manual_seed)");
  flags.add("out", "out", "folder for the batch's input embeddings");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  Lesson L;
  L.corpus_path = flags.get_string("corpus");
  L.tok_name = flags.get_string("tokenizer");
  L.T = int(flags.get_int("max-length")), L.S = int(flags.get_int("stride"));
  L.B = int(flags.get_int("batch")), L.C = int(flags.get_int("dim"));
  L.seed = uint64_t(flags.get_int("seed"));
  if (L.T < 1 || L.S < 1 || L.B < 1 || L.C < 1)
    return flags.fail(Status::bad_input("--max-length, --stride, --batch and --dim must be at least 1"));

  print_wrapped("07 positions and batches: from a token stream to a (B, T, C) input. You will see: "
                "sliding windows and what their stride changes, a batch embedded as token rows "
                "plus position rows, the one-hot product giving the same numbers at far greater "
                "cost, and the position gradient summing over the batch.");
  std::printf("config: corpus=%s tokenizer=%s\n        max_length T=%d stride S=%d batch B=%d "
              "dim C=%d seed=%llu\n\n", L.corpus_path.c_str(), L.tok_name.c_str(), L.T, L.S, L.B,
              L.C, (unsigned long long)L.seed);

  Tokenizer tok;
  std::vector<int32_t> ids;
  if (Status s = step_1_token_ids(L, &tok, &ids); !s.ok()) return flags.fail(s);
  if (Status s = step_2_sliding_windows(L, tok, ids); !s.ok()) return flags.fail(s);
  EmbeddedBatch eb;
  if (Status s = step_3_embed_batch(L, tok, ids, &eb); !s.ok()) return flags.fail(s);
  const float max_diff = step_4_onehot(eb, tok.vocab_size(), L.T, L.C);
  const float dP_diff = step_5_position_gradient(eb.batch.B, L.T, L.C, L.seed);

  // The batch's input embeddings, for a look with other tools.
  std::string path;
  if (Status s = write_lesson_file(flags.get_string("out"), "07_input_embeddings.tsv",
                                   batch_tsv(eb, L.T, L.C, L.seed), &path); !s.ok())
    return flags.fail(s);
  std::printf("[6] wrote the batch's input embeddings to %s\n", path.c_str());

  print_try_this(
      {{"--stride 1", "the batch's windows overlap: each row is the one above shifted by one "
                      "token; [2] counts 4x the windows"},
       {"--max-length 8 --stride 8", "longer windows, a position table of 8 rows, half the "
                                     "windows; the one-hot X doubles to 64 rows"},
       {"--batch 2 --dim 3", "small enough to check [3] and [5] by hand"}});
  return max_diff == 0 && dP_diff == 0 ? 0 : 1;
}
