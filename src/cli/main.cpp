// embedlab: one command-line tool over every stage of the pipeline.
//   embedlab <command> [options]     embedlab <command> --help
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "cli/commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* summary;
};

const Command kCommands[] = {
    {"make-corpus", embedlab::cmd_make_corpus, "write the toyworld text and its analogy questions"},
    {"train-tokenizer", embedlab::cmd_train_tokenizer, "learn BPE merges from a corpus"},
    {"encode", embedlab::cmd_encode, "text -> token ids"},
    {"decode", embedlab::cmd_decode, "token ids -> text"},
    {"train", embedlab::cmd_train, "train embeddings on next-token prediction"},
    {"sample", embedlab::cmd_sample, "generate text from a trained model"},
    {"similarity", embedlab::cmd_similarity, "cosine and distance of two words"},
    {"neighbors", embedlab::cmd_neighbors, "nearest words by cosine"},
    {"analogy", embedlab::cmd_analogy, "A : B :: C : ?"},
    {"eval-analogies", embedlab::cmd_eval_analogies, "analogy accuracy on a questions file"},
    {"eval-similarity", embedlab::cmd_eval_similarity,
     "Spearman's rho against human word-pair scores"},
    {"plot", embedlab::cmd_plot, "PCA map / heatmaps of chosen words (PNG)"},
    {"projector", embedlab::cmd_projector, "an offline HTML page: PCA, t-SNE, neighbours, analogies"},
    {"export", embedlab::cmd_export, "word2vec text, .npy or Embedding Projector TSV"},
    {"explore", embedlab::cmd_explore, "interactive: king - man + woman"},
    {"bench", embedlab::cmd_bench, "timings: bench embedding [--json] (lookup vs one-hot)"},
};

void print_usage(FILE* f) {
  std::fprintf(f,
               "usage: embedlab <command> [options]   (embedlab <command> --help for its options)\n"
               "text -> bytes -> BPE tokens -> token IDs -> embeddings, trained and explored.\n\n"
               "commands:\n");
  for (const Command& c : kCommands) std::fprintf(f, "  %-18s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 1;
  }
  if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    print_usage(stdout);
    return 0;
  }
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name)) continue;
    // Errors come back as Status; what can still throw is running out of memory (a
    // corpus or model too large for this machine), said on one line, not an abort.
    try {
      return c.run(argc - 1, argv + 1);
    } catch (const std::bad_alloc&) {
      std::fprintf(stderr,
                   "embedlab %s: out of memory: the input or the sizes asked for are too "
                   "large for this machine\n",
                   c.name);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "embedlab %s: %s\n", c.name, e.what());
    }
    return 1;
  }
  std::fprintf(stderr, "embedlab: unknown command '%s' (embedlab --help lists them)\n", argv[1]);
  return 1;
}
