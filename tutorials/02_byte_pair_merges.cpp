// tutorials/02_byte_pair_merges.cpp: byte-pair encoding, learned from a text.
// Start from the 256 bytes; count every adjacent pair of tokens in the text; the most
// frequent pair becomes a new token; repeat. Each merge makes the text a little
// shorter in tokens and the vocabulary one token wider.
// You will see: the classic "aaabdaaabac" example by hand, the first merges learned
// from a story ([Ġ][t] -> [Ġt] id 256) with how often each pair was joined, bytes per
// token as the merges grow, and what the growing vocabulary costs a one-hot input
// (a row V wide, V*C multiply-adds) against an embedding lookup (C floats, whatever V).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "lesson_util.h"
#include "nn/embedding.h"
#include "nn/onehot.h"
#include "text/byte_unicode.h"
#include "text/fox_opening.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/merge.h"
#include "util/chart.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"
#include "util/timer.h"

using namespace embedlab;

// Shapes: N tokens of the corpus, V vocabulary size (256 + merges), C embedding dim.

// Merges the fallback text is asked for when --vocab-size is not given.
constexpr int kFallbackMerges = 128;

// What the steps share: the settings, and the text they learn from.
struct Lesson {
  std::string corpus_path, out_dir;
  int C = 0, n_show = 0;
  int64_t max_onehot = 0;
  uint64_t seed = 0;
  BpeTrainOptions opt;
  std::vector<int> at;  // merge counts for the rows of step [4]; empty: the defaults
  std::string text;
  bool fallback = false;  // the built-in prose stands in for a missing default corpus
  std::string corpus_name() const { return fallback ? "the built-in prose" : corpus_path; }
};

// The trained tokenizer, and what replaying its merges tells about each one.
struct Training {
  Tokenizer tok;
  std::vector<int64_t> tokens_after;  // [m]: tokens of the text after m merges
  std::vector<int64_t> joined;        // [r]: pairs merge r joined
};

// Reads the flags (after flags.parse) and the corpus.
static Status read_lesson(const Flags& flags, Lesson* L) {
  L->corpus_path = flags.get_string("corpus");
  L->out_dir = flags.get_string("out");
  L->C = int(flags.get_int("dim"));
  L->n_show = int(flags.get_int("show"));
  L->max_onehot = flags.get_int("onehot-tokens");
  L->seed = uint64_t(flags.get_int("seed"));
  L->opt.vocab_size = int(flags.get_int("vocab-size"));
  if (Status s = parse_pattern(flags.get_string("pattern"), &L->opt.pattern); !s.ok()) return s;
  if (L->C < 1 || L->max_onehot < 1 || L->n_show < 0)
    return Status::bad_input("--dim and --onehot-tokens must be at least 1, --show at least 0");
  for (const std::string& w : flags.get_list("at")) {
    char* end = nullptr;
    long m = std::strtol(w.c_str(), &end, 10);
    if (end == w.c_str() || *end != '\0' || m < 0)
      return Status::bad_input("--at '" + w + "': expected a merge count (0 or more)");
    L->at.push_back(int(m));
  }
  if (Status s = read_file_or_builtin(L->corpus_path, flags.was_set("corpus"), kFoxStoryOpening,
                                      &L->text, &L->fallback); !s.ok())
    return s;
  if (L->fallback && !flags.was_set("vocab-size")) L->opt.vocab_size = 256 + kFallbackMerges;
  return Status();
}

// One merge as "[a][b] -> [ab] id 256", the columns padded to line up.
static std::string merge_text(const Tokenizer& tok, int r, int pair_width, int token_width) {
  auto [a, b] = tok.merges()[size_t(r)];
  return pad(show(tok, a) + show(tok, b), size_t(pair_width)) + " -> " +
         pad(show(tok, 256 + r), size_t(token_width)) + " id " + std::to_string(256 + r);
}

