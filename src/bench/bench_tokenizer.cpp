// `embedlab bench tokenizer`: BPE training time and encoding throughput (GPT-2,
// cl100k_base, o200k_base), each beside its peers measured in the same run.
//
// The texts. corpus/toyworld.txt (2.5 MB, the largest shipped corpus) is English-like
// but has only ~500 distinct words: BPE can make ~1,061 merges from it, so it is
// trained to 1,280 tokens, never to 4,096 or 32,768. Those two are trained on Zipf text
// (text/zipf_text.h, seed 1): pseudo-words from a 200,000-word lexicon, generated here at
// 1, 2, 4 and 8 MB (each a prefix of the next; nothing is written to the repository).
//
// Training: embedlab's incremental trainer (median of at least 11 runs after a warm-up) against
// the recount-every-merge trainer (tokenizer/bpe_recount.h). A full recount run would take
// tens of minutes per row, so its cost is projected: after jumping to a point of the
// merge schedule (RecountTrainer::skip_to) it makes a few merges, each timed (the
// median is kept); 9 points from the first merge to the last, joined by trapezoids,
// give the whole schedule, plus its set-up (pre-tokenize, count the pieces). At every
// point its merges are checked against embedlab's.
//
// Encoding: GPT-2, cl100k_base and o200k_base on one thread, cold cache (emptied before
// each run, outside the timing) and warm, on the toyworld and on 1 MB of Zipf text
// (where most words are rare, so the cache matters), beside npm tiktoken and
// gpt-tokenizer (and js-tiktoken, when installed) with the same encoding on the same
// bytes (tests/bench/tiktoken_peer.mjs), whose ids are checked against embedlab's.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench/bench.h"
#include "bench/bench_pretokenize.h"
#include "text/zipf_text.h"
#include "tokenizer/bpe_recount.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"
#include "util/timer.h"

