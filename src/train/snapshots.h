// A training movie: the rows of the token table E for a fixed set of tokens (the most
// frequent of the training split), kept every N steps of a run (`embedlab train
// --snapshot-every N`), so a page can show how the vectors move while they train.
// Frame 0 is the table at initialisation; frame k the table after its `step` steps, with
// the training loss of the step that led there (frame 0: of the first step, before any
// update).
// Stored as the checkpoint's "snapshots" section (the checkpoint's CRC covers it):
//   u32 version (1)  u32 K  u32 C  u32 F   K x i32 ids
//   F x { i64 step  f64 loss  K*C x f32 rows }                       (little-endian)
// Shapes: K tokens followed, C embedding dimension, F frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/tensor.h"
#include "util/status.h"

namespace embedlab {

struct SnapshotFrame {
  int64_t step = 0;
  double loss = 0;
  std::vector<float> rows;  // (K,C)
};

struct Snapshots {
  std::vector<int32_t> ids;  // (K) the tokens followed
  int C = 0;
  std::vector<SnapshotFrame> frames;

  // Appends the rows `ids` of E (V,C) as a frame.  REQUIRES: 0 <= ids < V, C = E.cols()
  void add(int64_t step, double loss, const Tensor& E);
  std::string encode() const;
  // Checks every count against the bytes; `path` starts every error.
  static Status decode(const std::string& bytes, const std::string& path, Snapshots* out);
};

// The K most frequent tokens by count (ties: the lower id first), fewer when fewer
// tokens were seen at all.
std::vector<int32_t> most_frequent(const std::vector<uint64_t>& counts, int K);

}  // namespace embedlab
