// Vectors to explore, from one of two places:
//   a trained model folder  the token embedding E with every token's bytes, an encode
//                           callback (the model's own tokenizer) for multi-token words,
//                           and, when the checkpoint has a "token_counts" section, how
//                           often each token occurred in the training split;
//   a word2vec file         words and vectors another tool wrote (word2vec_file.h): no
//                           tokenizer, so a word is found whole or not at all.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "explore/vocab_vectors.h"
#include "train/snapshots.h"
#include "train/model_dir.h"

namespace embedlab {

struct LoadedModel {
  VocabVectors vectors;
  std::unique_ptr<Model> model;          // null when read from a word2vec file
  std::shared_ptr<Tokenizer> tokenizer;  // null when read from a word2vec file
  TrainConfig config;
  // counts[id]: how many times token id occurred in the training split (V values),
  // from the checkpoint's "token_counts" section (V little-endian int64); empty when
  // the checkpoint has none or the vectors came from a file.
  std::vector<int64_t> counts;
  // The training movie (`embedlab train --snapshot-every N`): no frames when none was kept.
  Snapshots movie;
};

// DIR/checkpoint.bin (read once) and DIR's tokenizer, checked to belong together.
Status load_model_vectors(const std::string& dir, LoadedModel* out);
// A word2vec text or binary file.
Status load_word2vec_vectors(const std::string& path, LoadedModel* out);

// The "token_counts" section's bytes as V counts; an error names `path` when its length
// is not 8 V bytes or a count is negative.
Status parse_token_counts(const std::string& bytes, int V, const std::string& path,
                          std::vector<int64_t>* out);

}  // namespace embedlab