// [1] The classic example (Wikipedia's "Byte pair encoding"), one piece, 3 merges.
// Pairs of "aaabdaaabac": aa 4 (overlapping), ab 2, the rest 1. So aa -> 256; then
// [aa]a and ab tie at 2 and the smaller pair (97, 98) wins -> 257; then
// [aa][ab] 2 -> 258 = "aaab". The text becomes X d X a c with X = 258.
static Status step_1_classic_example() {
  const std::string wiki = "aaabdaaabac";
  BpeTrainOptions w;
  w.vocab_size = 256 + 3;
  w.pattern = Pattern::kNone;
  Tokenizer t;
  if (Status s = bpe_train(wiki, w, &t); !s.ok()) return s;
  std::printf("[1] the classic example \"%s\", no pre-split, 3 merges:\n", wiki.c_str());
  for (int r = 0; r < t.num_merges(); r++)
    std::printf("      %s\n", merge_text(t, r, 8, 6).c_str());
  std::vector<int32_t> ids;
  if (Status s = t.encode(wiki, &ids); !s.ok()) return s;
  std::printf("    %s -> %s = %s: %zu bytes, %zu tokens\n\n", wiki.c_str(), show(t, ids).c_str(),
              id_list(ids).c_str(), wiki.size(), ids.size());
  return Status();
}

// [2] Before counting pairs, GPT-2 splits the text into pieces (words with their
// leading space, numbers, punctuation runs), so a merge never crosses a piece.
// Each distinct piece is counted once, with its number of occurrences.
static std::map<std::string_view, int64_t> step_2_pieces(const Lesson& L) {
  std::vector<std::string_view> pieces;
  pretokenize(L.opt.pattern, L.text, &pieces);
  std::map<std::string_view, int64_t> piece_count;
  for (std::string_view p : pieces) piece_count[p]++;
  std::printf("[2] the corpus: %zu bytes -> %zu pieces after the %s split, %zu distinct. "
              "The first ones:\n     ",
              L.text.size(), pieces.size(), pattern_name(L.opt.pattern), piece_count.size());
  for (size_t i = 0; i < pieces.size() && i < 12; i++)
    std::printf(" [%s]", bytes_to_display(pieces[i]).c_str());
  std::printf("\n\n");
  return piece_count;
}

// [3] Train: the most frequent pair of adjacent tokens becomes the next id.
static Status step_3_train(const Lesson& L, const std::map<std::string_view, int64_t>& piece_count,
                           Training* tr) {
  Tokenizer& tok = tr->tok;
  const double t0 = now_seconds();
  if (Status s = bpe_train(L.text, L.opt, &tok); !s.ok()) return s.with_context(L.corpus_name());
  const double train_s = now_seconds() - t0;
  // Replay the merges in order on the distinct pieces: merge_pair (tokenizer/merge.h;
  // exercise 01 has you write it) says how many pairs each merge joined, so the token
  // count after every merge falls out too.
  std::vector<std::vector<int32_t>> words;
  std::vector<int64_t> counts;
  for (const auto& [p, n] : piece_count) {
    words.emplace_back();
    for (unsigned char c : p) words.back().push_back(c);
    counts.push_back(n);
  }
  tr->tokens_after.assign(size_t(tok.num_merges()) + 1, 0);
  tr->joined.assign(size_t(tok.num_merges()), 0);
  tr->tokens_after[0] = int64_t(L.text.size());
  for (int r = 0; r < tok.num_merges(); r++) {
    auto [a, b] = tok.merges()[size_t(r)];
    int64_t j = 0;
    for (size_t w = 0; w < words.size(); w++) j += counts[w] * merge_pair(&words[w], a, b, 256 + r);
    tr->joined[size_t(r)] = j;
    tr->tokens_after[size_t(r) + 1] = tr->tokens_after[size_t(r)] - j;
  }
  std::printf("[3] %d merges learned in %.1f ms (V = %d). The first %d, most frequent first:\n",
              tok.num_merges(), train_s * 1e3, tok.vocab_size(),
              std::min(L.n_show, tok.num_merges()));
  for (int r = 0; r < L.n_show && r < tok.num_merges(); r++)
    std::printf("      %s   joined %lld times\n", merge_text(tok, r, 14, 9).c_str(),
                (long long)tr->joined[size_t(r)]);
  if (tok.num_merges() > 0) {
    const int last = tok.num_merges() - 1;
    std::printf("      ...\n      %s   joined %lld times (the last)\n",
                merge_text(tok, last, 14, 9).c_str(), (long long)tr->joined[size_t(last)]);
  }
  std::printf("\n");
  return Status();
}

// What the rows of step [4] add up to, checked at the end.
struct InputLayerRows {
  std::string tsv = "merges\tV\ttokens\tbytes_per_token\tonehot_ms\tlookup_ms\n";
  bool agree = true;  // Tokenizer::encode counts the tokens the replay of [3] counted
  float worst = 0;    // max |one-hot - lookup| over all rows
};

