// tutorials/03_token_ids.cpp: from tokens to ids, and why an id alone means nothing.
// A tokenizer turns text into integers, each token's number in the vocabulary, and
// decoding maps them back to the exact bytes. Special tokens such as <|endoftext|>
// have ids that ordinary text never produces unless the caller allows it.
// You will see: a sentence as pieces and ids and back, <|endoftext|> refused, allowed
// and taken as text, GPT-2's, cl100k_base's and o200k_base's ids for the same sentence
// (and how many tokens each makes of the corpus), related words with unrelated
// ids, one-hot vectors that put every two tokens at the same distance (sqrt 2, cosine
// 0), and a random embedding table where the distances differ: the same row as
// one-hot times the table, for V*C multiply-adds instead of C copies.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "explore/token_viewer.h"
#include "lesson_util.h"
#include "nn/embedding.h"
#include "nn/onehot.h"
#include "text/byte_unicode.h"
#include "text/fox_opening.h"
#include "text/utf8.h"
#include "tokenizer/bpe_train.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"

using namespace embedlab;

// Shapes: V vocabulary size, C embedding dimension, K tokens compared in step [6].

// Merges the fallback text is asked for when --vocab-size is not given.
constexpr int kFallbackMerges = 100;

static const char kEot[] = "<|endoftext|>";

// Ids as the embedlab decode command reads them: "741 394 294".
static std::string ids_text(const std::vector<int32_t>& ids) {
  std::string s;
  for (size_t i = 0; i < ids.size(); i++) s += (i ? " " : "") + std::to_string(ids[i]);
  return s;
}

// Euclidean distance and cosine of two vectors of length n.
static void compare(const float* x, const float* y, int n, double* dist, double* cosine) {
  double d2 = 0, xy = 0, xx = 0, yy = 0;
  for (int i = 0; i < n; i++) {
    d2 += double(x[i] - y[i]) * double(x[i] - y[i]);
    xy += double(x[i]) * y[i];
    xx += double(x[i]) * x[i];
    yy += double(y[i]) * y[i];
  }
  *dist = std::sqrt(d2);
  *cosine = xy / std::sqrt(xx * yy);
}

// [2] Encoding: split into pieces, merge each piece's bytes by rank, write the ids.
// Decoding: concatenate each id's bytes. Nothing is lost, for any bytes at all: the
// sentence, and `odd`, text the training never saw.
static Status step_2_round_trip(const Tokenizer& tok, const std::string& sentence,
                                const std::string& odd, std::vector<int32_t>* ids,
                                std::string* back, std::string* odd_back) {
  if (Status s = tok.encode(sentence, ids); !s.ok()) return s;
  if (Status s = tok.decode(*ids, back); !s.ok()) return s;
  std::printf("[2] \"%s\" (%zu bytes) -> %zu tokens:\n      %s\n      ids: %s\n",
              sentence.c_str(), sentence.size(), ids->size(), show(tok, *ids).c_str(),
              ids_text(*ids).c_str());
  std::printf("    decode(ids) = \"%s\": round trip %s\n", back->c_str(),
              *back == sentence ? "identical" : "DIFFERENT");
  std::vector<int32_t> odd_ids;
  if (Status s = tok.encode(odd, &odd_ids); !s.ok()) return s;
  if (Status s = tok.decode(odd_ids, odd_back); !s.ok()) return s;
  std::printf("    \"%s\" (an emoji, a stray byte 0xFF): %zu bytes -> %zu tokens\n      %s\n"
              "    decode(ids): round trip %s\n"
              "    (text unlike the training falls back to short tokens, down to bytes)\n\n",
              utf8_for_display(odd).c_str(), odd.size(), odd_ids.size(),
              show(tok, odd_ids).c_str(), *odd_back == odd ? "identical" : "DIFFERENT");
  return Status();
}

