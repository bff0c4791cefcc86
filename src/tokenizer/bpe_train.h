// Training a byte-level BPE tokenizer to a target vocabulary size.
//
// 1. Pre-tokenize the corpus and count each distinct piece once ("the" x 5,000).
// 2. Count every adjacent pair of ids over the distinct pieces, weighted by counts,
//    and list for each pair the pieces that contain it.
// 3. Repeat until the vocabulary is full: take the most frequent pair, give it the
//    next id, replace it in the pieces on its list, and update only the pair counts
//    around each replacement. A priority queue with lazy deletion finds the most
//    frequent pair, and the lists limit the work to the pieces that change: the
//    cost grows with the corpus, not with corpus size x number of merges.
//    (bpe_train.cpp tells how the pieces and lists are laid out in memory.)
// A pair whose token would be longer than kMaxTokenBytes (64 KB), or bring all merged
// tokens past kMaxVocabBytes (64 MB), is never merged, so every trained tokenizer
// loads back (tokenizer.h).
// Ties: the highest count wins; among equal counts the pair (a, b) with the smaller
// a, then the smaller b. Nothing depends on hash order, so the same corpus and
// settings give the same merges on every machine.
// e.g. "aaabdaaabac", pattern none, 3 merges (the classic example):
//   counts aa 4, ab 2, others 1        -> (a,a) = 256:   256 a b d 256 a b a c
//   (256,a) 2 and (a,b) 2 tie; a = 97 < 256 -> (a,b) = 257: 256 257 d 256 257 a c
//   (256,257) 2                        -> 258:          258 d 258 a c
//   so the ids are [258, 100, 258, 97, 99].
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/tokenizer.h"
#include "util/status.h"

namespace embedlab {

struct BpeTrainOptions {
  int vocab_size = 4096;               // 256 + merges + specials
  Pattern pattern = Pattern::kGpt2;
  std::vector<std::string> specials;   // ids after the merges, in this order
  // Called every `progress_every` merges with (merges done, merges wanted).
  std::function<void(int, int)> progress;
  int progress_every = 1000;
};

Status bpe_train(std::string_view corpus, const BpeTrainOptions& opt, Tokenizer* out);

}  // namespace embedlab
