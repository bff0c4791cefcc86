#include "explore/model_vectors.h"

namespace embedlab {

Status load_model_vectors(const std::string& dir, LoadedModel* out) {
  auto tok = std::make_shared<Tokenizer>();
  EMBEDLAB_RETURN_IF_ERROR(load_model_dir(dir, &out->model, tok.get(), &out->config));
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

}  // namespace embedlab
