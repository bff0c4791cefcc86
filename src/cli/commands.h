// The embedlab subcommands, one function each: int cmd_x(int argc, char** argv),
// where argv[0] is the subcommand's name. Each returns 0, or prints
// "embedlab <cmd>: <message>" and returns 1.
#pragma once

namespace embedlab {

// make-corpus: the toyworld text and its analogy questions (src/text/toyworld.h).
int cmd_make_corpus(int argc, char** argv);
// bench <embedding|train|tokenizer|all>: the timings of make bench (src/bench/run_bench.h).
int cmd_bench(int argc, char** argv);
int cmd_train_tokenizer(int argc, char** argv);
int cmd_encode(int argc, char** argv);
int cmd_decode(int argc, char** argv);
int cmd_train(int argc, char** argv);
int cmd_sample(int argc, char** argv);
int cmd_similarity(int argc, char** argv);
int cmd_neighbors(int argc, char** argv);
int cmd_analogy(int argc, char** argv);
int cmd_eval_analogies(int argc, char** argv);
int cmd_eval_similarity(int argc, char** argv);
int cmd_plot(int argc, char** argv);
int cmd_export(int argc, char** argv);
int cmd_projector(int argc, char** argv);
int cmd_explore(int argc, char** argv);

}  // namespace embedlab
