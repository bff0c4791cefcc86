// The explore commands: similarity, neighbors, analogy, eval-analogies, eval-similarity,
// plot, export, and explore (an interactive prompt). Each takes --model DIR (from
// embedlab train) or --vectors FILE (a word2vec file from another tool).
// Answers are honest where they are shown: a word made of several tokens, a row never
// trained (all zeros) or rarely seen gets a warning next to the numbers it spoils, and
// such rows are not offered as answers unless --all-rows asks for them.
#include <cmath>
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
#include "explore/projector.h"
#include "explore/similarity.h"
#include "explore/word_similarity.h"
#include "util/file.h"
#include "util/flags.h"

namespace embedlab {

namespace {

std::string shown(const VocabVectors& vv, int32_t id) { return quote_token(vv.token(id)); }

// What a command knows beyond the table: the answers' rules and the training counts.
struct View {
  const VocabVectors* vv = nullptr;
  SearchOptions opt;                    // k, all_rows, counts (may be null), min_count
};

bool all_zero(const std::vector<float>& v) {
  for (float x : v)
    if (x != 0) return false;
  return true;
}

// The warnings and notes about one looked-up word, printed where it is used: a word
// made of several tokens, a token never trained (all-zero row), or seen rarely.
void print_word_notes(const View& view, const WordVector& wv) {
  const VocabVectors& vv = *view.vv;
  if (wv.ids.size() > 1)
    std::printf("warning: not a single token: %s\n", wv.note.c_str());
  else if (!wv.note.empty())
    std::printf("note: %s\n", wv.note.c_str());
  for (int32_t id : wv.ids) {
    const int64_t count = view.opt.counts ? (*view.opt.counts)[size_t(id)] : -1;
    if (vv.zero_row(id)) {
      std::printf("warning: %s was never trained: its row is all zeros%s\n", shown(vv, id).c_str(),
                  count >= 0 ? (" (seen " + std::to_string(count) + " times)").c_str() : "");
    } else if (count >= 0 && count < view.opt.min_count) {
      std::printf("warning: %s was seen only %lld times in training (fewer than --min-count "
                  "%lld): its vector has had few updates\n",
                  shown(vv, id).c_str(), (long long)count, (long long)view.opt.min_count);
    } else if (count >= 0) {
      std::printf("note: %s was seen %lld times in training\n", shown(vv, id).c_str(),
                  (long long)count);
    }
  }
}

Status look_up(const View& view, const std::string& word, WordVector* wv) {
  EMBEDLAB_RETURN_IF_ERROR(word_vector(wv, *view.vv, word));
  print_word_notes(view, *wv);
  return Status();
}

// One answer line: the token, its score and, when known, how often training saw it.
void print_answers(const View& view, const std::vector<Neighbor>& answers) {
  for (const Neighbor& n : answers) {
    std::printf("  %-16s %.4f", shown(*view.vv, n.id).c_str(), n.score);
    if (view.opt.counts) std::printf("  seen %lld", (long long)(*view.opt.counts)[size_t(n.id)]);
    std::printf("\n");
  }
}

// Says how many candidates the all-zero and rare-row rules left out, if any.
void print_left_out(const View& view) {
  if (view.opt.all_rows) return;
  const VocabVectors& vv = *view.vv;
  int64_t zero = 0, rare = 0;
  for (int32_t x = 0; x < vv.V(); x++) {
    if (view.opt.word_like_only && !vv.word_like(x)) continue;
    if (vv.zero_row(x)) zero++;
    else if (!is_candidate(vv, x, view.opt)) rare++;
  }
  if (zero == 0 && rare == 0) return;
  std::printf("(left out: %lld never-trained rows", (long long)zero);
  if (view.opt.counts)
    std::printf(", %lld tokens seen fewer than %lld times", (long long)rare,
                (long long)view.opt.min_count);
  std::printf("; --all-rows shows them)\n");
}

Status print_similarity(const View& view, const std::string& a, const std::string& b) {
  WordVector va, vb;
  EMBEDLAB_RETURN_IF_ERROR(word_vector(&va, *view.vv, a));
  EMBEDLAB_RETURN_IF_ERROR(word_vector(&vb, *view.vv, b));
  print_word_notes(view, va);
  print_word_notes(view, vb);
  const int C = view.vv->C();
  std::printf("cosine(%s, %s) = %.4f   euclidean distance = %.4f\n", a.c_str(), b.c_str(),
              cosine(va.v.data(), vb.v.data(), C), euclidean(va.v.data(), vb.v.data(), C));
  if (all_zero(va.v) || all_zero(vb.v))
    std::printf("warning: an all-zero vector has cosine 0 with everything: this 0 means "
                "\"never trained\", not \"unrelated\"\n");
  return Status();
}

Status print_neighbors(const View& view, const std::string& word) {
  WordVector wv;
  EMBEDLAB_RETURN_IF_ERROR(look_up(view, word, &wv));
  if (all_zero(wv.v))
    return Status::bad_input(quote_token(word) + " has an all-zero vector (never trained): its "
                             "cosine with every word is 0, so no word is nearer than another");
  std::printf("nearest to %s (cosine%s):\n", word.c_str(),
              view.opt.counts ? ", times seen in training" : "");
  print_answers(view, nearest_to_vector(*view.vv, wv.v.data(), wv.ids, view.opt));
  print_left_out(view);
  return Status();
}

Status print_analogy(const View& view, const std::vector<std::string>& words,
                     AnalogyMethod method) {
  if (words.size() != 3)
    return Status::bad_input("an analogy needs three words A B C (A : B :: C : ?), got " +
                             std::to_string(words.size()));
  std::vector<Neighbor> out;
  EMBEDLAB_RETURN_IF_ERROR(analogy(&out, nullptr, *view.vv, words, method, view.opt));
  int pieces = 0;
  for (const std::string& w : words) {
    WordVector wv;
    EMBEDLAB_RETURN_IF_ERROR(look_up(view, w, &wv));
    pieces += wv.ids.size() > 1;
  }
  if (pieces > 0)
    std::printf("warning: %d of the 3 words %s several tokens: the arithmetic below runs on "
                "means of pieces, so its answers are not about those words\n",
                pieces, pieces == 1 ? "is" : "are");
  std::printf("%s : %s :: %s : ?   (%s, best first)\n", words[0].c_str(), words[1].c_str(),
              words[2].c_str(), analogy_method_name(method));
  print_answers(view, out);
  print_left_out(view);
  return Status();
}

// -k / --top-k: how many answers, 1 or more (a value beyond the vocabulary gives all).
Status top_k(const Flags& flags, int* k) { return flags.get_int_in("top-k", 1, INT32_MAX, k); }

// An explore command's flags: --model and --vectors first, then the command's own.
Flags explore_flags(const char* program, const char* summary, const char* words_usage) {
  Flags flags(program, summary);
  if (*words_usage) flags.positional_usage(words_usage);
  flags.add("model", "", "the model folder written by embedlab train");
  flags.add("vectors", "", "instead of --model: a word2vec text or binary file (gensim, fastText)");
  return flags;
}

// The flags of the commands that answer with words: which rows may be answers.
constexpr int kDefaultMinCount = 5;
void add_row_flags(Flags* flags) {
  flags->add("min-count", kDefaultMinCount,
             "leave out answers seen fewer times in training (when the model counted them)");
  flags->add_switch("all-rows", "also answer with never-trained (all-zero) and rarely seen rows");
}
Status row_options(const Flags& flags, SearchOptions* opt) {
  int min_count = 0;
  EMBEDLAB_RETURN_IF_ERROR(flags.get_int_in("min-count", 0, INT32_MAX, &min_count));
  opt->min_count = min_count;
  opt->all_rows = flags.get_bool("all-rows");
  return Status();
}
// The view of a loaded model with the options parsed from the flags.
View view_of(const LoadedModel& m, SearchOptions opt) {
  View view;
  view.vv = &m.vectors;
  view.opt = opt;
  view.opt.counts = m.counts.empty() ? nullptr : &m.counts;
  return view;
}

Status load(const Flags& flags, LoadedModel* m) {
  const std::string& dir = flags.get_string("model");
  const std::string& file = flags.get_string("vectors");
  if (!dir.empty() && !file.empty())
    return Status::bad_input("give --model DIR or --vectors FILE, not both");
  if (!file.empty()) return load_word2vec_vectors(file, m);
  if (dir.empty()) return Status::bad_input("--model DIR or --vectors FILE is required");
  return load_model_vectors(dir, m);
}

constexpr size_t kAnyWords = SIZE_MAX;  // parse_and_load: the command checks the count

// What every explore command does before its own work: parse the flags, check the
// number of words after them (`words`, or kAnyWords; `expected` says which, e.g.
// "expected two words"), run the command's own checks, then load the vectors, so that
// a typo never waits for the model. True to go on; false with *exit_code set (0 after
// --help, 1 after an error, which it has printed).
bool parse_and_load(Flags* flags, int argc, char** argv, size_t words, const std::string& expected,
                    const std::function<Status()>& check, LoadedModel* m, int* exit_code) {
  *exit_code = 0;
  Status s = flags->parse(argc, argv);
  if (s.ok() && flags->help()) return false;
  if (s.ok() && words != kAnyWords && flags->positional().size() != words)
    s = Status::bad_input(expected + ", got " + std::to_string(flags->positional().size()));
  if (s.ok() && check) s = check();
  if (s.ok()) s = load(*flags, m);
  if (s.ok()) return true;
  *exit_code = flags->fail(s);
  return false;
}

// What a command that answers with words reads before its own work: the search options
// and the vectors.
struct WordQuery {
  SearchOptions opt;
  LoadedModel m;
  View view() const { return view_of(m, opt); }
};

// parse_and_load for the commands that answer with words (their flags include
// add_row_flags'): after the command's own check (none when null), --min-count and
// --all-rows into q->opt.
bool parse_rows_and_load(Flags* flags, int argc, char** argv, size_t words,
                         const std::string& expected, const std::function<Status()>& check,
                         WordQuery* q, int* exit_code) {
  auto check_rows = [&] {
    Status s = check ? check() : Status();
    return s.ok() ? row_options(*flags, &q->opt) : s;
  };
  return parse_and_load(flags, argc, argv, words, expected, check_rows, &q->m, exit_code);
}

}  // namespace

int cmd_similarity(int argc, char** argv) {
  Flags flags = explore_flags("embedlab similarity",
                              "cosine similarity and Euclidean distance of two words", "WORD WORD");
  add_row_flags(&flags);
  WordQuery q;
  int rc;
  if (!parse_rows_and_load(&flags, argc, argv, 2, "expected two words", nullptr, &q, &rc))
    return rc;
  const std::vector<std::string>& w = flags.positional();
  if (Status s = print_similarity(q.view(), w[0], w[1]); !s.ok()) return flags.fail(s);
  return 0;
}

int cmd_neighbors(int argc, char** argv) {
  Flags flags = explore_flags("embedlab neighbors", "the nearest words by cosine similarity", "WORD");
  flags.add("top-k", 10, "how many neighbours");
  flags.alias("k", "top-k");
  add_row_flags(&flags);
  WordQuery q;
  int rc;
  auto check = [&] { return top_k(flags, &q.opt.k); };
  if (!parse_rows_and_load(&flags, argc, argv, 1, "expected one word", check, &q, &rc)) return rc;
  if (Status s = print_neighbors(q.view(), flags.positional()[0]); !s.ok())
    return flags.fail(s);
  return 0;
}

int cmd_analogy(int argc, char** argv) {
  Flags flags = explore_flags("embedlab analogy",
                              "A : B :: C : ?  by B - A + C (best answer first)", "A B C");
  flags.add("top-k", 5, "how many answers");
  flags.alias("k", "top-k");
  flags.add("method", "3CosAdd", "3CosAdd (word2vec) or 3CosMul (Levy and Goldberg)");
  add_row_flags(&flags);
  AnalogyMethod method;
  WordQuery q;
  int rc;
  auto check = [&] {
    Status s = parse_analogy_method(flags.get_string("method"), &method);
    return s.ok() ? top_k(flags, &q.opt.k) : s;
  };
  if (!parse_rows_and_load(&flags, argc, argv, 3,
                           "an analogy needs three words A B C (A : B :: C : ?)", check, &q, &rc))
    return rc;
  if (Status s = print_analogy(q.view(), flags.positional(), method); !s.ok())
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

namespace {

// One set's report: coverage, the model's rho and the random table's.
void print_similarity_report(const std::string& path, const SimilarityReport& r,
                             const SimilarityReport& rnd, uint64_t seed) {
  std::printf("%s: %d pairs, %d covered (%.1f%%)\n", path.c_str(), r.total, r.covered,
              r.total ? 100.0 * r.covered / r.total : 0.0);
  if (r.covered < 2) {
    std::printf("  Spearman rho n/a: it needs 2 or more covered pairs\n");
  } else {
    // Without any relation, rho over n pairs spreads with standard deviation 1/sqrt(n - 1).
    std::printf("  Spearman rho %s over the %d covered pairs (chance alone: +-%.2f); random "
                "table (seed %llu): rho %s\n",
                format_rho(r.rho).c_str(), r.covered, 1.0 / std::sqrt(r.covered - 1.0),
                (unsigned long long)seed, format_rho(rnd.rho).c_str());
  }
  if (r.zero_rows > 0)
    std::printf("  warning: %d covered pairs use a never-trained (all-zero) row: cosine 0\n",
                r.zero_rows);
  if (!r.unknown_words.empty()) {
    std::string l;
    for (size_t i = 0; i < r.unknown_words.size() && i < 10; i++)
      l += (i ? ", " : "") + quote_token(r.unknown_words[i]);
    std::printf("  not single tokens: %zu words (%s%s)\n", r.unknown_words.size(), l.c_str(),
                r.unknown_words.size() > 10 ? ", ..." : "");
  }
}

}  // namespace

int cmd_eval_similarity(int argc, char** argv) {
  Flags flags = explore_flags(
      "embedlab eval-similarity",
      "Spearman's rho between cosines and human scores (WordSim-353, SimLex-999, MEN)", "FILE...");
  flags.add("seed", 1, "the random table baseline's seed");
  std::vector<std::vector<SimilarityPair>> sets;
  int rc;
  LoadedModel m;
  auto check = [&] {
    if (flags.positional().empty())
      return Status::bad_input("expected one or more FILEs of 'word1 word2 score' lines");
    if (flags.get_int("seed") < 0) return Status::bad_input("--seed: expected 0 or more");
    for (const std::string& path : flags.positional()) {
      sets.emplace_back();
      EMBEDLAB_RETURN_IF_ERROR(read_similarity_pairs(&sets.back(), path));
    }
    return Status();
  };
  if (!parse_and_load(&flags, argc, argv, kAnyWords, "", check, &m, &rc)) return rc;
  const uint64_t seed = uint64_t(flags.get_int("seed"));
  for (size_t i = 0; i < sets.size(); i++) {
    SimilarityReport rnd;
    if (Status s = random_similarity_baseline(&rnd, m.vectors.tokens(), m.vectors.C(), seed, sets[i]);
        !s.ok())
      return flags.fail(s);
    print_similarity_report(flags.positional()[i], evaluate_similarity(m.vectors, sets[i]), rnd,
                            seed);
  }
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
  const std::vector<float> E(m.vectors.table(), m.vectors.table() + size_t(V) * size_t(C));
  Status s;
  if (format == "w2v") s = save_word2vec_text(out, E, m.vectors.tokens(), C);
  else if (format == "npy") s = save_npy(out, E, V, C);
  else s = save_projector_tsv(out + ".vectors.tsv", out + ".metadata.tsv", E, m.vectors.tokens(), C);
  if (!s.ok()) return flags.fail(s);
  std::printf("wrote %d vectors of %d numbers to %s%s\n", V, C, out.c_str(),
              format == "tsv" ? ".{vectors,metadata}.tsv" : "");
  return 0;
}

int cmd_projector(int argc, char** argv) {
  Flags flags = explore_flags(
      "embedlab projector",
      "an HTML page to explore the vectors offline: PCA and t-SNE maps, neighbours, analogies", "");
  flags.add("out", "", "the .html file to write");
  flags.add("top", kProjectorDefaultTop, "how many tokens, the most frequent first");
  flags.add("perplexity", 30.0, "t-SNE's perplexity: about how many neighbours each point keeps");
  flags.add("tsne-iterations", 1000, "t-SNE's gradient steps");
  flags.add("seed", 1, "t-SNE's seed (the same seed writes the same bytes)");
  add_row_flags(&flags);
  SearchOptions opt;
  TsneOptions tsne;
  int top = 0, rc;
  LoadedModel m;
  auto check = [&] {
    if (flags.get_string("out").empty()) return Status::bad_input("--out FILE.html is required");
    EMBEDLAB_RETURN_IF_ERROR(flags.get_int_in("top", 4, INT32_MAX, &top));
    tsne.perplexity = flags.get_double("perplexity");
    if (!(tsne.perplexity >= 1)) return Status::bad_input("--perplexity: expected 1 or more");
    if (flags.get_int("seed") < 0) return Status::bad_input("--seed: expected 0 or more");
    tsne.seed = uint64_t(flags.get_int("seed"));
    EMBEDLAB_RETURN_IF_ERROR(flags.get_int_in("tsne-iterations", 1, 100000, &tsne.iterations));
    return row_options(flags, &opt);
  };
  if (!parse_and_load(&flags, argc, argv, 0, "expected no words", check, &m, &rc)) return rc;
  const std::string title = "embedlab projector: " + (flags.get_string("model").empty()
                                                          ? flags.get_string("vectors")
                                                          : flags.get_string("model"));
  std::string summary;
  if (Status s = write_projector_page(flags.get_string("out"), m, top, opt, tsne, title, &summary);
      !s.ok())
    return flags.fail(s);
  std::printf("%s\n", summary.c_str());
  return 0;
}

namespace {

const char kPromptHelp[] =
    "commands:\n"
    "  king - man + woman         analogy: the words nearest to king - man + woman\n"
    "  neighbors WORD (or WORD)   the 10 nearest words by cosine\n"
    "  similarity WORD WORD       cosine and Euclidean distance\n"
    "  help, :help, ?             this list\n"
    "  quit, exit                 leave (or end the input)\n";

// One line typed at the prompt; false when it asks to leave.
bool answer_line(const View& view, const std::vector<std::string>& w) {
  Status s;
  View ten = view;
  ten.opt.k = 10;
  if (w[0] == "quit" || w[0] == "exit") return false;
  if (w.size() == 1 && (w[0] == "help" || w[0] == ":help" || w[0] == "?")) {
    std::printf("%s", kPromptHelp);
  } else if (w[0] == "neighbors" || w[0] == "neighbours") {
    s = w.size() == 2 ? print_neighbors(ten, w[1]) : Status::bad_input("usage: neighbors WORD");
  } else if (w[0] == "similarity") {
    s = w.size() == 3 ? print_similarity(view, w[1], w[2])
                      : Status::bad_input("usage: similarity WORD WORD");
  } else if (w.size() == 5 && w[1] == "-" && w[3] == "+") {
    // c - a + b reads "king - man + woman": a = man, b = woman, c = king.
    View five = view;
    five.opt.k = 5;
    s = print_analogy(five, {w[2], w[4], w[0]}, AnalogyMethod::k3CosAdd);
  } else if (w.size() == 1) {
    s = print_neighbors(ten, w[0]);
  } else {
    s = Status::bad_input("try: king - man + woman | neighbors cat | similarity paper water | "
                          "help | quit");
  }
  if (!s.ok()) std::printf("%s\n", s.message().c_str());
  return true;
}

}  // namespace

int cmd_explore(int argc, char** argv) {
  Flags flags = explore_flags("embedlab explore",
                              "an interactive prompt: 'king - man + woman', 'neighbors cat', "
                              "'similarity paper water', 'help', 'quit'",
                              "");
  add_row_flags(&flags);
  WordQuery q;
  int rc;
  if (!parse_rows_and_load(&flags, argc, argv, 0, "expected no words", nullptr, &q, &rc))
    return rc;
  const View view = q.view();
  std::printf("%d tokens of %d numbers. Try: king - man + woman | neighbors cat | "
              "similarity paper water | help | quit\n", q.m.vectors.V(), q.m.vectors.C());
  std::string line;
  while (std::printf("> "), std::fflush(stdout), std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string t; in >> t;) w.push_back(t);
    if (!w.empty() && !answer_line(view, w)) break;
  }
  std::printf("\n");
  return 0;
}

}  // namespace embedlab
