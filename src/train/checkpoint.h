// Checkpoints: everything needed to continue training exactly where it stopped.
// Binary layout (little-endian):
//   "EMBLCKPT"  u32 version (1)  u32 section count
//   per section: u32 name length, name, u64 byte length, bytes
//   u32 CRC-32 of everything before it
// Sections: "settings" (key=value lines: sizes, step, tokenizer, options, and "params",
// the model's parameter names in table order), one float32 array per parameter named
// as the parameter (token_embedding, position_embedding, head_weight, head_bias,
// window_embedding: train/model.h), "optimizer" (moments and step count, in the
// table's order), "metrics" (metrics.csv up to this step, so a resumed run continues
// it exactly), "token_counts" (V little-endian int64: how often each token occurs in
// the training split, so explore can say which rows were rarely trained). Written atomically (temp + rename).
// Older checkpoints (no "params" setting) named the arrays E, P, W, b and M; they still
// load for exploring and sampling, but cannot be resumed (their optimizer state is in
// another order): train again without --resume. A checkpoint without a mix setting
// predates the two mixes and is read as mix=window (then called mean).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nn/tensor.h"
#include "util/status.h"

namespace embedlab {

struct Checkpoint {
  std::map<std::string, std::string> settings;  // e.g. "V" -> "4096"
  std::map<std::string, std::string> sections;  // raw bytes by name
};

// The bytes of a checkpoint file.
std::string encode_checkpoint(const Checkpoint& ck);
// Parses bytes: validates magic, version, the checksum and every length against the
// size; `name` (the path) starts every error message. On error *ck is left empty.
Status decode_checkpoint(const std::string& bytes, const std::string& name, Checkpoint* ck);

// encode_checkpoint, written atomically.
Status save_checkpoint(const std::string& path, const Checkpoint& ck);
// read_file, then decode_checkpoint.
Status load_checkpoint(const std::string& path, Checkpoint* ck);

// Helpers for the sections and settings.
std::string floats_to_bytes(const std::vector<float>& v);
std::string floats_to_bytes(const Tensor& t);
Status bytes_to_floats(const std::string& bytes, size_t expected, const std::string& what,
                       std::vector<float>* out);
Status setting_int(const Checkpoint& ck, const std::string& path, const std::string& key,
                   int64_t* out);

// The model's side: what train() saves and resumes, what explore loads.
class Model;
class Optimizer;
struct TrainConfig;

// The settings a checkpoint records for a run (sizes, options, tokenizer).
std::map<std::string, std::string> settings_of(const TrainConfig& cfg);
// The weights alone (settings and one section per parameter): enough to explore and
// sample from, not to resume.
Checkpoint weights_checkpoint(const TrainConfig& cfg, const Model& model, int64_t step);
// A checkpoint of `model` after `step` steps: settings, one section per parameter,
// the optimizer's state and the metrics rows so far.
Checkpoint model_checkpoint(const TrainConfig& cfg, const Model& model, const Optimizer& opt,
                            int64_t step, const std::string& metrics);
// Copies every parameter of `model` from its section (by name, or by the old names in
// a checkpoint from before the parameter table). `path` starts every error.
Status load_weights(const Checkpoint& ck, const std::string& path, Model* model);
// Continues a run: the checkpoint must have been written by a run with the same sizes,
// options and tokenizer as `cfg`; loads the weights and the optimizer's state, and
// returns the step reached and the metrics rows up to it (from the checkpoint, or from
// `metrics_path` when the checkpoint predates its metrics section).
Status resume_run(const std::string& path, const std::string& metrics_path,
                  const TrainConfig& cfg, Model* model, Optimizer* opt, int64_t* step,
                  std::string* metrics);

// Reads a model written by train() (DIR/checkpoint.bin) back.
Status load_model(const std::string& dir, std::unique_ptr<Model>* model, TrainConfig* cfg);
// The model inside a decoded checkpoint: checks the sizes in its settings and every
// weight section's length before allocating. `name` (the path) starts every error.
Status model_from_checkpoint(const Checkpoint& ck, const std::string& name,
                             std::unique_ptr<Model>* model, TrainConfig* cfg);

}  // namespace embedlab
