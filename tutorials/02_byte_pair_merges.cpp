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

// A token as GPT-2 prints it, in brackets: " the" -> "[Ġthe]".
static std::string show(const Tokenizer& tok, int32_t id) {
  return "[" + bytes_to_display(tok.token_bytes(id)) + "]";
}

// Pads to `width` characters on the right ("Ġ" is two bytes but one character).
static std::string pad(const std::string& s, size_t width) {
  size_t chars = 0;
  for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

static std::string ids_text(const std::vector<int32_t>& ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); i++) s += (i ? ", " : "") + std::to_string(ids[i]);
  return s + "]";
}

// Median seconds of 5 runs of fn.
template <typename Fn>
static double median_seconds(Fn fn) {
  std::vector<double> t;
  for (int run = 0; run < 5; run++) {
    const double t0 = now_seconds();
    fn();
    t.push_back(now_seconds() - t0);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

static std::string kb(double bytes) {
  char buf[32];
  if (bytes >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  else if (bytes >= 1e3) std::snprintf(buf, sizeof buf, "%.1f KB", bytes / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", bytes);
  return buf;
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
  const std::string corpus_path = flags.get_string("corpus"), out_dir = flags.get_string("out");
  const int C = int(flags.get_int("dim")), n_show = int(flags.get_int("show"));
  const int64_t max_onehot = flags.get_int("onehot-tokens");
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  BpeTrainOptions opt;
  opt.vocab_size = int(flags.get_int("vocab-size"));
  if (Status s = parse_pattern(flags.get_string("pattern"), &opt.pattern); !s.ok())
    return flags.fail(s);
  if (C < 1 || max_onehot < 1 || n_show < 0)
    return flags.fail(Status::bad_input("--dim and --onehot-tokens must be at least 1, --show at least 0"));
  std::vector<int> at;
  for (const std::string& w : flags.get_list("at")) {
    char* end = nullptr;
    long m = std::strtol(w.c_str(), &end, 10);
    if (end == w.c_str() || *end != '\0' || m < 0)
      return flags.fail(Status::bad_input("--at '" + w + "': expected a merge count (0 or more)"));
    at.push_back(int(m));
  }
  std::string text;
  bool fallback = false;
  if (Status s = read_file_or_builtin(corpus_path, flags.was_set("corpus"), kFoxStoryOpening,
                                      &text, &fallback); !s.ok())
    return flags.fail(s);
  if (fallback && !flags.was_set("vocab-size")) opt.vocab_size = 256 + kFallbackMerges;

  std::printf("02 byte pair merges: BPE learns its tokens from a text, one merge at a time. "
              "You will see: the classic aaabdaaabac example, the first merges learned from "
              "a story, bytes per token as merges grow, and how the one-hot width V grows "
              "while the lookup stays C floats.\n");
  std::printf("config: corpus %s (%zu bytes%s), vocab size %d, pattern %s, dim C=%d, seed %llu\n\n",
              fallback ? "(built-in prose)" : corpus_path.c_str(), text.size(),
              fallback ? ", the default file is missing" : "", opt.vocab_size,
              pattern_name(opt.pattern), C, (unsigned long long)seed);

  // [1] The classic example (Wikipedia's "Byte pair encoding"), one piece, 3 merges.
  // Pairs of "aaabdaaabac": aa 4 (overlapping), ab 2, the rest 1. So aa -> 256; then
  // [aa]a and ab tie at 2 and the smaller pair (97, 98) wins -> 257; then
  // [aa][ab] 2 -> 258 = "aaab". The text becomes X d X a c with X = 258.
  {
    const std::string wiki = "aaabdaaabac";
    BpeTrainOptions w;
    w.vocab_size = 256 + 3;
    w.pattern = Pattern::kNone;
    Tokenizer t;
    if (Status s = bpe_train(wiki, w, &t); !s.ok()) return flags.fail(s);
    std::printf("[1] the classic example \"%s\", no pre-split, 3 merges:\n", wiki.c_str());
    for (int r = 0; r < t.num_merges(); r++) {
      auto [a, b] = t.merges()[size_t(r)];
      std::printf("      %s -> %s id %d\n", pad(show(t, a) + show(t, b), 8).c_str(),
                  pad(show(t, 256 + r), 6).c_str(), 256 + r);
    }
    std::vector<int32_t> ids;
    if (Status s = t.encode(wiki, &ids); !s.ok()) return flags.fail(s);
    std::string pieces;
    for (int32_t id : ids) pieces += show(t, id);
    std::printf("    %s -> %s = %s: %zu bytes, %zu tokens\n\n", wiki.c_str(), pieces.c_str(),
                ids_text(ids).c_str(), wiki.size(), ids.size());
  }

  // [2] Before counting pairs, GPT-2 splits the text into pieces (words with their
  // leading space, numbers, punctuation runs), so a merge never crosses a piece.
  // Each distinct piece is counted once, with its number of occurrences.
  std::vector<std::string_view> pieces;
  pretokenize(opt.pattern, text, &pieces);
  std::map<std::string_view, int64_t> piece_count;
  for (std::string_view p : pieces) piece_count[p]++;
  std::printf("[2] the corpus: %zu bytes -> %zu pieces after the %s split, %zu distinct. "
              "The first ones:\n     ",
              text.size(), pieces.size(), pattern_name(opt.pattern), piece_count.size());
  for (size_t i = 0; i < pieces.size() && i < 12; i++)
    std::printf(" [%s]", bytes_to_display(pieces[i]).c_str());
  std::printf("\n\n");

  // [3] Train: the most frequent pair of adjacent tokens becomes the next id.
  Tokenizer tok;
  const double t0 = now_seconds();
  if (Status s = bpe_train(text, opt, &tok); !s.ok())
    return flags.fail(s.with_context(fallback ? "the built-in prose" : corpus_path));
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
  std::vector<int64_t> tokens_after(size_t(tok.num_merges()) + 1);  // [m] after m merges
  std::vector<int64_t> joined(size_t(tok.num_merges()));
  tokens_after[0] = int64_t(text.size());
  for (int r = 0; r < tok.num_merges(); r++) {
    auto [a, b] = tok.merges()[size_t(r)];
    int64_t j = 0;
    for (size_t w = 0; w < words.size(); w++) j += counts[w] * merge_pair(&words[w], a, b, 256 + r);
    joined[size_t(r)] = j;
    tokens_after[size_t(r) + 1] = tokens_after[size_t(r)] - j;
  }
  std::printf("[3] %d merges learned in %.1f ms (V = %d). The first %d, most frequent first:\n",
              tok.num_merges(), train_s * 1e3, tok.vocab_size(), std::min(n_show, tok.num_merges()));
  for (int r = 0; r < n_show && r < tok.num_merges(); r++) {
    auto [a, b] = tok.merges()[size_t(r)];
    std::printf("      %s -> %s id %d   joined %lld times\n",
                pad(show(tok, a) + show(tok, b), 14).c_str(), pad(show(tok, 256 + r), 9).c_str(),
                256 + r, (long long)joined[size_t(r)]);
  }
  if (tok.num_merges() > 0) {
    const int last = tok.num_merges() - 1;
    auto [a, b] = tok.merges()[size_t(last)];
    std::printf("      ...\n      %s -> %s id %d   joined %lld times (the last)\n",
                pad(show(tok, a) + show(tok, b), 14).c_str(), pad(show(tok, 256 + last), 9).c_str(),
                256 + last, (long long)joined[size_t(last)]);
  }
  std::printf("\n");

  // [4] A tokenizer with only the first m merges is the tokenizer at step m of training.
  // Encode the corpus with it; feed its tokens to a V x C table both ways:
  //   one-hot: X (N, V) with one 1 per row, times W (V, C): N*V*C multiply-adds (sgemm);
  //   lookup:  row ids[n] of W: N*C copies.
  if (at.empty()) {
    for (int m : {0, 16, 64, 128, 256, 512, 1024, 2048, 4096, 8192})
      if (m < tok.num_merges()) at.push_back(m);
    at.push_back(tok.num_merges());
  }
  std::printf("[4] compression and the input layer as merges grow (C = %d; work and times for "
              "the first %lld tokens at most, times the median of 5 runs):\n", C,
              (long long)max_onehot);
  std::printf("      %6s %5s %7s %9s %11s %10s %12s %13s %10s %10s\n", "merges", "V", "tokens",
              "bytes/tok", "one-hot row", "lookup row", "one-hot MACs", "lookup copies",
              "one-hot", "lookup");
  std::string tsv = "merges\tV\ttokens\tbytes_per_token\tonehot_ms\tlookup_ms\n";
  bool agree = true;
  float worst = 0;
  Rng rng(seed);
  for (int m : at) {
    if (m > tok.num_merges())
      return flags.fail(Status::bad_input("--at " + std::to_string(m) + ": only " +
                                          std::to_string(tok.num_merges()) + " merges were trained"));
    Tokenizer t;
    t.set_pattern(opt.pattern);
    for (int r = 0; r < m; r++) t.add_merge(tok.merges()[size_t(r)].first, tok.merges()[size_t(r)].second);
    std::vector<int32_t> ids;
    if (Status s = t.encode(text, &ids); !s.ok()) return flags.fail(s);
    agree &= int64_t(ids.size()) == tokens_after[size_t(m)];
    const int V = t.vocab_size();
    const int N = int(std::min<int64_t>(int64_t(ids.size()), max_onehot));
    std::vector<float> W(size_t(V) * C);
    for (float& x : W) x = float(rng.normal() * 0.02);
    std::vector<float> X(size_t(N) * V), by_onehot(size_t(N) * C), by_lookup(size_t(N) * C);
    onehot_build(X.data(), ids.data(), N, V);
    const double t_onehot = median_seconds(
        [&] { onehot_forward(by_onehot.data(), X.data(), W.data(), N, V, C); });  // one sgemm
    const double t_lookup = median_seconds(
        [&] { embedding_forward(by_lookup.data(), ids.data(), W.data(), N, V, C); });
    for (size_t i = 0; i < by_onehot.size(); i++)
      worst = std::max(worst, std::fabs(by_onehot[i] - by_lookup[i]));
    std::printf("      %6d %5d %7zu %9.2f %11s %10s %12.0f %13.0f %7.2f ms %7.3f ms\n", m, V,
                ids.size(), double(text.size()) / double(ids.size()), kb(4.0 * V).c_str(),
                kb(4.0 * C).c_str(), double(N) * V * C, double(N) * C, t_onehot * 1e3,
                t_lookup * 1e3);
    char line[160];
    std::snprintf(line, sizeof line, "%d\t%d\t%zu\t%.6g\t%.6g\t%.6g\n", m, V, ids.size(),
                  double(text.size()) / double(ids.size()), t_onehot * 1e3, t_lookup * 1e3);
    tsv += line;
  }
  std::printf("    tokens counted by the replay of step [3] and by Tokenizer::encode: %s\n",
              agree ? "equal at every row" : "DIFFERENT");
  std::printf("    one-hot vs lookup: max |diff| = %g over all rows (expect 0: each sum has "
              "one nonzero term)\n", double(worst));
  std::printf("    Per token, the one-hot input is a row of V floats and costs V*C "
              "multiply-adds; the lookup\n"
              "    reads C floats whatever V is. Merges shorten the text (fewer rows N) but "
              "widen every one-hot\n"
              "    row (V): the one-hot work N*V*C pays for both, the lookup's N*C only "
              "gains from the shorter text.\n"
              "    GPT-2's 50,000 merges make a one-hot row of 50,257 floats (%s) for a "
              "lookup row of 768.\n\n", kb(4.0 * 50257).c_str());

  // [5] The tokenizer, its merge list, the table, and bytes per token after every merge.
  std::vector<double> xs, ys;
  for (size_t m = 0; m < tokens_after.size(); m++) {
    xs.push_back(double(m));
    ys.push_back(double(text.size()) / double(tokens_after[m]));
  }
  Canvas chart = line_chart({"BPE compression on " + std::string(fallback ? "the built-in prose"
                                                                          : corpus_path),
                             "merges (V - 256)", "bytes per token"},
                            {{"bytes per token", xs, ys, kBlue, false}});
  const std::string tok_path = path_join(out_dir, "02_byte_pair_merges.tok");
  const std::string dump_path = path_join(out_dir, "02_merges.txt");
  const std::string tsv_path = path_join(out_dir, "02_compression.tsv");
  const std::string png_path = path_join(out_dir, "02_compression.png");
  if (Status s = make_dirs(out_dir); !s.ok()) return flags.fail(s);
  if (Status s = tok.save(tok_path); !s.ok()) return flags.fail(s);
  if (Status s = write_file_atomic(dump_path, tok.vocab_dump()); !s.ok()) return flags.fail(s);
  if (Status s = write_file_atomic(tsv_path, tsv); !s.ok()) return flags.fail(s);
  if (Status s = chart.save_png(png_path); !s.ok()) return flags.fail(s);
  std::printf("[5] wrote the tokenizer %s, every merge %s,\n    the table %s and the "
              "compression curve %s\n", tok_path.c_str(), dump_path.c_str(), tsv_path.c_str(),
              png_path.c_str());

  std::printf(
      "\nTry this:\n"
      "  --pattern none     merges may now cross spaces and punctuation: look for tokens such\n"
      "                     as [eĠ] or [ĠtheĠ] in step [3]; compare bytes/tok in step [4].\n"
      "                     Why does GPT-2 split the text into words first?\n"
      "  --vocab-size 5000  a short story runs out of pairs: the error says how many merges it\n"
      "                     allows. Rerun with that vocab size: what are the last merges?\n"
      "  --corpus corpus/toyworld.txt --vocab-size 1300  2.5 MB of simple sentences: how far\n"
      "                     does bytes/tok climb? Step [4] times the same number of tokens at\n"
      "                     every row now: the one-hot time grows with V, the lookup's stays put.\n");
  return agree && worst == 0 ? 0 : 1;
}