// [3] Special tokens mark boundaries (end of a document). Text from a user must not
// be able to forge one, so encode refuses them unless the caller says otherwise.
static Status step_3_special_tokens(const Tokenizer& tok) {
  const std::string with_special = "the fox.<|endoftext|>the house";
  const int32_t eot = tok.specials()[0].id;
  std::printf("[3] the special token in \"%s\":\n", with_special.c_str());
  std::vector<int32_t> sids;
  Status refused = tok.encode(with_special, &sids);  // SpecialPolicy::kRefuse, the default
  std::printf("      kRefuse (default), the message:\n");
  print_wrapped("        " + (refused.ok() ? std::string("accepted?!") : refused.message()),
                "        ");
  std::printf("      (it names the command line's flags; in code they are SpecialPolicy::kAllow "
              "and kAsText)\n");
  sids.clear();
  if (Status s = tok.encode(with_special, &sids, SpecialPolicy::kAllow); !s.ok()) return s;
  std::printf("      kAllow:  %s\n", show(tok, sids).c_str());
  print_beside("               ids " + ids_text(sids),
               " (" + std::string(kEot) + " is the single id " + std::to_string(eot) + ")",
               "              ");
  sids.clear();
  if (Status s = tok.encode(with_special, &sids, SpecialPolicy::kAsText); !s.ok()) return s;
  std::printf("      kAsText: %s\n", show(tok, sids).c_str());
  print_beside("               ids " + ids_text(sids), " (its 13 characters as ordinary text)",
               "              ");
  std::printf("\n");
  return Status();
}

// [4] Another vocabulary, other numbers: GPT-2 learned 50,000 merges from 40 GB of web
// text. Its files are fetched by `make gpt2`; without them, gpt2 is null.
// GPT-4's and GPT-4o's vocabularies (tiktoken's cl100k_base and o200k_base, fetched by
// `make tiktoken`): larger, so the same text takes fewer tokens, and again other ids.
static Status step_4_other_vocabularies(const Tokenizer& tok, const Tokenizer* gpt2,
                                        const std::string& sentence, const std::string& text) {
  if (gpt2) {
    std::vector<int32_t> gids;
    if (Status s = gpt2->encode(sentence, &gids); !s.ok()) return s;
    std::printf("[4] GPT-2 (V = %d): %s\n      ids: %s\n", gpt2->vocab_size(),
                show(*gpt2, gids).c_str(), ids_text(gids).c_str());
    std::printf("    the same text, other numbers: an id only means something to the "
                "vocabulary that made it.\n");
  } else {
    std::printf("[4] GPT-2's files are not in %s (run make gpt2): step skipped\n",
                gpt2_dir().c_str());
  }
  std::vector<std::pair<std::string, size_t>> counts;  // encoding, tokens of the corpus
  if (gpt2) counts.emplace_back("GPT-2", 0);
  for (const char* name : {"cl100k_base", "o200k_base"}) {
    Tokenizer big;
    if (!Tokenizer::load_named(name, &big).ok()) {
      std::printf("    %s: its ranks are not in %s (run make tiktoken): skipped\n", name,
                  tiktoken_dir().c_str());
      continue;
    }
    std::vector<int32_t> bids;
    if (Status s = big.encode(sentence, &bids); !s.ok()) return s;
    std::printf("    %s (V = %d): %s\n      ids: %s\n", name, big.vocab_size(),
                show(big, bids).c_str(), ids_text(bids).c_str());
    bids.clear();
    if (Status s = big.encode(text, &bids, SpecialPolicy::kAsText); !s.ok()) return s;
    counts.emplace_back(name, bids.size());
  }
  if (counts.size() > (gpt2 ? 1u : 0u)) {
    std::vector<int32_t> cids;
    if (gpt2) {
      if (Status s = gpt2->encode(text, &cids, SpecialPolicy::kAsText); !s.ok()) return s;
      counts[0].second = cids.size();
      cids.clear();
    }
    if (Status s = tok.encode(text, &cids, SpecialPolicy::kAsText); !s.ok()) return s;
    std::printf("    the whole corpus (%zu bytes) in tokens:\n      ours (V = %d) %zu",
                text.size(), tok.vocab_size(), cids.size());
    for (const auto& [name, n] : counts) std::printf(", %s %zu", name.c_str(), n);
    std::printf("\n    (the larger the vocabulary, the longer its tokens and the fewer of them)\n");
  }
  std::printf("\n");
  return Status();
}

