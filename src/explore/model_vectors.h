// A trained model folder as VocabVectors: the token embedding E with every token's
// bytes, and an encode callback (the model's own tokenizer) for multi-token words.
#pragma once
#include <string>

#include "explore/vocab_vectors.h"
#include "train/model_dir.h"

namespace embedlab {

struct LoadedModel {
  VocabVectors vectors;
  std::unique_ptr<Model> model;
  std::shared_ptr<Tokenizer> tokenizer;
  TrainConfig config;
};

Status load_model_vectors(const std::string& dir, LoadedModel* out);

}  // namespace embedlab
