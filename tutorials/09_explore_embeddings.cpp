// tutorials/09_explore_embeddings.cpp: what next-token training put into the vectors.
// You will see: similar words close and unrelated words far (cosines), the analogy
// table (king - man + woman lands on queen), the accuracy on every family of the toy
// world, the same questions asked of one-hot vectors and of a random table (they fail:
// why trained embeddings are needed), and pictures: a PCA map with analogy arrows and
// the cosine matrix before and after training.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "explore/analogy_eval.h"
#include "explore/model_vectors.h"
#include "explore/pca.h"
#include "explore/plots.h"
#include "explore/projector.h"
#include "explore/similarity.h"
#include "nn/embedding.h"
#include "nn/onehot.h"
#include "train/trainer.h"
#include "util/file.h"
#include "util/flags.h"
#include "util/rng.h"
#include "util/timer.h"

using namespace embedlab;

namespace {

// Trains a model with embedlab train's defaults (train/trainer.h, cli_train_config) into
// `dir`; steps 0 keeps the default number of steps.
Status train_default(const std::string& corpus_path, const std::string& dir, int64_t steps,
                     int window, int dim, uint64_t seed) {
  TokenizedCorpus corpus;
  EMBEDLAB_RETURN_IF_ERROR(tokenize_corpus(corpus_path, CorpusOptions(), &corpus));
  TrainConfig cfg = cli_train_config(corpus.tok.vocab_size(), corpus.ids.size());
  cfg.model.C = dim;
  cfg.model.window = window;
  if (steps > 0) cfg.steps = steps;
  cfg.seed = seed;
  cfg.quiet = true;
  cfg.snapshot_every = std::max<int64_t>(1, cfg.steps / 20);  // a movie of 21 frames
  cfg.snapshot_rows = cfg.model.V;                             // of every token
  TrainResult r;
  EMBEDLAB_RETURN_IF_ERROR(train_from_corpus(corpus, cfg, dir, &r));
  std::printf("    trained %lld steps in %.1f s: validation loss %.3f (bigram counts %.3f)\n",
              (long long)r.steps_done, r.seconds, r.final_val_loss, r.baselines.bigram);
  return Status();
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags("09_explore_embeddings", "similarity, analogies and pictures of trained embeddings");
  flags.add("model", "", "a model folder from embedlab train (default: train one now)");
  flags.add("corpus", "corpus/toyworld.txt", "the text to train on when no --model is given");
  flags.add("questions", "corpus/toyworld-analogies.txt", "analogy questions (word2vec format)");
  const TrainConfig d = cli_train_config(0, 0);  // embedlab train's defaults (train/trainer.h)
  flags.add("steps", int64_t(0),
            "training steps when no --model is given (0: embedlab train's default, two passes "
            "over the corpus, 1200 to 6000)");
  flags.add("window", d.model.window, "tokens averaged into h_t when training here (1: bigram)");
  flags.add("dim", d.model.C, "embedding dimension when training here");
  flags.add("seed", int64_t(d.seed), "seed of training and of the random baseline");
  flags.add("method", "3CosAdd", "analogy method: 3CosAdd or 3CosMul");
  flags.add("out", "out", "folder for the model and the pictures");
  if (Status s = flags.parse(argc, argv); !s.ok()) return flags.fail(s);
  if (flags.help()) return 0;
  const std::string out = flags.get_string("out");
  AnalogyOptions aopt;
  if (Status s = parse_analogy_method(flags.get_string("method"), &aopt.method); !s.ok())
    return flags.fail(s);
  if (Status s = make_dirs(out); !s.ok()) return flags.fail(s);

  std::printf("09 explore embeddings: what next-token training put into the vectors. You will\n"
              "see: cosines, analogies, accuracy per family, the one-hot and random baselines, and\n"
              "pictures.\n\n");

  // [1] A trained model: given, or trained now with embedlab train's defaults.
  std::string dir = flags.get_string("model");
  if (dir.empty()) {
    dir = path_join(out, "09_model");
    const std::string steps =
        flags.get_int("steps") > 0 ? std::to_string(flags.get_int("steps")) : "default";
    const bool again = file_exists(path_join(dir, "checkpoint.bin"));
    std::printf("[1] training on %s with embedlab train's defaults\n    (%s steps, window %d, C %d, "
                "%s mix) into %s%s\n", flags.get_string("corpus").c_str(), steps.c_str(),
                int(flags.get_int("window")), int(flags.get_int("dim")), mix_name(d.model.mix),
                dir.c_str(), again ? "\n    (replacing the model an earlier run left there)" : "");
    if (Status s = train_default(flags.get_string("corpus"), dir, flags.get_int("steps"),
                                 int(flags.get_int("window")), int(flags.get_int("dim")),
                                 uint64_t(flags.get_int("seed")));
        !s.ok())
      return flags.fail(s);
  } else {
    std::printf("[1] model folder %s\n", dir.c_str());
  }
  LoadedModel m;
  if (Status s = load_model_vectors(dir, &m); !s.ok()) return flags.fail(s);
  const VocabVectors& vv = m.vectors;
  const int V = vv.V(), C = vv.C();
  std::printf("    V = %d tokens, C = %d numbers each\n\n", V, C);

  // [2] A word's vector is one row: the lookup, and the one-hot product, agree.
  {
    int32_t id = vv.find_word("king");
    if (id >= 0) {
      std::vector<float> row(C), hot(static_cast<size_t>(V)), prod(C);
      embedding_forward(row.data(), &id, vv.table(), 1, V, C);
      onehot_build(hot.data(), &id, 1, V);
      onehot_forward(prod.data(), hot.data(), vv.table(), 1, V, C);
      double diff = 0;
      for (int c = 0; c < C; c++) diff = std::max(diff, double(std::fabs(row[c] - prod[c])));
      std::printf("[2] ' king' is id %d: its vector is row %d (lookup: %d numbers read);\n"
                  "    one-hot x E (%d x %d multiply-adds) gives max |diff| = %g\n\n",
                  id, id, C, V, C, diff);
    }
  }

  // [3] Similar words are close, unrelated words far.
  std::printf("[3] cosine similarity (1 = same direction, 0 = at right angles):\n");
  const char* pairs[][2] = {{"man", "woman"}, {"king", "queen"}, {"cat", "kitten"},
                            {"paris", "france"}, {"paper", "water"}, {"stone", "music"},
                            {"cloud", "bread"}};
  for (auto& p : pairs) {
    WordVector a, b;
    if (!word_vector(&a, vv, p[0]).ok() || !word_vector(&b, vv, p[1]).ok()) continue;
    std::printf("    %-8s %-8s %6.3f\n", p[0], p[1], cosine(a.v.data(), b.v.data(), C));
  }
  // What "unrelated" looks like in this table: random pairs of words, beside the unrelated
  // nouns above, which are still words of one kind.
  std::vector<int32_t> trained_words;
  for (int32_t id = 0; id < vv.V(); id++)
    if (vv.word_like(id) && !vv.zero_row(id)) trained_words.push_back(id);
  Rng pick(uint64_t(flags.get_int("seed")));
  double sum = 0;
  const std::vector<int32_t>& tw = trained_words;
  const int n_pairs = tw.size() > 1 ? 1000 : 0;
  for (int i = 0; i < n_pairs; i++) {
    const int32_t a = tw[pick.below(tw.size())], b = tw[pick.below(tw.size())];
    sum += cosine(vv.row(a), vv.row(b), C);
  }
  std::printf("    random pairs of words: mean cosine %.3f over %d pairs (seed %lld). The unrelated\n"
              "    nouns above sit higher: they are still words of one kind, used in the same\n"
              "    places. A cosine says how alike two words are used, not whether their\n"
              "    meanings are related.\n", n_pairs ? sum / n_pairs : 0.0, n_pairs,
              (long long)flags.get_int("seed"));
  std::printf("    (one-hot vectors: every pair of different words has cosine 0 and distance "
              "sqrt 2 = 1.414)\n\n");

  // [4] Analogies: b - a + c, nearest word by cosine.
  std::printf("[4] analogies a : b :: c : ?  (%s, a, b, c excluded)\n", analogy_method_name(aopt.method));
  const char* questions[][4] = {{"man", "woman", "king", "queen"},   {"king", "queen", "prince", "princess"},
                                {"man", "king", "woman", "queen"},   {"cat", "kitten", "dog", "puppy"},
                                {"cat", "cats", "house", "houses"},  {"france", "paris", "japan", "tokyo"},
                                {"walk", "walked", "swim", "swam"},  {"big", "bigger", "small", "smaller"},
                                {"he", "she", "his", "her"}};
  for (auto& q : questions) {
    std::vector<Neighbor> ans;
    SearchOptions so;
    so.k = 3;
    if (!analogy(&ans, nullptr, vv, {q[0], q[1], q[2]}, aopt.method, so).ok() || ans.empty()) continue;
    std::string top = vv.token(ans[0].id);
    if (!top.empty() && top[0] == ' ') top = top.substr(1);
    std::printf("    %-7s : %-8s :: %-7s : %-9s %s   (then %s, %s)\n", q[0], q[1], q[2], top.c_str(),
                top == q[3] ? "right" : ("wrong, expected " + std::string(q[3])).c_str(),
                quote_token(vv.token(ans.size() > 1 ? ans[1].id : ans[0].id)).c_str(),
                quote_token(vv.token(ans.size() > 2 ? ans[2].id : ans[0].id)).c_str());
  }
  std::printf("\n");

  // [5] Every family: trained vectors vs a random table vs one-hot vectors.
  std::vector<AnalogySection> sections;
  if (Status s = read_analogy_questions(&sections, flags.get_string("questions")); !s.ok())
    return flags.fail(s);
  double t0 = now_seconds();
  AnalogyReport rep = evaluate_analogies(vv, sections, aopt);
  double t_eval = now_seconds() - t0;
  AnalogyReport rnd, hot;
  if (Status s = evaluate_random_baseline(&rnd, vv.tokens(), C, uint64_t(flags.get_int("seed")),
                                          sections, aopt);
      !s.ok())
    return flags.fail(s);
  if (Status s = evaluate_onehot_baseline(&hot, vv.tokens(), sections, aopt); !s.ok())
    return flags.fail(s);
  std::printf("[5] accuracy on %s (top-1):\n", flags.get_string("questions").c_str());
  std::printf("    %-15s %10s %10s %10s\n", "family", "trained", "random", "one-hot");
  for (size_t i = 0; i < rep.sections.size(); i++) {
    const SectionScore &a = rep.sections[i], &r = rnd.sections[i], &h = hot.sections[i];
    std::printf("    %-15s %4d/%-5d %4d/%-5d %4d/%-5d\n", a.name.c_str(), a.correct, a.total,
                r.correct, r.total, h.correct, h.total);
  }
  std::printf("    %-15s %4d/%-5d %4d/%-5d %4d/%-5d\n", "overall", rep.overall.correct,
              rep.overall.total, rnd.overall.correct, rnd.overall.total, hot.overall.correct,
              hot.overall.total);
  std::printf("    accuracy: %d/%d (%.1f%%) in %.3f s; one-hot vectors score 0: every candidate "
              "ties at cosine 0\n\n",
              rep.overall.correct, rep.overall.total,
              rep.overall.total ? 100.0 * rep.overall.correct / rep.overall.total : 0.0, t_eval);

  // [6] Pictures.
  const std::vector<std::string> words = {"man", "woman", "king", "queen", "boy", "girl",
                                          "prince", "princess"};
  std::vector<float> rows;
  if (Status s = words_matrix(&rows, vv, words); !s.ok()) return flags.fail(s);
  const int N = int(words.size());
  Pca2 pca;
  if (Status s = pca_2d(&pca, rows.data(), N, C); !s.ok()) return flags.fail(s);
  ScatterOptions so;
  so.title = "trained embeddings, PCA";
  char lab[64];
  std::snprintf(lab, sizeof lab, "PC1 (%.0f%%)", 100 * pca.explained[0]);
  so.x_label = lab;
  std::snprintf(lab, sizeof lab, "PC2 (%.0f%%)", 100 * pca.explained[1]);
  so.y_label = lab;
  std::vector<ScatterArrow> arrows = {{0, 1}, {2, 3}, {4, 5}, {6, 7}};
  const std::string pca_png = path_join(out, "09_pca.png");
  if (Status s = scatter_plot(so, words, pca.xy, arrows).save_png(pca_png); !s.ok()) return flags.fail(s);
  // Before training: the same words in a table initialised the way training starts.
  std::vector<float> before(rows.size());
  Rng rng(uint64_t(flags.get_int("seed")));
  for (float& v : before) v = float(rng.normal());
  const std::vector<std::string> heat_words = {"man", "woman", "king", "queen", "cat", "kitten",
                                               "paper", "water", "stone", "music"};
  std::vector<float> heat;
  if (Status s = words_matrix(&heat, vv, heat_words); !s.ok()) return flags.fail(s);
  std::vector<float> heat_before(heat.size());
  for (float& v : heat_before) v = float(rng.normal());
  const int H = int(heat_words.size());
  Canvas both = side_by_side(
      "before training (random vectors)",
      [&](Canvas* k, Panel p) { draw_cosine_heatmap(k, p, "", heat_words, heat_before.data(), H, C); },
      "after training", [&](Canvas* k, Panel p) { draw_cosine_heatmap(k, p, "", heat_words, heat.data(), H, C); },
      640, 600);
  const std::string heat_png = path_join(out, "09_cosine_before_after.png");
  if (Status s = both.save_png(heat_png); !s.ok()) return flags.fail(s);
  const std::string rows_png = path_join(out, "09_embedding_rows.png");
  if (Status s = matrix_heatmap("embedding rows (C columns)", heat_words, heat.data(), H, C).save_png(rows_png);
      !s.ok())
    return flags.fail(s);
  std::printf("[6] pictures: %s (PCA, arrows man->woman, king->queen, ...:\n"
              "    parallel arrows are an analogy),\n    %s,\n    %s\n\n", pca_png.c_str(),
              heat_png.c_str(), rows_png.c_str());

  std::string summary;  // the same page as: embedlab projector --model DIR --out FILE.html
  if (Status s = write_projector_page(path_join(out, "09_projector.html"), m, kProjectorDefaultTop,
                                      SearchOptions(), TsneOptions(), "lesson 09: " + dir, &summary);
      !s.ok())
    return flags.fail(s);
  std::printf("%s\n(open it in a browser: search, click, analogies, t-SNE, and the slider: the\n"
              "vectors as they trained, with cos(queen - woman, king - man) at each frame)\n\n",
              summary.c_str());
  std::printf("Try this:\n"
              "  --window 1            a bigram model: does it still learn the analogies?\n"
              "  --dim 8 --steps 300   a tiny table: which families break first?\n"
              "  --method 3CosMul      Levy and Goldberg's multiplicative analogy\n"
              "  ./build/embedlab explore --model %s   and type: king - man + woman\n",
              dir.c_str());
  return 0;
}