// [5] Ids are handed out in the order merges were learned (bytes first, then the
// most frequent pairs): nearby numbers are unrelated tokens, related words can be
// thousands apart. Returns our ids of the words that are one token.
static std::vector<int32_t> step_5_related_words(const Tokenizer& tok, const Tokenizer* gpt2,
                                                 const std::vector<std::string>& words) {
  std::printf("[5] related words, unrelated ids:\n");
  std::printf("    %-9s %-15s %s\n", "word", "our ids",
              gpt2 ? "our tokens     GPT-2's id (and the ids either side)" : "our tokens");
  std::vector<int32_t> single;
  for (const std::string& w : words) {
    std::vector<int32_t> ours, theirs;
    tok.encode_piece(" " + w, &ours);
    if (ours.size() == 1) single.push_back(ours[0]);
    std::printf("    %-9s %-15s %s", ("\" " + w + "\"").c_str(), ids_text(ours).c_str(),
                gpt2 ? pad(show(tok, ours), 14).c_str() : show(tok, ours).c_str());
    if (gpt2) {
      gpt2->encode_piece(" " + w, &theirs);
      std::printf(" %-5s", ids_text(theirs).c_str());
      if (theirs.size() == 1 && theirs[0] > 0 && theirs[0] + 1 < gpt2->vocab_size())
        std::printf("  (%d = %s, %d = %s)", theirs[0] - 1, show(*gpt2, theirs[0] - 1).c_str(),
                    theirs[0] + 1, show(*gpt2, theirs[0] + 1).c_str());
    }
    std::printf("\n");
  }
  if (gpt2 && words.size() >= 2) {
    std::vector<int32_t> a, b;
    gpt2->encode_piece(" " + words[0], &a);
    gpt2->encode_piece(" " + words[1], &b);
    if (a.size() == 1 && b.size() == 1)
      std::printf("    GPT-2's \" %s\" and \" %s\" are %d ids apart; the number says nothing "
                  "about meaning.\n", words[0].c_str(), words[1].c_str(), std::abs(a[0] - b[0]));
  }
  std::printf("\n");
  return single;
}

// K tokens as rows of a random table, found both ways: one-hot times W, and the lookup.
struct PickedRows {
  std::vector<int32_t> pick;
  std::vector<float> by_onehot, by_lookup;  // (K, C) each
};

// [6] Feed ids to a network as one-hot vectors (V wide, a 1 at the id) and every two
// different tokens are equally far apart: |e_i - e_j| = sqrt(1 + 1), cosine 0.
// A table W (V x C) gives each id its own row instead; random rows are at random
// distances, and training (tutorial 08) moves them so that distance means something.
static PickedRows step_6_distances(const Tokenizer& tok, const Tokenizer* gpt2,
                                   const std::vector<int32_t>& single,
                                   const std::vector<int32_t>& ids, int C, uint64_t seed) {
  const int V = tok.vocab_size();
  PickedRows r;
  r.pick = single;  // the one-token words, then the sentence's tokens
  for (int32_t id : ids)
    if (r.pick.size() < 4 && std::find(r.pick.begin(), r.pick.end(), id) == r.pick.end())
      r.pick.push_back(id);
  const int K = int(r.pick.size());
  std::vector<float> W(size_t(V) * C);
  Rng rng(seed);
  for (float& w : W) w = float(rng.normal());
  std::vector<float> X(size_t(K) * V);
  r.by_onehot.resize(size_t(K) * C);
  r.by_lookup.resize(size_t(K) * C);
  onehot_build(X.data(), r.pick.data(), K, V);
  onehot_forward(r.by_onehot.data(), X.data(), W.data(), K, V, C);  // X W, one cblas_sgemm
  embedding_forward(r.by_lookup.data(), r.pick.data(), W.data(), K, V, C);  // rows of W
  std::printf("[6] %d tokens as one-hot vectors (%d wide) and as rows of a random %d x %d "
              "table (seed %llu):\n", K, V, V, C, (unsigned long long)seed);
  std::printf("      %-22s %13s %7s   %15s %7s\n", "pair", "one-hot dist", "cosine",
              "random row dist", "cosine");
  double oh_min = INFINITY, oh_max = 0, oh_cos = 0, rw_min = INFINITY, rw_max = 0;
  for (int a = 0; a < K; a++)
    for (int b = a + 1; b < K; b++) {
      double d1, c1, d2, c2;
      compare(X.data() + size_t(a) * V, X.data() + size_t(b) * V, V, &d1, &c1);
      compare(r.by_lookup.data() + size_t(a) * C, r.by_lookup.data() + size_t(b) * C, C, &d2, &c2);
      const std::string pair = show(tok, r.pick[size_t(a)]) + " " + show(tok, r.pick[size_t(b)]);
      std::printf("      %s %13.4f %7.4f   %15.4f %7.4f\n", pad(pair, 22).c_str(), d1, c1, d2, c2);
      oh_min = std::min(oh_min, d1), oh_max = std::max(oh_max, d1);
      oh_cos = std::max(oh_cos, std::fabs(c1));
      rw_min = std::min(rw_min, d2), rw_max = std::max(rw_max, d2);
    }
  if (K >= 2) {
    std::printf("    one-hot: every pair at distance %.4f (sqrt 2 = %.4f), cosine %.4f:\n"
                "    \"same or different\", nothing more\n", oh_max, std::sqrt(2.0), oh_cos);
    if (oh_min != oh_max) std::printf("    (one-hot distances differ?! min %.4f)\n", oh_min);
    std::printf("    random table: distances from %.4f to %.4f, set by chance, not by meaning\n",
                rw_min, rw_max);
  }
  if (gpt2) {  // the same holds in GPT-2's 50,257-wide one-hot space
    std::vector<int32_t> a, b;
    gpt2->encode_piece(" king", &a);
    gpt2->encode_piece(" queen", &b);
    std::vector<float> ea(size_t(gpt2->vocab_size())), eb(ea.size());
    onehot_build(ea.data(), a.data(), 1, gpt2->vocab_size());
    onehot_build(eb.data(), b.data(), 1, gpt2->vocab_size());
    double d, c;
    compare(ea.data(), eb.data(), gpt2->vocab_size(), &d, &c);
    std::printf("    GPT-2 one-hot (%d wide): [Ġking] %d vs [Ġqueen] %d at distance %.4f, "
                "cosine %.4f\n", gpt2->vocab_size(), a[0], b[0], d, c);
  }
  return r;
}

