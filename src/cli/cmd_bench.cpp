// embedlab bench <embedding|train|tokenizer|all> [--json] [--out DIR]
// The flags into BenchOptions; what is timed and how is in src/bench/run_bench.h.
// Output: a markdown table (or one JSON object per line with --json), then the BPE
// training scaling table; with --out DIR also DIR/bench.md and DIR/bench.json.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/run_bench.h"
#include "cli/commands.h"
#include "util/file.h"
#include "util/flags.h"

namespace embedlab {

namespace {

std::vector<int> int_list(const Flags& flags, const std::string& name, std::vector<int> def) {
  if (!flags.was_set(name)) return def;
  std::vector<int> out;
  for (const std::string& w : flags.get_list(name)) out.push_back(std::atoi(w.c_str()));
  return out;
}

}  // namespace

int cmd_bench(int argc, char** argv) {
  const BenchOptions d;  // the defaults live in one place
  Flags flags("embedlab bench", "timings, each beside its peer and the machine's limit");
  flags.positional_usage("<embedding|train|tokenizer|all>");
  flags.add_switch("json", "one JSON object per line instead of the table");
  flags.add("out", "", "also write bench.md and bench.json into this folder");
  flags.add("runs", d.runs, "measured runs per figure (median; at least 5)");
  flags.add_switch("no-peers", "skip PyTorch and the npm encoders even when installed");
  flags.add_switch("quick", "tokenizer and real-text training: tiny texts and vocabularies (for "
                            "tests; timings mean nothing)");
  flags.add_list("vocabs", "embedding: vocabulary sizes V (default: 6 256 4096 50257)");
  flags.add_list("dims", "embedding: dimensions C (default: 3 256 768)");
  flags.add_list("tokens", "embedding: tokens per batch N (default: 4 8192)");
  flags.add("max-gb", d.embedding.max_gb, "embedding: skip one-hot cases needing more memory");
  flags.add("max-gflop", d.embedding.max_gflop,
            "embedding: skip one-hot cases with more work per pass");
  flags.add("memcpy-mb", d.memcpy_mb, "size of the copy-bandwidth measurement (MB)");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  if (flags.positional().size() != 1)
    return flags.fail(Status::bad_input("expected one area: " + choice_names(bench_areas())));
  BenchOptions o;
  if (Status s = parse_choice(flags.positional()[0], bench_areas(), "area", &o.areas); !s.ok())
    return flags.fail(s);
  o.threads = flags.get_int("threads") > 0 ? int(flags.get_int("threads"))
                                           : int(std::thread::hardware_concurrency());
  o.runs = int(flags.get_int("runs"));
  o.peers = !flags.get_bool("no-peers");
  o.quick = flags.get_bool("quick");
  o.memcpy_mb = flags.get_int("memcpy-mb");
  EmbeddingBenchOptions& e = o.embedding;
  e.vocabs = int_list(flags, "vocabs", e.vocabs);
  e.dims = int_list(flags, "dims", e.dims);
  e.tokens = int_list(flags, "tokens", e.tokens);
  e.batch_shape = !flags.was_set("vocabs") && !flags.was_set("dims") && !flags.was_set("tokens");
  e.max_gb = flags.get_double("max-gb");
  e.max_gflop = flags.get_double("max-gflop");
  BenchReport report;
  if (Status s = run_bench(o, &report); !s.ok()) return flags.fail(s);

  std::fputs(flags.get_bool("json") ? report.json.c_str() : report.table.c_str(), stdout);
  const std::string dir = flags.get_string("out");
  if (!dir.empty()) {
    if (Status s = make_dirs(dir); !s.ok()) return flags.fail(s);
    for (const auto& [name, text] : {std::pair{"bench.md", &report.table},
                                     std::pair{"bench.json", &report.json}})
      if (Status s = write_file_atomic(path_join(dir, name), *text); !s.ok()) return flags.fail(s);
  }
  return 0;
}

}  // namespace embedlab