namespace embedlab {

namespace {

struct Sizes {
  int64_t toyworld_bytes;            // 0: the whole file
  int toyworld_vocab;
  std::vector<int64_t> zipf_bytes;   // training texts, smallest first
  std::vector<int> vocabs;
  int64_t encode_zipf_bytes;
  double split_seconds;              // pre-tokenization: time each method this long
  int recount_merges;                // timed at each point of the schedule
  int lexicon;                       // Zipf text's distinct words
};

const Sizes kFull = {0, 1280, {1000000, 2000000, 4000000, 8000000}, {4096, 32768},
                     1000000, 1.0, 5, kZipfLexicon};
// --quick: every row, on texts small enough for a test (the timings mean nothing).
const Sizes kQuick = {50000, 300, {20000, 40000}, {300, 600}, 20000, 0.01, 1, 20000};

std::string commas(int64_t n) {
  std::string s = std::to_string(n);
  for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
  return s;
}

std::string zipf_label(const Sizes& sz, int64_t bytes) {
  return "Zipf text (seed 1" +
         (sz.lexicon == kZipfLexicon ? std::string() : ", " + commas(sz.lexicon) + " words") +
         "), " + commas(bytes) + " bytes";
}

std::string seconds_text(double s) {
  char buf[64];
  if (s >= 100) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else if (s >= 1) std::snprintf(buf, sizeof buf, "%.2f s", s);
  else std::snprintf(buf, sizeof buf, "%.1f ms", s * 1e3);
  return buf;
}

std::string fixed(double v, const char* fmt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

struct Projection {
  double seconds = 0;                 // set-up + every merge
  double min_merge = 1e30, max_merge = 0;
  int points = 0;
  bool same_merges = true;            // as embedlab's, at every point
};

// The recount trainer's time for all of t's merges, from `k` timed merges at each of 9
// points: 0, 1/64, 1/32, 1/16, 1/8, 1/4, 1/2 and 3/4 of the way, and the last k.
Projection project_recount(RecountTrainer* rec, double setup_seconds, const Tokenizer& t, int k) {
  Projection p;
  p.seconds = setup_seconds;
  const int W = t.num_merges();
  k = std::min(k, W);
  if (W == 0) return p;
  std::vector<int> at;
  for (int f : {0, 1, 2, 4, 8, 16, 32, 48}) at.push_back(std::min(int(int64_t(W) * f / 64), W - k));
  at.push_back(W - k);
  std::sort(at.begin(), at.end());
  at.erase(std::unique(at.begin(), at.end()), at.end());
  std::vector<double> per_merge;
  for (int m : at) {
    rec->skip_to(t, m);
    std::vector<double> times;
    for (int j = 0; j < k; j++) {
      std::pair<int32_t, int32_t> joined{-1, -1};
      double t0 = now_seconds();
      rec->merge(&joined);
      times.push_back(now_seconds() - t0);
      if (joined != t.merges()[size_t(m + j)]) p.same_merges = false;
    }
    std::sort(times.begin(), times.end());
    per_merge.push_back(times[times.size() / 2]);
    p.min_merge = std::min(p.min_merge, per_merge.back());
    p.max_merge = std::max(p.max_merge, per_merge.back());
  }
  for (size_t i = 0; i < at.size(); i++) {
    if (i + 1 < at.size()) p.seconds += (at[i + 1] - at[i]) * (per_merge[i] + per_merge[i + 1]) / 2;
    else p.seconds += (W - at[i]) * per_merge[i];
  }
  p.points = int(at.size());
  return p;
}

// Median seconds of encoding `text` after a warm-up; cold: the cache is emptied before
// each run, outside the timing.
double encode_seconds(const Tokenizer& tok, std::string_view text, bool cold, int runs,
                      std::vector<int32_t>* ids) {
  Timing t;
  t.runs = runs;
  t.setup = [&] {
    if (cold) tok.clear_cache();
    ids->clear();
  };
  return time_call([&] { tok.encode(text, ids, SpecialPolicy::kAsText); }, t);
}

struct EncodeText {
  std::string label;   // for the row names
  std::string bytes;
  std::string file;    // a copy for the npm peers
};

void bench_training(const Sizes& sz, int runs, std::vector<BenchRow>* rows, std::string* notes) {
  std::string zipf;
  if (Status s = zipf_text(&zipf, kZipfSeed, sz.zipf_bytes.back(), sz.lexicon); !s.ok()) {
    std::fprintf(stderr, "bench tokenizer: %s\n", s.message().c_str());
    return;
  }
  *notes += "BPE training scaling, " + zipf_label(sz, sz.zipf_bytes.back()) +
            " and its prefixes, one thread: embedlab's incremental "
            "trainer against the recount-every-merge trainer (projected from the median of " +
            std::to_string(sz.recount_merges) + " timed merges at each of 9 points of the schedule)\n\n"
            "| corpus bytes | distinct pieces | vocab | merges | embedlab | recount per merge "
            "(min - max) | recount projected | embedlab faster by | merges checked |\n"
            "|---|---|---|---|---|---|---|---|---|\n";
  for (int64_t n : sz.zipf_bytes) {
    const std::string_view text(zipf.data(), size_t(n));
    const std::string label = zipf_label(sz, n);
    double t0 = now_seconds();
    RecountTrainer rec(text, Pattern::kGpt2);
    const double setup = now_seconds() - t0;
    for (int vocab : sz.vocabs) {
      BenchRow e;
      e.group = "tokenizer";
      e.name = "BPE training to " + std::to_string(vocab) + " tokens, " + label;
      e.path = "embedlab";
      e.pass = "train";
      e.V = vocab;
      e.bytes = double(n);
      Tokenizer t;
      Status st;
      BpeTrainOptions o;
      o.vocab_size = vocab;
      // A run takes well under a second; at least 11 of them steady the median on a
      // host whose speed drifts.
      e.seconds = time_call([&] { st = bpe_train(text, o, &t); }, median_of(std::max(runs, 11)));
      if (!st.ok()) {
        e.note = "failed: " + st.message();
        rows->push_back(e);
        continue;
      }
      e.N = t.num_merges();
      Projection p = project_recount(&rec, setup, t, sz.recount_merges);
      BenchRow r = e;
      r.path = "recount every merge";
      r.pass = "train (projected)";
      r.seconds = p.seconds;
      const double mean = (p.seconds - setup) / std::max(1, t.num_merges());
      r.note = fixed(mean * 1e3, "%.2f") + " ms per merge on average (" +
               fixed(p.min_merge * 1e3, "%.2f") + " to " + fixed(p.max_merge * 1e3, "%.2f") +
               " at " + std::to_string(p.points) + " points); " +
               (p.same_merges ? "same merges as embedlab" : "MERGES DIFFER from embedlab");
      e.peer = "recount (projected)";
      e.ratio = p.seconds / e.seconds;
      e.note = std::string("target 500x: ") + (e.ratio >= 500 ? "met" : "not met");
      rows->push_back(e);
      rows->push_back(r);
      *notes += "| " + commas(n) + " | " + commas(int64_t(rec.distinct_pieces())) + " | " +
                commas(vocab) + " | " + commas(t.num_merges()) + " | " +
                seconds_text(e.seconds) + " | " + fixed(mean * 1e3, "%.2f ms") + " (" +
                fixed(p.min_merge * 1e3, "%.2f") + " - " + fixed(p.max_merge * 1e3, "%.2f") +
                ") | " + seconds_text(p.seconds) + " | " + fixed(e.ratio, "%.0fx") + " | " +
                (p.same_merges ? "same" : "DIFFER") + " |\n";
    }
  }
}

// The rows of one encoding: ours cold and warm on each text, each beside the peers.
// `title` starts the row names ("GPT-2", "cl100k_base"); `missing` says why there are
// no peer rows, if there are none.
void bench_one_encoding(const std::string& title, const Tokenizer& tok,
                        const std::vector<EncodeText>& texts, int runs,
                        const std::vector<NodePeerRow>& peer_rows, const std::string& missing,
                        std::vector<BenchRow>* rows) {
  for (const EncodeText& text : texts) {
    for (bool cold : {true, false}) {
      BenchRow e;
      e.group = "tokenizer";
      e.name = title + " encode " + text.label;
      e.path = "embedlab";
      e.pass = cold ? "encode, cold cache" : "encode, warm cache";
      e.bytes = double(text.bytes.size());
      std::vector<int32_t> ids;
      e.seconds = encode_seconds(tok, text.bytes, cold, runs, &ids);
      e.N = (long long)ids.size();
      const uint32_t fnv = ids_fnv1a(ids);
      std::vector<BenchRow> peer_of_this;
      for (const NodePeerRow& p : peer_rows) {
        if (p.file != text.file || p.row.pass != e.pass) continue;
        BenchRow r = p.row;
        r.group = "tokenizer";
        r.name = e.name;
        r.N = p.tokens;
        r.note = p.row.name + "; " +
                 (p.tokens == e.N && p.ids_fnv1a == fnv ? "same ids as embedlab" : "IDS DIFFER from embedlab");
        if (r.path != "tiktoken" && !p.same_ids_as_tiktoken) r.note += ", differ from tiktoken";
        if (r.path != "gpt-tokenizer" && cold) r.note += "; keeps no cache (cold = warm)";
        peer_of_this.push_back(r);
      }
      if (!peer_of_this.empty()) {
        const BenchRow* faster = &peer_of_this[0];
        for (const BenchRow& r : peer_of_this)
          if (r.seconds < faster->seconds) faster = &r;
        e.peer = faster->path;
        e.ratio = faster->seconds / e.seconds;
        e.note = "peer time / ours:";
        for (const BenchRow& r : peer_of_this)
          e.note += " " + r.path + " " + fixed(r.seconds / e.seconds, "%.1f") + ",";
        e.note += std::string(" target 2x the fastest: ") + (e.ratio >= 2 ? "met" : "not met");
      }
      rows->push_back(e);
      for (const BenchRow& r : peer_of_this) rows->push_back(r);
      if (peer_of_this.empty() && cold) {
        BenchRow skip;
        skip.group = "tokenizer";
        skip.name = e.name;
        skip.path = "tiktoken, gpt-tokenizer";
        skip.pass = "encode";
        skip.note = missing.rfind("skipped", 0) == 0 ? missing : "peer not installed: " + missing;
        rows->push_back(skip);
      }
    }
  }
}

void bench_encoding(const Sizes& sz, const std::string& toyworld, int runs, bool peers,
                    std::vector<BenchRow>* rows) {
  std::vector<EncodeText> texts(2);
  texts[0].label = "corpus/toyworld.txt, " + commas(int64_t(toyworld.size())) + " bytes";
  texts[0].bytes = toyworld;
  texts[1].label = zipf_label(sz, sz.encode_zipf_bytes);
  if (Status s = zipf_text(&texts[1].bytes, kZipfSeed, sz.encode_zipf_bytes, sz.lexicon); !s.ok())
    return;

  // The peers read the same bytes from a temporary folder.
  std::string missing = peers ? node_peer_missing() : "skipped (--no-peers)";
  std::string dir;
  std::vector<std::string> files;
  if (missing.empty()) {
    dir = "/tmp/embedlab-bench-XXXXXX";
    if (const char* tmp = std::getenv("TMPDIR")) dir = std::string(tmp) + "/embedlab-bench-XXXXXX";
    if (mkdtemp(&dir[0]) == nullptr) {
      missing = "cannot create a temporary folder for the peers' input";
      dir.clear();
    } else {
      for (size_t i = 0; i < texts.size(); i++) {
        texts[i].file = dir + "/text" + std::to_string(i) + ".txt";
        if (write_file_atomic(texts[i].file, texts[i].bytes).ok()) files.push_back(texts[i].file);
      }
    }
  }
  const struct {
    const char* name;   // for load_named and the peers
    const char* title;  // starts the row names
    const char* fetch;  // the make target that fetches its files
  } encodings[] = {{"gpt2", "GPT-2", "make gpt2"},
                   {"cl100k_base", "cl100k_base", "make tiktoken"},
                   {"o200k_base", "o200k_base", "make tiktoken"}};
  for (const auto& enc : encodings) {
    Tokenizer tok;
    if (!Tokenizer::load_named(enc.name, &tok).ok()) {
      BenchRow skip;
      skip.group = "tokenizer";
      skip.name = std::string(enc.title) + " encoding";
      skip.note = std::string("skipped: ") + enc.title + "'s files are absent (" + enc.fetch + ")";
      rows->push_back(skip);
      continue;
    }
    std::vector<NodePeerRow> peer_rows;
    std::string why = missing;
    if (missing.empty()) {
      peer_rows = run_node_peer(files, runs, enc.name);
      if (peer_rows.empty()) why = "tests/bench/tiktoken_peer.mjs gave no results";
    }
    bench_one_encoding(enc.title, tok, texts, runs, peer_rows, why, rows);
  }
  for (const std::string& f : files) std::remove(f.c_str());
  if (!dir.empty()) rmdir(dir.c_str());
}

}  // namespace

void bench_tokenizer(std::vector<BenchRow>* rows, std::string* notes, int runs, bool with_peers,
                     bool quick) {
  const Sizes& sz = quick ? kQuick : kFull;
  std::string corpus;
  if (!read_file("corpus/toyworld.txt", &corpus).ok()) {
    std::fprintf(stderr, "bench tokenizer: corpus/toyworld.txt not found (run from the project root)\n");
    return;
  }
  if (sz.toyworld_bytes > 0 && int64_t(corpus.size()) > sz.toyworld_bytes)
    corpus.resize(size_t(sz.toyworld_bytes));
  const std::string toyworld = "corpus/toyworld.txt, " + commas(int64_t(corpus.size())) + " bytes";
  BenchRow base;
  base.group = "tokenizer";
  base.threads = 1;
  // Training on the shipped corpus: it gives at most ~1,061 merges.
  BenchRow tr = base;
  tr.name = "BPE training to " + std::to_string(sz.toyworld_vocab) + " tokens, " + toyworld;
  tr.path = "embedlab";
  tr.pass = "train";
  tr.V = sz.toyworld_vocab;
  tr.N = sz.toyworld_vocab - 256;
  tr.bytes = double(corpus.size());
  tr.seconds = time_call([&] {
    BpeTrainOptions o;
    o.vocab_size = sz.toyworld_vocab;
    Tokenizer t;
    bpe_train(corpus, o, &t);
  }, median_of(runs));
  rows->push_back(tr);
  bench_training(sz, runs, rows, notes);
  // Pre-tokenization alone: each hand-written scanner against PCRE2 running its pattern.
  const std::pair<Pattern, const char*> patterns[] = {
      {Pattern::kGpt2, "GPT-2"}, {Pattern::kCl100k, "cl100k_base"}, {Pattern::kO200k, "o200k_base"}};
  for (const auto& [pattern, title] : patterns) {
    PretokenizeSpeed ps = bench_pretokenize(pattern, corpus, sz.split_seconds);
    BenchRow scan = base, pcre = base;
    scan.name = pcre.name = std::string(title) + " pre-tokenization, " + toyworld;
    scan.pass = pcre.pass = "split";
    scan.path = "embedlab scanner";
    pcre.path = "PCRE2 (JIT)";
    scan.bytes = pcre.bytes = double(corpus.size());
    scan.seconds = scan.bytes / 1e6 / ps.scanner_mb_per_s;
    pcre.seconds = pcre.bytes / 1e6 / ps.pcre2_mb_per_s;
    scan.peer = "PCRE2";
    scan.ratio = pcre.seconds / scan.seconds;
    scan.note = ps.same_pieces ? "same pieces" : "PIECES DIFFER";
    rows->push_back(pcre);
    rows->push_back(scan);
  }
  bench_encoding(sz, corpus, runs, with_peers, rows);
  for (BenchRow& r : *rows)
    if (r.group == "tokenizer") r.threads = 1;  // every tokenizer figure is one thread
}

}  // namespace embedlab
