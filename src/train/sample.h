// Sampling text from a trained model, one token at a time:
//   p = softmax(logits / temperature), restricted to the top_k largest (0 = all),
//   then one draw from the seeded generator. temperature 0 means greedy (argmax).
// Only the last `context` tokens are fed back in (the model's T).
#pragma once
#include <cstdint>
#include <vector>

#include "train/model.h"
#include "util/rng.h"

namespace embedlab {

// Picks one id from logits (V).  REQUIRES: logits not empty, temperature >= 0
int32_t sample_from_logits(const std::vector<float>& logits, double temperature, int top_k,
                           Rng* rng);

// Appends n new ids to *ids (which holds the prompt, possibly empty: then it starts
// from `start_id`).
void sample_ids(Model* model, std::vector<int32_t>* ids, int n, double temperature, int top_k,
                Rng* rng, int32_t start_id = 0);

}  // namespace embedlab
