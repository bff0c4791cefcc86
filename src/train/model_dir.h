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
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"
#include "train/model.h"
#include "train/trainer.h"
#include "util/status.h"

namespace embedlab {

extern const char kTokenizerFileName[];  // "tokenizer.tok"

// A text made ready to train on: what every run from a corpus does first (embedlab
// train, tutorials 08 and 09, the bench).
struct TokenizedCorpus {
  std::string path;           // where the text came from (errors name it)
  std::string text;           // its bytes
  Tokenizer tok;              // learned from the text, or the caller's
  std::string tokenizer_ref;  // what the checkpoint records: kTokenizerFileName or a
                              // published vocabulary's name (gpt2, cl100k_base, ...)
  std::vector<int32_t> ids;   // the text encoded (empty with encode = false)
  uint32_t tokenizer_crc = 0;  // CRC-32 of tok's file form, as checkpoints record it
  double bpe_seconds = 0, encode_seconds = 0;  // how long learning and encoding took
};

struct CorpusOptions {
  bool learn = true;                   // learn a BPE tokenizer from the text; false: use
                                       // the out->tok and out->tokenizer_ref given
  int vocab_size = kDefaultVocabSize;  // of the tokenizer learned
  int64_t max_bytes = 0;               // > 0: only the first max_bytes bytes
  bool encode = true;                  // false: the caller has the ids already
};

// Reads `path` (an empty text is an error), learns its tokenizer (opt.learn) and encodes
// it (opt.encode). Every error names the file.
Status tokenize_corpus(const std::string& path, const CorpusOptions& opt, TokenizedCorpus* out);

// Trains `cfg` on the corpus into the model folder `dir` (made when missing): V, the
// tokenizer reference and its checksum come from the corpus, and the tokenizer is saved
// as DIR/tokenizer.tok unless it is a published one or cfg.resume is set (the folder
// has it already). Then train().
Status train_from_corpus(const TokenizedCorpus& corpus, TrainConfig cfg, const std::string& dir,
                         TrainResult* result);

// A model trained by a loop of one's own (lesson 08) as a model folder that explore,
// sample and export read: DIR/checkpoint.bin (the weights, no optimizer state, so it
// cannot be resumed) and the tokenizer as train_from_corpus leaves it.
Status save_model_dir(const TokenizedCorpus& corpus, TrainConfig cfg, const Model& model,
                      const std::string& dir);

// Loads DIR's model and its tokenizer, checking that they belong together.
Status load_model_dir(const std::string& dir, std::unique_ptr<Model>* model, Tokenizer* tok,
                      TrainConfig* cfg);

}  // namespace embedlab
