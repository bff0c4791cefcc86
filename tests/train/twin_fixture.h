// Reader for the PyTorch twin's reference losses: tests/fixtures/twin_losses.txt and
// the token-id files it names, written once by tests/fixtures/make_twin_fixtures.py
// (the format is described there). Used by the library test (tests/train/twin_test.cpp)
// and the command-line test (tests/cli/train_cli_test.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "train/trainer.h"
#include "util/status.h"

namespace embedlab_test {

struct TwinCase {
  std::string name;      // the tokenizer: "gpt2" or "toyworld512"
  std::string ids_file;  // relative to the project root
  int V = 0, C = 0, T = 0, window = 0, tie = 0;
  std::string optimizer;  // "sgd" or "adamw"
  double lr = 0, momentum = 0, weight_decay = 0;
  int seed = 0, B = 0, steps = 0;
  std::vector<double> losses;  // the twin's loss at steps 1 .. steps
  std::vector<int32_t> ids;    // the first steps * B * T + 1 ids of ids_file

  std::string label() const;   // e.g. "gpt2 sgd momentum 0.9 window 3 tie 0"
};

// Reads every case and its ids; checks each case's loss count and that its ids file
// holds enough ids below V.
embedlab::Status read_twin_cases(const std::string& path, std::vector<TwinCase>* out);
// Whitespace-separated ids, as `embedlab encode` prints them.
embedlab::Status read_id_file(const std::string& path, std::vector<int32_t>* out);
// The training settings that make embedlab run the twin's experiment.
embedlab::TrainConfig twin_train_config(const TwinCase& tc);

}  // namespace embedlab_test
