#include "train/model_dir.h"

#include "tokenizer/bpe_train.h"
#include "util/crc32.h"
#include "util/file.h"
#include "util/timer.h"

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

Status tokenize_corpus(const std::string& path, const CorpusOptions& opt, TokenizedCorpus* out) {
  out->path = path;
  EMBEDLAB_RETURN_IF_ERROR(read_file(path, &out->text));
  if (opt.max_bytes > 0 && uint64_t(opt.max_bytes) < out->text.size())
    out->text.resize(size_t(opt.max_bytes));
  if (out->text.empty()) return Status::bad_input(path + ": the corpus is empty");
  out->bpe_seconds = out->encode_seconds = 0;
  if (opt.learn) {
    BpeTrainOptions bo;
    bo.vocab_size = opt.vocab_size;
    const double t0 = now_seconds();
    EMBEDLAB_RETURN_IF_ERROR(bpe_train(out->text, bo, &out->tok).with_context(path));
    out->bpe_seconds = now_seconds() - t0;
    out->tokenizer_ref = kTokenizerFileName;
  }
  out->tokenizer_crc = crc32(out->tok.serialize());
  out->ids.clear();
  if (opt.encode) {
    const double t0 = now_seconds();
    EMBEDLAB_RETURN_IF_ERROR(
        out->tok.encode(out->text, &out->ids, SpecialPolicy::kAsText).with_context(path));
    out->encode_seconds = now_seconds() - t0;
  }
  return Status();
}

// Makes the folder, saves the tokenizer there unless it is a published one (or the run
// resumes: the folder has it), and points cfg at it.
static Status prepare_model_dir(const TokenizedCorpus& corpus, const std::string& dir,
                                TrainConfig* cfg) {
  cfg->model.V = corpus.tok.vocab_size();
  cfg->tokenizer_ref = corpus.tokenizer_ref;
  cfg->tokenizer_crc = corpus.tokenizer_crc;
  EMBEDLAB_RETURN_IF_ERROR(make_dirs(dir));
  if (!is_named_encoding(corpus.tokenizer_ref) && !cfg->resume)
    EMBEDLAB_RETURN_IF_ERROR(corpus.tok.save(path_join(dir, kTokenizerFileName)));
  return Status();
}

Status train_from_corpus(const TokenizedCorpus& corpus, TrainConfig cfg, const std::string& dir,
                         TrainResult* result) {
  EMBEDLAB_RETURN_IF_ERROR(prepare_model_dir(corpus, dir, &cfg));
  return train(cfg, corpus.ids, dir, result);
}

Status save_model_dir(const TokenizedCorpus& corpus, TrainConfig cfg, const Model& model,
                      const std::string& dir) {
  cfg.resume = false;
  EMBEDLAB_RETURN_IF_ERROR(prepare_model_dir(corpus, dir, &cfg));
  return save_checkpoint(path_join(dir, "checkpoint.bin"), weights_checkpoint(cfg, model, cfg.steps));
}

}  // namespace embedlab
