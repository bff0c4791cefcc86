// A model folder, as `embedlab train --out DIR` leaves it:
//   checkpoint.bin   weights, optimizer state, step, settings (train/checkpoint.h)
//   tokenizer.tok    the tokenizer the ids came from (absent when it is GPT-2's: the
//                    checkpoint then says "gpt2" and build/gpt2/ is used)
//   tokens.bin       the corpus encoded once (data/token_file.h), so a resumed run
//                    never re-tokenizes
//   metrics.csv, loss.png, summary.json    what the run measured
// The checkpoint stores the CRC-32 of the tokenizer it was trained with; loading a
// folder whose tokenizer does not match is an error, never silently wrong vectors.
#pragma once
#include <memory>
#include <string>

#include "tokenizer/tokenizer.h"
#include "train/model.h"
#include "train/trainer.h"
#include "util/status.h"

namespace embedlab {

extern const char kTokenizerFileName[];  // "tokenizer.tok"

// Loads DIR's model and its tokenizer, checking that they belong together.
Status load_model_dir(const std::string& dir, std::unique_ptr<Model>* model, Tokenizer* tok,
                      TrainConfig* cfg);

}  // namespace embedlab
