#include "train/model_dir.h"

#include "util/crc32.h"
#include "util/file.h"

namespace embedlab {

const char kTokenizerFileName[] = "tokenizer.tok";

Status load_model_dir(const std::string& dir, std::unique_ptr<Model>* model, Tokenizer* tok,
                      TrainConfig* cfg) {
  EMBEDLAB_RETURN_IF_ERROR(load_model(dir, model, cfg));
  const std::string ref = cfg->tokenizer_ref;
  // A published vocabulary (gpt2, cl100k_base, o200k_base) is loaded by its name.
  const bool named = is_named_encoding(ref);
  const std::string tok_path = named ? ref : path_join(dir, kTokenizerFileName);
  EMBEDLAB_RETURN_IF_ERROR(Tokenizer::load_named(tok_path, tok).with_context(dir));
  if (crc32(tok->serialize()) != cfg->tokenizer_crc)
    return Status::bad_input(dir + ": the model was trained with another tokenizer than " +
                             (named ? ref + "'s files" : tok_path) +
                             " (checksums differ)");
  if (tok->vocab_size() != cfg->model.V)
    return Status::bad_input(dir + ": the tokenizer has " + std::to_string(tok->vocab_size()) +
                             " tokens but the model has " + std::to_string(cfg->model.V) + " rows");
  return Status();
}

}  // namespace embedlab
