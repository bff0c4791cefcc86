// `embedlab bench tokenizer`: BPE training time and GPT-2 encoding throughput.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/bench.h"
#include "cli/bench_pretokenize.h"
#include "text/toyworld.h"
#include "tokenizer/bpe_train.h"
#include "tokenizer/tokenizer.h"
#include "util/file.h"
#include "util/timer.h"

namespace embedlab {

void bench_tokenizer(std::vector<BenchRow>* rows, int runs, bool with_peers) {
  (void)with_peers;
  std::string corpus;
  if (!read_file("corpus/toyworld.txt", &corpus).ok()) {
    std::fprintf(stderr, "bench tokenizer: corpus/toyworld.txt not found (run from the project root)\n");
    return;
  }
  BenchRow base;
  base.group = "tokenizer";
  base.threads = 1;
  // Training: the toy world gives at most ~1,061 merges; train to 1,280 tokens.
  BenchRow tr = base;
  tr.name = "BPE training to 1280 tokens, corpus/toyworld.txt";
  tr.path = "embedlab";
  tr.pass = "train";
  tr.bytes = double(corpus.size());
  tr.seconds = median_seconds([&] {
    BpeTrainOptions o;
    o.vocab_size = 1280;
    Tokenizer t;
    bpe_train(corpus, o, &t);
  }, runs, 1);
  rows->push_back(tr);
  // Pre-tokenization alone: the hand-written scanner against PCRE2 running the pattern.
  PretokenizeSpeed ps = bench_pretokenize(corpus, 1.0);
  BenchRow scan = base, pcre = base;
  scan.name = pcre.name = "GPT-2 pre-tokenization, corpus/toyworld.txt";
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
  Tokenizer gpt2;
  if (!Tokenizer::load_named("gpt2", &gpt2).ok()) {
    BenchRow skip = base;
    skip.name = "GPT-2 encoding";
    skip.note = "skipped: GPT-2's files are absent (make gpt2)";
    rows->push_back(skip);
    return;
  }
  for (bool warm : {false, true}) {
    BenchRow e = base;
    e.name = "GPT-2 encode corpus/toyworld.txt";
    e.path = "embedlab";
    e.pass = warm ? "encode, warm cache" : "encode, cold cache";
    e.bytes = double(corpus.size());
    std::vector<int32_t> ids;
    e.seconds = median_seconds([&] {
      if (!warm) gpt2.clear_cache();
      ids.clear();
      gpt2.encode(corpus, &ids, SpecialPolicy::kAsText);
    }, runs, 1);
    rows->push_back(e);
  }
}

}  // namespace embedlab
