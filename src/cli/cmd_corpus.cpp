// embedlab make-corpus: writes the toyworld training text (and its analogy questions).
//   embedlab make-corpus --out corpus/toyworld.txt --analogies corpus/toyworld-analogies.txt
#include <cstdio>

#include "cli/commands.h"
#include "text/toyworld.h"
#include "util/file.h"
#include "util/flags.h"

namespace embedlab {

int cmd_make_corpus(int argc, char** argv) {
  Flags flags("embedlab make-corpus",
              "write the toyworld text: lowercase English in which king/queen, cat/kitten,\n"
              "france/paris, walk/walked, big/bigger ... always relate the same way");
  flags.add("out", "", "the text file to write (required)");
  flags.add("seed", int64_t(kToyworldSeed), "seed of the generator");
  flags.add("size", kToyworldBytes, "bytes of text; ends at the first paragraph past it");
  flags.add("analogies", "", "also write the analogy questions (questions-words format) here");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  if (!flags.positional().empty())
    return flags.fail(Status::bad_input("unexpected argument '" + flags.positional()[0] + "'"));
  const std::string& out = flags.get_string("out");
  if (out.empty()) return flags.fail(Status::bad_input("--out FILE is required"));
  int64_t seed = flags.get_int("seed");
  if (seed < 0) return flags.fail(Status::bad_input("--seed " + std::to_string(seed) +
                                                    ": expected a number >= 0"));
  std::string text;
  if (Status s = toyworld_text(&text, uint64_t(seed), flags.get_int("size")); !s.ok())
    return flags.fail(s);
  if (Status s = write_file_atomic(out, text); !s.ok()) return flags.fail(s);
  std::printf("wrote %s: %zu bytes, seed %lld\n", out.c_str(), text.size(), (long long)seed);
  const std::string& analogies = flags.get_string("analogies");
  if (!analogies.empty()) {
    std::string q = toyworld_analogies();
    if (Status s = write_file_atomic(analogies, q); !s.ok()) return flags.fail(s);
    std::printf("wrote %s: %zu bytes\n", analogies.c_str(), q.size());
  }
  return 0;
}

}  // namespace embedlab