// [4] A tokenizer with only the first m merges is the tokenizer at step m of training.
// Encode the corpus with it; feed its tokens to a V x C table both ways:
//   one-hot: X (N, V) with one 1 per row, times W (V, C): N*V*C multiply-adds (sgemm);
//   lookup:  row ids[n] of W: N*C copies.
static Status step_4_input_layer(const Lesson& L, const Training& tr, InputLayerRows* rows) {
  const Tokenizer& tok = tr.tok;
  const int C = L.C;
  std::vector<int> at = L.at;
  if (at.empty()) {
    for (int m : {0, 16, 64, 128, 256, 512, 1024, 2048, 4096, 8192})
      if (m < tok.num_merges()) at.push_back(m);
    at.push_back(tok.num_merges());
  }
  print_wrapped("[4] compression and the input layer as merges grow (C = " + std::to_string(C) +
                    "; work and times for the first " + std::to_string(L.max_onehot) +
                    " tokens at most, times the median of 5 runs):", "    ");
  std::printf("    %6s %5s %7s %9s %8s %7s %12s %9s %10s %10s\n", "", "", "", "", "one-hot",
              "lookup", "one-hot", "lookup", "one-hot", "lookup");
  std::printf("    %6s %5s %7s %9s %8s %7s %12s %9s %10s %10s\n", "merges", "V", "tokens",
              "bytes/tok", "row", "row", "MACs", "copies", "time", "time");
  Rng rng(L.seed);
  for (int m : at) {
    if (m > tok.num_merges())
      return Status::bad_input("--at " + std::to_string(m) + ": only " +
                               std::to_string(tok.num_merges()) + " merges were trained");
    Tokenizer t;
    t.set_pattern(L.opt.pattern);
    for (int r = 0; r < m; r++)
      t.add_merge(tok.merges()[size_t(r)].first, tok.merges()[size_t(r)].second);
    std::vector<int32_t> ids;
    if (Status s = t.encode(L.text, &ids); !s.ok()) return s;
    rows->agree &= int64_t(ids.size()) == tr.tokens_after[size_t(m)];
    const int V = t.vocab_size();
    const int N = int(std::min<int64_t>(int64_t(ids.size()), L.max_onehot));
    std::vector<float> W(size_t(V) * C);
    for (float& x : W) x = float(rng.normal() * 0.02);
    std::vector<float> X(size_t(N) * V), by_onehot(size_t(N) * C), by_lookup(size_t(N) * C);
    onehot_build(X.data(), ids.data(), N, V);
    const double t_onehot = median_seconds(
        [&] { onehot_forward(by_onehot.data(), X.data(), W.data(), N, V, C); }, 5);  // one sgemm
    const double t_lookup = median_seconds(
        [&] { embedding_forward(by_lookup.data(), ids.data(), W.data(), N, V, C); }, 5);
    rows->worst = std::max(rows->worst, max_abs_diff(by_onehot, by_lookup));
    const double bytes_per_token = double(L.text.size()) / double(ids.size());
    std::printf("    %6d %5d %7zu %9.2f %8s %7s %12.0f %9.0f %7.2f ms %7.3f ms\n", m, V,
                ids.size(), bytes_per_token, bytes_text(4.0 * V).c_str(),
                bytes_text(4.0 * C).c_str(), double(N) * V * C, double(N) * C, t_onehot * 1e3,
                t_lookup * 1e3);
    char line[160];
    std::snprintf(line, sizeof line, "%d\t%d\t%zu\t%.6g\t%.6g\t%.6g\n", m, V, ids.size(),
                  bytes_per_token, t_onehot * 1e3, t_lookup * 1e3);
    rows->tsv += line;
  }
  std::printf("    tokens counted by the replay of step [3] and by Tokenizer::encode: %s\n",
              rows->agree ? "equal at every row" : "DIFFERENT");
  std::printf("    one-hot vs lookup: max |diff| = %g over all rows (expect 0: each sum has "
              "one nonzero term)\n", double(rows->worst));
  print_wrapped("    Per token, the one-hot input is a row of V floats and costs V*C multiply-adds; "
                "the lookup reads C floats whatever V is. Merges shorten the text (fewer rows N) "
                "but widen every one-hot row (V): the one-hot work N*V*C pays for both, the "
                "lookup's N*C only gains from the shorter text. GPT-2's 50,000 merges make a "
                "one-hot row of 50,257 floats (" + bytes_text(4.0 * 50257) + ") for a lookup row "
                "of 768.", "    ");
  std::printf("\n");
  return Status();
}

