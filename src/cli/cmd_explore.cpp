// The explore commands: similarity, neighbors, analogy, eval-analogies, plot, export,
// and explore (an interactive prompt). Each takes --model DIR (from embedlab train).
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "explore/analogy_eval.h"
#include "explore/export.h"
#include "explore/model_vectors.h"
#include "explore/pca.h"
#include "explore/plots.h"
#include "explore/similarity.h"
#include "util/file.h"
#include "util/flags.h"

namespace embedlab {

namespace {

std::string shown(const VocabVectors& vv, int32_t id) { return quote_token(vv.token(id)); }

Status print_similarity(const VocabVectors& vv, const std::string& a, const std::string& b) {
  WordVector va, vb;
  EMBEDLAB_RETURN_IF_ERROR(word_vector(&va, vv, a));
  EMBEDLAB_RETURN_IF_ERROR(word_vector(&vb, vv, b));
  for (const WordVector* w : {&va, &vb})
    if (!w->note.empty()) std::printf("note: %s\n", w->note.c_str());
  std::printf("cosine(%s, %s) = %.4f   euclidean distance = %.4f\n", a.c_str(), b.c_str(),
              cosine(va.v.data(), vb.v.data(), vv.C()), euclidean(va.v.data(), vb.v.data(), vv.C()));
  return Status();
}

Status print_neighbors(const VocabVectors& vv, const std::string& word, int k) {
  std::vector<Neighbor> nb;
  std::string note;
  SearchOptions opt;
  opt.k = k;
  EMBEDLAB_RETURN_IF_ERROR(nearest_neighbors(&nb, &note, vv, word, opt));
  if (!note.empty()) std::printf("note: %s\n", note.c_str());
  std::printf("nearest to %s (cosine):\n", word.c_str());
  for (const Neighbor& n : nb) std::printf("  %-16s %.4f\n", shown(vv, n.id).c_str(), n.score);
  return Status();
}

Status print_analogy(const VocabVectors& vv, const std::vector<std::string>& words, int k,
                     AnalogyMethod method) {
  if (words.size() != 3)
    return Status::bad_input("an analogy needs three words A B C (A : B :: C : ?), got " +
                             std::to_string(words.size()));
  std::vector<Neighbor> out;
  std::vector<std::string> notes;
  SearchOptions opt;
  opt.k = k;
  EMBEDLAB_RETURN_IF_ERROR(analogy(&out, &notes, vv, words, method, opt));
  for (const std::string& n : notes)
    if (!n.empty()) std::printf("note: %s\n", n.c_str());
  std::printf("%s : %s :: %s : ?   (%s, best first)\n", words[0].c_str(), words[1].c_str(),
              words[2].c_str(), analogy_method_name(method));
  for (const Neighbor& n : out) std::printf("  %-16s %.4f\n", shown(vv, n.id).c_str(), n.score);
  return Status();
}

// -k / --top-k: how many answers, 1 or more (a value beyond the vocabulary gives all).
Status top_k(const Flags& flags, int* k) { return flags.get_int_in("top-k", 1, INT32_MAX, k); }

// An explore command's flags: --model first, then the command's own.
Flags explore_flags(const char* program, const char* summary, const char* words_usage) {
  Flags flags(program, summary);
  if (*words_usage) flags.positional_usage(words_usage);
  flags.add("model", "", "the model folder written by embedlab train");
  return flags;
}

// What every explore command does before its own work: parse the flags, check the
// number of words after them (`words`; `expected` says which, e.g. "expected two
// words"), run the command's own checks, then load the model, so that a typo never
// waits for the model. True to go on; false with *exit_code set (0 after --help, 1
// after an error, which it has printed).
bool parse_and_load(Flags* flags, int argc, char** argv, size_t words, const std::string& expected,
                    const std::function<Status()>& check, LoadedModel* m, int* exit_code) {
  *exit_code = 0;
  Status s = flags->parse(argc, argv);
  if (s.ok() && flags->help()) return false;
  if (s.ok() && flags->positional().size() != words)
    s = Status::bad_input(expected + ", got " + std::to_string(flags->positional().size()));
  if (s.ok() && check) s = check();
  if (s.ok() && flags->get_string("model").empty()) s = Status::bad_input("--model DIR is required");
  if (s.ok()) s = load_model_vectors(flags->get_string("model"), m);
  if (s.ok()) return true;
  *exit_code = flags->fail(s);
  return false;
}

}  // namespace

int cmd_similarity(int argc, char** argv) {
  Flags flags = explore_flags("embedlab similarity",
                              "cosine similarity and Euclidean distance of two words", "WORD WORD");
  LoadedModel m;
  int rc;
  if (!parse_and_load(&flags, argc, argv, 2, "expected two words", nullptr, &m, &rc)) return rc;
  if (Status s = print_similarity(m.vectors, flags.positional()[0], flags.positional()[1]); !s.ok())
    return flags.fail(s);
  return 0;
}

int cmd_neighbors(int argc, char** argv) {
  Flags flags = explore_flags("embedlab neighbors", "the nearest words by cosine similarity", "WORD");
  flags.add("top-k", 10, "how many neighbours");
  flags.alias("k", "top-k");
  int k = 0, rc;
  LoadedModel m;
  if (!parse_and_load(&flags, argc, argv, 1, "expected one word", [&] { return top_k(flags, &k); },
                      &m, &rc))
    return rc;
  if (Status s = print_neighbors(m.vectors, flags.positional()[0], k); !s.ok())
    return flags.fail(s);
  return 0;
}

int cmd_analogy(int argc, char** argv) {
  Flags flags = explore_flags("embedlab analogy",
                              "A : B :: C : ?  by B - A + C (best answer first)", "A B C");
  flags.add("top-k", 5, "how many answers");
  flags.alias("k", "top-k");
  flags.add("method", "3CosAdd", "3CosAdd (word2vec) or 3CosMul (Levy and Goldberg)");
  AnalogyMethod method;
  int k = 0, rc;
  LoadedModel m;
  auto check = [&] {
    Status s = parse_analogy_method(flags.get_string("method"), &method);
    return s.ok() ? top_k(flags, &k) : s;
  };
  if (!parse_and_load(&flags, argc, argv, 3, "an analogy needs three words A B C (A : B :: C : ?)",
                      check, &m, &rc))
    return rc;
  if (Status s = print_analogy(m.vectors, flags.positional(), k, method); !s.ok())
    return flags.fail(s);
  return 0;
}

int cmd_eval_analogies(int argc, char** argv) {
  Flags flags = explore_flags(
      "embedlab eval-analogies",
      "top-1 accuracy on a questions-words.txt style file, per section and overall", "FILE");
  flags.add("method", "3CosAdd", "3CosAdd or 3CosMul");
  flags.add_switch("baselines", "also score a random table and one-hot vectors");
  AnalogyOptions opt;
  std::vector<AnalogySection> sections;
  int rc;
  LoadedModel m;
  auto check = [&] {
    Status s = parse_analogy_method(flags.get_string("method"), &opt.method);
    return s.ok() ? read_analogy_questions(&sections, flags.positional()[0]) : s;
  };
  if (!parse_and_load(&flags, argc, argv, 1, "expected one questions FILE", check, &m, &rc))
    return rc;
  if (flags.get_bool("baselines")) {
    AnalogyReport rnd, hot;
    if (Status s = evaluate_random_baseline(&rnd, m.vectors.tokens(), m.vectors.C(), 1, sections, opt); !s.ok())
      return flags.fail(s);
    if (Status s = evaluate_onehot_baseline(&hot, m.vectors.tokens(), sections, opt); !s.ok())
      return flags.fail(s);
    std::printf("random table: %d/%d correct; one-hot vectors: %d/%d correct\n",
                rnd.overall.correct, rnd.overall.total, hot.overall.correct, hot.overall.total);
  }
  AnalogyReport rep = evaluate_analogies(m.vectors, sections, opt);
  for (const std::string& line : rep.lines()) std::printf("%s\n", line.c_str());
  return 0;
}

int cmd_plot(int argc, char** argv) {
  Flags flags = explore_flags(
      "embedlab plot", "pictures of chosen words: PCA map with analogy arrows, cosine heatmap", "");
  flags.add_list("words", "the words to draw (pairs in order draw arrows: --arrows)");
  flags.add("out", "", "the PNG to write");
  flags.add("kind", "pca", "pca (2-D map), cosine (heatmap) or rows (embedding rows heatmap)");
  flags.add_switch("arrows", "draw an arrow from each word to the next: words 1->2, 3->4, ...");
  int rc;
  LoadedModel m;
  auto check = [&] {
    if (flags.get_list("words").size() < 2)
      return Status::bad_input("--words: expected at least two words");
    if (flags.get_string("out").empty()) return Status::bad_input("--out FILE.png is required");
    return Status();
  };
  if (!parse_and_load(&flags, argc, argv, 0, "expected no words", check, &m, &rc)) return rc;
  const std::vector<std::string>& words = flags.get_list("words");
  std::vector<float> rows;
  if (Status s = words_matrix(&rows, m.vectors, words); !s.ok()) return flags.fail(s);
  const int N = int(words.size()), C = m.vectors.C();
  const std::string kind = flags.get_string("kind");
  Canvas canvas(1, 1);
  if (kind == "pca") {
    Pca2 pca;
    if (Status s = pca_2d(&pca, rows.data(), N, C); !s.ok()) return flags.fail(s);
    std::vector<ScatterArrow> arrows;
    if (flags.get_bool("arrows"))
      for (int i = 0; i + 1 < N; i += 2) arrows.push_back({i, i + 1});
    ScatterOptions so;
    so.title = "PCA of " + std::to_string(N) + " words";
    so.x_label = "PC1";
    so.y_label = "PC2";
    canvas = scatter_plot(so, words, pca.xy, arrows);
  } else if (kind == "cosine") {
    canvas = cosine_heatmap("cosine similarity", words, rows.data(), N, C);
  } else if (kind == "rows") {
    canvas = matrix_heatmap("embedding rows", words, rows.data(), N, C);
  } else {
    return flags.fail(Status::bad_input("--kind " + kind + ": expected pca, cosine or rows"));
  }
  if (Status s = canvas.save_png(flags.get_string("out")); !s.ok()) return flags.fail(s);
  std::printf("wrote %s\n", flags.get_string("out").c_str());
  return 0;
}

int cmd_export(int argc, char** argv) {
  Flags flags = explore_flags("embedlab export", "write the token embeddings for other tools", "");
  flags.add("format", "w2v", "w2v (word2vec text), npy (numpy) or tsv (Embedding Projector)");
  flags.add("out", "", "the file to write (tsv: PATH.vectors.tsv and PATH.metadata.tsv)");
  int rc;
  LoadedModel m;
  auto check = [&] {
    const std::string format = flags.get_string("format");
    if (flags.get_string("out").empty()) return Status::bad_input("--out PATH is required");
    if (format != "w2v" && format != "npy" && format != "tsv")
      return Status::bad_input("--format " + format + ": expected w2v, npy or tsv");
    return Status();
  };
  if (!parse_and_load(&flags, argc, argv, 0, "expected no words", check, &m, &rc)) return rc;
  const std::string out = flags.get_string("out"), format = flags.get_string("format");
  const int V = m.vectors.V(), C = m.vectors.C();
  const std::vector<float> E(m.vectors.table(), m.vectors.table() + size_t(V) * C);
  Status s;
  if (format == "w2v") s = save_word2vec_text(out, E, m.vectors.tokens(), C);
  else if (format == "npy") s = save_npy(out, E, V, C);
  else s = save_projector_tsv(out + ".vectors.tsv", out + ".metadata.tsv", E, m.vectors.tokens(), C);
  if (!s.ok()) return flags.fail(s);
  std::printf("wrote %d vectors of %d numbers to %s%s\n", V, C, out.c_str(),
              format == "tsv" ? ".{vectors,metadata}.tsv" : "");
  return 0;
}

int cmd_explore(int argc, char** argv) {
  Flags flags = explore_flags("embedlab explore",
                              "an interactive prompt: 'king - man + woman', 'neighbors cat', "
                              "'similarity paper water', 'quit'",
                              "");
  LoadedModel m;
  int rc;
  if (!parse_and_load(&flags, argc, argv, 0, "expected no words", nullptr, &m, &rc)) return rc;
  const VocabVectors& vv = m.vectors;
  std::printf("%d tokens of %d numbers. Try: king - man + woman | neighbors cat | "
              "similarity paper water | quit\n", vv.V(), vv.C());
  std::string line;
  while (std::printf("> "), std::fflush(stdout), std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string t; in >> t;) w.push_back(t);
    if (w.empty()) continue;
    Status s;
    if (w[0] == "quit" || w[0] == "exit") break;
    if (w[0] == "neighbors" || w[0] == "neighbours") {
      s = w.size() == 2 ? print_neighbors(vv, w[1], 10)
                        : Status::bad_input("usage: neighbors WORD");
    } else if (w[0] == "similarity") {
      s = w.size() == 3 ? print_similarity(vv, w[1], w[2])
                        : Status::bad_input("usage: similarity WORD WORD");
    } else if (w.size() == 5 && w[1] == "-" && w[3] == "+") {
      // c - a + b reads "king - man + woman": a = man, b = woman, c = king.
      s = print_analogy(vv, {w[2], w[4], w[0]}, 5, AnalogyMethod::k3CosAdd);
    } else if (w.size() == 1) {
      s = print_neighbors(vv, w[0], 10);
    } else {
      s = Status::bad_input("try: king - man + woman | neighbors cat | similarity paper water | quit");
    }
    if (!s.ok()) std::printf("%s\n", s.message().c_str());
  }
  std::printf("\n");
  return 0;
}

}  // namespace embedlab
