#include "explore/model_vectors.h"

#include "explore/word2vec_file.h"
#include "train/checkpoint.h"
#include "train/trainer.h"
#include "util/crc32.h"
#include "util/file.h"

namespace embedlab {

namespace {

// DIR's tokenizer (a published one by name, else DIR/tokenizer.tok), checked against
// the checksum and vocabulary size the checkpoint recorded.
Status load_model_tokenizer(const std::string& dir, const TrainConfig& cfg, Tokenizer* tok) {
  const std::string ref = cfg.tokenizer_ref;
  const bool named = is_named_encoding(ref);
  const std::string tok_path = named ? ref : path_join(dir, kTokenizerFileName);
  EMBEDLAB_RETURN_IF_ERROR(Tokenizer::load_named(tok_path, tok).with_context(dir));
  if (crc32(tok->serialize()) != cfg.tokenizer_crc)
    return Status::bad_input(dir + ": the model was trained with another tokenizer than " +
                             (named ? ref + "'s files" : tok_path) + " (checksums differ)");
  if (tok->vocab_size() != cfg.model.V)
    return Status::bad_input(dir + ": the tokenizer has " + std::to_string(tok->vocab_size()) +
                             " tokens but the model has " + std::to_string(cfg.model.V) + " rows");
  return Status();
}

}  // namespace

Status parse_token_counts(const std::string& bytes, int V, const std::string& path,
                          std::vector<int64_t>* out) {
  if (bytes.size() != size_t(V) * 8)
    return Status::bad_input(path + ": section token_counts has " + std::to_string(bytes.size()) +
                             " bytes, expected " + std::to_string(V) + " counts of 8 bytes");
  out->assign(size_t(V), 0);
  for (size_t i = 0; i < size_t(V); i++) {
    uint64_t u = 0;
    for (int b = 7; b >= 0; b--) u = (u << 8) | static_cast<unsigned char>(bytes[i * 8 + size_t(b)]);
    (*out)[i] = int64_t(u);
    if ((*out)[i] < 0)
      return Status::bad_input(path + ": section token_counts: token " + std::to_string(i) +
                               " has a negative count");
  }
  return Status();
}

// The "snapshots" section when present, its rows checked against the model's sizes.
static Status read_movie(const Checkpoint& ck, const std::string& path, const ModelConfig& m,
                         Snapshots* movie) {
  *movie = Snapshots();
  auto it = ck.sections.find("snapshots");
  if (it == ck.sections.end()) return Status();
  EMBEDLAB_RETURN_IF_ERROR(Snapshots::decode(it->second, path, movie));
  if (movie->C != m.C)
    return Status::bad_input(path + ": section snapshots: rows of " + std::to_string(movie->C) +
                             " numbers, but the model has " + std::to_string(m.C));
  for (int32_t id : movie->ids)
    if (id < 0 || id >= m.V)
      return Status::bad_input(path + ": section snapshots: token id " + std::to_string(id) +
                               " is outside the vocabulary of " + std::to_string(m.V));
  return Status();
}

Status load_model_vectors(const std::string& dir, LoadedModel* out) {
  if (!file_exists(dir)) return Status::io_error(dir + ": no such model folder");
  const std::string path = path_join(dir, "checkpoint.bin");
  Checkpoint ck;
  EMBEDLAB_RETURN_IF_ERROR(load_checkpoint(path, &ck));
  EMBEDLAB_RETURN_IF_ERROR(model_from_checkpoint(ck, path, &out->model, &out->config));
  auto tok = std::make_shared<Tokenizer>();
  EMBEDLAB_RETURN_IF_ERROR(load_model_tokenizer(dir, out->config, tok.get()));
  out->counts.clear();
  auto counts = ck.sections.find("token_counts");
  if (counts != ck.sections.end())
    EMBEDLAB_RETURN_IF_ERROR(parse_token_counts(counts->second, out->config.model.V, path,
                                                &out->counts));
  EMBEDLAB_RETURN_IF_ERROR(read_movie(ck, path, out->config.model, &out->movie));
  std::vector<std::string> tokens;
  for (int id = 0; id < tok->vocab_size(); id++) tokens.push_back(tok->token_bytes(id));
  EncodeFn encode = [tok](const std::string& text, std::vector<int32_t>* ids) {
    return tok->encode(text, ids, SpecialPolicy::kAsText);
  };
  out->tokenizer = tok;
  const Tensor& E = out->model->token_embedding();
  return VocabVectors::create(&out->vectors, std::vector<float>(E.data(), E.data() + E.size()),
                              std::move(tokens),
                              out->config.model.C, encode)
      .with_context(dir);
}

Status load_word2vec_vectors(const std::string& path, LoadedModel* out) {
  out->model.reset();
  out->tokenizer.reset();
  out->counts.clear();
  out->movie = Snapshots();
  return read_word2vec(&out->vectors, path);
}

}  // namespace embedlab