// [7] The row of id i is one-hot(i) times W: the same numbers, bit for bit.
static float step_7_same_rows(const PickedRows& r, int V, int C) {
  const float diff = max_abs_diff(r.by_onehot, r.by_lookup);
  std::printf("\n[7] one-hot x W vs lookup of the same %zu ids: max |diff| = %g (expect 0)\n",
              r.pick.size(), double(diff));
  std::printf("    per token: one-hot %d x %d = %d multiply-adds, lookup %d copies;\n"
              "    at GPT-2's V = 50257 and C = 768: %.1f M against 768\n\n", V, C, V * C, C,
              50257.0 * 768 / 1e6);
  return diff;
}

int main(int argc, char** argv) {
  Flags flags("03_token_ids", "token ids: encode, decode, special tokens, one-hot distances");
  flags.add("corpus", "corpus/the_quick_fox.txt", "training text for our tokenizer");
  flags.add("vocab-size", 256 + 512 + 1, "256 bytes + merges + 1 special token");
  flags.add("sentence", "the quick fox is in the house", "the text of steps [2] and [4]");
  flags.add_list("words", "words whose ids step [5] compares, each with its leading space "
                          "(default: king queen fox cat)");
  flags.add("dim", 16, "columns of the random embedding table in step [6] (C)");
  flags.add("seed", 1, "seed of the random embedding table");
  flags.add("out", "out", "folder for the tokenizer and the sentence's ids");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const std::string corpus_path = flags.get_string("corpus");
  const std::string sentence = flags.get_string("sentence"), out_dir = flags.get_string("out");
  const int C = int(flags.get_int("dim"));
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  std::vector<std::string> words = {"king", "queen", "fox", "cat"};
  if (flags.was_set("words")) words = flags.get_list("words");
  if (C < 1) return flags.fail(Status::bad_input("--dim must be at least 1"));
  BpeTrainOptions opt;
  opt.vocab_size = int(flags.get_int("vocab-size"));
  opt.specials = {kEot};
  std::string text;
  bool fallback = false;
  if (Status s = read_file_or_builtin(corpus_path, flags.was_set("corpus"), kFoxStoryOpening,
                                      &text, &fallback); !s.ok())
    return flags.fail(s);
  if (fallback && !flags.was_set("vocab-size")) opt.vocab_size = 256 + kFallbackMerges + 1;

  print_wrapped("03 token ids: a token's id is its number in one vocabulary, nothing more. You "
                "will see: encode and decode, special tokens, GPT-2's ids, related words with "
                "unrelated ids, and one-hot vectors all sqrt 2 apart against a random table "
                "where distances differ.");
  print_wrapped("config: corpus " + corpus_text(corpus_path, text.size(), fallback) +
                    ", vocab size " + std::to_string(opt.vocab_size) + ", dim C=" +
                    std::to_string(C) + ", seed " + std::to_string(seed),
                "        ");
  std::printf("\n");

  // [1] Our tokenizer, trained as in tutorial 02, with one special token after the merges.
  Tokenizer tok;
  if (Status s = bpe_train(text, opt, &tok); !s.ok())
    return flags.fail(s.with_context(fallback ? "the built-in prose" : corpus_path));
  const int V = tok.vocab_size();
  const int32_t eot = tok.specials()[0].id;
  std::printf("[1] our tokenizer: ids 0..255 are the bytes, 256..%d the %d merges, %d is %s: "
              "V = %d\n\n", 255 + tok.num_merges(), tok.num_merges(), eot, kEot, V);

  // Text the training never saw, an emoji, and a byte that is not UTF-8 at all.
  const std::string odd = "Z\xC3\xBCrich \xF0\x9F\xA6\x8A \xFF!";
  std::vector<int32_t> ids;
  std::string back, odd_back;
  if (Status s = step_2_round_trip(tok, sentence, odd, &ids, &back, &odd_back); !s.ok())
    return flags.fail(s);
  if (Status s = step_3_special_tokens(tok); !s.ok()) return flags.fail(s);
  Tokenizer gpt2;
  const bool have_gpt2 = Tokenizer::load_named("gpt2", &gpt2).ok();
  const Tokenizer* gpt2_or_null = have_gpt2 ? &gpt2 : nullptr;
  if (Status s = step_4_other_vocabularies(tok, gpt2_or_null, sentence, text); !s.ok())
    return flags.fail(s);
  const std::vector<int32_t> single = step_5_related_words(tok, gpt2_or_null, words);
  const PickedRows rows = step_6_distances(tok, gpt2_or_null, single, ids, C, seed);
  const float diff = step_7_same_rows(rows, V, C);

  // [8] The tokenizer and the sentence's ids, for the embedlab command.
  const std::string tok_path = path_join(out_dir, "03_token_ids.tok");
  const std::string ids_path = path_join(out_dir, "03_sentence_ids.txt");
  if (Status s = make_dirs(out_dir); !s.ok()) return flags.fail(s);
  if (Status s = tok.save(tok_path); !s.ok()) return flags.fail(s);
  if (Status s = write_file_atomic(ids_path, ids_text(ids) + "\n"); !s.ok()) return flags.fail(s);
  std::printf("[8] wrote the tokenizer to %s and the ids to %s\n    (decode them: "
              "build/embedlab decode --tokenizer %s %s)\n", tok_path.c_str(), ids_path.c_str(),
              tok_path.c_str(), ids_path.c_str());
  // [9] The sentence and a few languages as a page: each token coloured, its id on hover.
  const std::string page = path_join(out_dir, "03_tokens.html");
  const std::string languages = sentence + "\nle caf\xc3\xa9 est tr\xc3\xa8s bon\nGr\xc3\xbc\xc3\x9f"
      "e aus K\xc3\xb6ln\n\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf\xe5\xa4\xa7\xe3\x81\x8d\xe3\x81\x84 \xf0\x9f\xa6\x8a\n";
  std::vector<std::pair<std::string, const Tokenizer*>> named = {{"this lesson's tokenizer", &tok}};
  if (have_gpt2) named.push_back({"gpt2", &gpt2});
  if (Status s = write_token_page(page, "lesson 03: tokens", languages, named); !s.ok()) return flags.fail(s);
  std::printf("[9] wrote %s: the sentence, French, German, Japanese and an emoji, token by token "
              "(open it in a browser)\n", page.c_str());

  std::printf(
      "\nTry this:\n"
      "  --sentence \"the fox<|endoftext|>\"   a special token in plain input: the program stops\n"
      "                        with the refusal of step [3]. Why is refusing the safe default?\n"
      "  --vocab-size 300      43 merges: the sentence takes more tokens (count them in [2]),\n"
      "                        and fewer words of [5] are one token.\n"
      "  --seed 7 --dim 2      other random rows: their distances in [6] change, the one-hot\n"
      "                        ones never do.\n");
  return back == sentence && odd_back == odd && diff == 0 ? 0 : 1;
}