// [5] The tokenizer, its merge list, the table, and bytes per token after every merge.
static Status step_5_write(const Lesson& L, const Training& tr, const std::string& tsv) {
  std::vector<double> xs, ys;
  for (size_t m = 0; m < tr.tokens_after.size(); m++) {
    xs.push_back(double(m));
    ys.push_back(double(L.text.size()) / double(tr.tokens_after[m]));
  }
  Canvas chart = line_chart({"BPE compression on " + L.corpus_name(), "merges (V - 256)",
                             "bytes per token"},
                            {{"bytes per token", xs, ys, kBlue, false}});
  std::string dump_path, tsv_path;
  if (Status s = write_lesson_file(L.out_dir, "02_merges.txt", tr.tok.vocab_dump(), &dump_path);
      !s.ok())
    return s;
  if (Status s = write_lesson_file(L.out_dir, "02_compression.tsv", tsv, &tsv_path); !s.ok())
    return s;
  const std::string tok_path = path_join(L.out_dir, "02_byte_pair_merges.tok");
  const std::string png_path = path_join(L.out_dir, "02_compression.png");
  if (Status s = tr.tok.save(tok_path); !s.ok()) return s;
  if (Status s = chart.save_png(png_path); !s.ok()) return s;
  std::printf("[5] wrote the tokenizer %s, every merge %s,\n    the table %s and the "
              "compression curve %s\n", tok_path.c_str(), dump_path.c_str(), tsv_path.c_str(),
              png_path.c_str());
  return Status();
}

int main(int argc, char** argv) {
  Flags flags("02_byte_pair_merges", "byte-pair encoding: learn merges from a text");
  flags.add("corpus", "corpus/the_quick_fox.txt", "training text");
  flags.add("vocab-size", 256 + 512, "tokens after training: 256 bytes + merges");
  flags.add("pattern", "gpt2", "pre-tokenizer: gpt2 (merges stay inside words) or none");
  flags.add("show", 12, "how many of the first merges step [3] prints");
  flags.add_list("at", "merge counts for the table of step [4] (default: 0 16 64 128 256 "
                       "512 1024 ... and the merges trained)");
  flags.add("dim", 64, "embedding dimension C for the one-hot vs lookup timing");
  flags.add("onehot-tokens", 16384, "at most this many tokens go through the one-hot product");
  flags.add("seed", 1, "seed of the V x C table in step [4]");
  flags.add("out", "out", "folder for the tokenizer, its merge list and the chart");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  Lesson L;
  if (Status s = read_lesson(flags, &L); !s.ok()) return flags.fail(s);

  print_wrapped("02 byte pair merges: BPE learns its tokens from a text, one merge at a time. You "
                "will see: the classic aaabdaaabac example, the first merges learned from a "
                "story, bytes per token as merges grow, and how the one-hot width V grows while "
                "the lookup stays C floats.");
  print_wrapped("config: corpus " + corpus_text(L.corpus_path, L.text.size(), L.fallback) +
                    ", vocab size " + std::to_string(L.opt.vocab_size) + ", pattern " +
                    pattern_name(L.opt.pattern) + ", dim C=" + std::to_string(L.C) + ", seed " +
                    std::to_string(L.seed),
                "        ");
  std::printf("\n");

  if (Status s = step_1_classic_example(); !s.ok()) return flags.fail(s);
  const std::map<std::string_view, int64_t> piece_count = step_2_pieces(L);
  Training tr;
  if (Status s = step_3_train(L, piece_count, &tr); !s.ok()) return flags.fail(s);
  InputLayerRows rows;
  if (Status s = step_4_input_layer(L, tr, &rows); !s.ok()) return flags.fail(s);
  if (Status s = step_5_write(L, tr, rows.tsv); !s.ok()) return flags.fail(s);

  print_try_this(
      {{"--pattern none",
        "merges may now cross spaces and punctuation: look for tokens such as [eĠ] or [ĠtheĠ] in "
        "step [3]; compare bytes/tok in step [4]. Why does GPT-2 split the text into words first?"},
       {"--vocab-size 5000",
        "a short story runs out of pairs: the error says how many merges it allows. Rerun with "
        "that vocab size: what are the last merges?"},
       {"--corpus corpus/toyworld.txt --vocab-size 1300",
        "2.5 MB of simple sentences: how far does bytes/tok climb? Step [4] times the same number "
        "of tokens at every row now: the one-hot time grows with V, the lookup's stays put."}});
  return rows.agree && rows.worst == 0 ? 0 : 1;
}
