#include "explore/analogy_eval.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"
#include "util/file.h"
#include "util/rng.h"

using namespace embedlab;

namespace {

// P word pairs with a planted direction: male_i = u_i + e, female_i = u_i - e, with u_i
// random unit vectors in the first C-1 columns and e the last axis. Every word has
// norm sqrt2, so b^ - a^ + c^ = (f_i - m_i + m_j)/sqrt2 = f_j/sqrt2 exactly: 3CosAdd
// must answer f_j with cosine 1. After the pairs come `extra` random distractor words
// and a few punctuation tokens.
struct Planted {
  std::vector<std::string> tokens;
  std::vector<float> E;
  int P, C;
};

Planted planted(int P, int extra, int C, uint64_t seed) {
  Planted p{{}, {}, P, C};
  Rng rng(seed);
  auto word = [](const char* prefix, int i) {
    std::string s = std::string(" ") + prefix;
    for (int k = 0; k < 3; k++, i /= 26) s += char('a' + i % 26);  // letters only
    return s;
  };
  auto add = [&](const std::string& tok, const std::vector<float>& v) {
    p.tokens.push_back(tok);
    p.E.insert(p.E.end(), v.begin(), v.end());
  };
  for (int i = 0; i < P; i++) {
    std::vector<float> u(size_t(C), 0.0f);
    double ss = 0;
    for (int c = 0; c < C - 1; c++) {
      u[size_t(c)] = float(rng.normal());
      ss += double(u[size_t(c)]) * u[size_t(c)];
    }
    for (int c = 0; c < C - 1; c++) u[size_t(c)] = float(u[size_t(c)] / std::sqrt(ss));
    std::vector<float> m = u, f = u;
    m[size_t(C - 1)] = 1;
    f[size_t(C - 1)] = -1;
    add(word("m", i), m);
    add(word("f", i), f);
  }
  for (int i = 0; i < extra; i++) {
    std::vector<float> v(static_cast<size_t>(C));
    for (float& x : v) x = float(rng.normal());
    add(word("x", i), v);
  }
  for (const char* t : {",", ".", "\n"}) add(t, std::vector<float>(size_t(C), 1.0f));
  return p;
}

std::string bare(const std::string& token) { return token.substr(1); }

}  // namespace

TEST(AnalogyQuestions, ParsesSectionsLowercasesAndSkipsBlankLines) {
  std::vector<AnalogySection> s;
  Status st = parse_analogy_questions(&s,
                                      ": capital-common-countries\n"
                                      "Athens Greece Baghdad Iraq\n"
                                      "\n"
                                      "  \t\n"
                                      ":family\r\n"
                                      "boy girl brother sister\r\n"
                                      "king queen man woman",
                                      "q.txt");
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "capital-common-countries");
  ASSERT_EQ(s[0].questions.size(), 1u);
  EXPECT_EQ(s[0].questions[0].a, "athens");
  EXPECT_EQ(s[0].questions[0].d, "iraq");
  EXPECT_EQ(s[0].questions[0].line, 2);
  EXPECT_EQ(s[1].name, "family");
  ASSERT_EQ(s[1].questions.size(), 2u);
  EXPECT_EQ(s[1].questions[0].d, "sister");
  EXPECT_EQ(s[1].questions[1].line, 7);
}

TEST(AnalogyQuestions, ThreeWordsNameFileAndLine) {
  std::vector<AnalogySection> s;
  Status st = parse_analogy_questions(&s, ": family\nboy girl brother sister\n\nking queen man\n",
                                      "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "q.txt:4: expected 4 words, got 3");
}

TEST(AnalogyQuestions, AQuestionBeforeAnySectionIsAnError) {
  std::vector<AnalogySection> s;
  Status st = parse_analogy_questions(&s, "\nking queen man woman\n", "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "q.txt:2: expected a section header ': name' before the first question");
}

TEST(AnalogyQuestions, ABadSectionHeaderIsAnError) {
  std::vector<AnalogySection> s;
  Status st = parse_analogy_questions(&s, ": two words\n", "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "q.txt:1: expected a section header ': name', got ': two words'");
  st = parse_analogy_questions(&s, ":\n", "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "q.txt:1: expected a section header ': name', got ':'");
}

TEST(AnalogyQuestions, AHeaderWithControlBytesStaysOnOneShortLine) {
  std::vector<AnalogySection> s;
  // A Windows line end, and a long line that begins with ':' (a binary file, say).
  Status st = parse_analogy_questions(&s, ": two words\r\n", "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "q.txt:1: expected a section header ': name', got ': two words\\x0D'");
  st = parse_analogy_questions(&s, ": a " + std::string(100, 'b') + "\n", "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "q.txt:1: expected a section header ': name', got ': a " +
                              std::string(56, 'b') + "...'");
}

TEST(AnalogyQuestions, AFileWithoutQuestionsIsAnError) {
  for (const char* text : {"", "\n\n", ": family\n", ": family\n: capitals\n\n"}) {
    std::vector<AnalogySection> s;
    Status st = parse_analogy_questions(&s, text, "q.txt");
    ASSERT_FALSE(st.ok()) << text;
    EXPECT_EQ(st.message(),
              "q.txt: no questions (expected a ': name' line, then lines of four words a b c d)");
  }
}

TEST(AnalogyQuestions, ACarriageReturnInABadHeaderStaysOnOneLine) {
  // make fuzz found: the header was quoted raw, so a '\r' in it split the message.
  std::vector<AnalogySection> s;
  Status st = parse_analogy_questions(&s, ": b: capital\r\n", "q.txt");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "q.txt:1: expected a section header ': name', got ': b: capital\\x0D'");
}

TEST(AnalogyQuestions, ReadsAFile) {
  std::string path = path_join(embedlab_test::temp_dir(), "q.txt");
  embedlab_test::write_text(path, ": s\na b c d\na b c\n");
  std::vector<AnalogySection> s;
  Status st = read_analogy_questions(&s, path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), path + ":3: expected 4 words, got 3");
  EXPECT_FALSE(read_analogy_questions(&s, path + ".missing").ok());
}

TEST(AnalogyEval, PlantedPairsScoreFullMarksAndUnknownWordsAreLeftOut) {
  Planted p = planted(6, 40, 16, 1);
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, p.E, p.tokens, p.C).ok());
  // m_i : f_i :: m_j : f_j for all i != j (30 questions), plus 2 with unknown words
  // and 1 whose answer is a distractor (wrong by construction: f_1 is the answer).
  std::vector<AnalogySection> secs(2);
  secs[0].name = "gender";
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++)
      if (i != j)
        secs[0].questions.push_back({bare(p.tokens[size_t(2 * i)]),
                                     bare(p.tokens[size_t(2 * i + 1)]),
                                     bare(p.tokens[size_t(2 * j)]),
                                     bare(p.tokens[size_t(2 * j + 1)]), 0});
  secs[1].name = "mixed";
  secs[1].questions.push_back({"nosuch", "faaa", "mbaa", "fbaa", 0});
  secs[1].questions.push_back({"maaa", "faaa", "mbaa", "n\xffs\xc3\xa9\n", 0});
  secs[1].questions.push_back({"maaa", "faaa", "mbaa", "xaaa", 0});
  for (AnalogyMethod m : {AnalogyMethod::k3CosAdd, AnalogyMethod::k3CosMul}) {
    AnalogyOptions opt;
    opt.method = m;
    AnalogyReport r = evaluate_analogies(vv, secs, opt);
    ASSERT_EQ(r.sections.size(), 2u);
    EXPECT_EQ(r.sections[1].correct, 0);
    EXPECT_EQ(r.sections[1].total, 1);
    EXPECT_EQ(r.sections[1].unknown, 2);
    EXPECT_EQ(r.overall.total, 31);
    EXPECT_EQ(r.overall.unknown, 2);
    EXPECT_EQ(r.unknown_words, (std::vector<std::string>{"nosuch", "n\xffs\xc3\xa9\n"}));
    if (m == AnalogyMethod::k3CosAdd) {  // exact by construction (see planted())
      EXPECT_EQ(r.sections[0].correct, 30);
      std::vector<std::string> lines = r.lines();
      ASSERT_EQ(lines.size(), 5u);
      EXPECT_EQ(lines[0], "method: 3CosAdd");
      EXPECT_EQ(lines[1], "  gender: 30/30 (100.0%)");
      EXPECT_EQ(lines[2], "  mixed: 0/1 (0.0%), 2 with unknown words");
      // Unknown words are quoted: invalid UTF-8 and control bytes escaped, é kept.
      EXPECT_EQ(lines[3], "unknown words: 2 questions left out ('nosuch', 'n\\xffs\xc3\xa9\\n')");
      EXPECT_EQ(lines[4], "accuracy: 30/31 (96.8%)");
    }
  }
}

TEST(AnalogyEval, BatchedSgemmAgreesWithOneQuestionAtATime) {
  // 600 questions (three sgemm blocks) on a random table. Half of them take as d the
  // top-1 of analogy_ids (the sgemv path), half a random other word; the batch must
  // count exactly the first half as correct. Near-ties between the two float paths
  // could flip an answer; with V = 200 random vectors none occur for this seed.
  Planted p = planted(0, 200, 12, 5);
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, p.E, p.tokens, p.C).ok());
  Rng rng(9);
  for (AnalogyMethod m : {AnalogyMethod::k3CosAdd, AnalogyMethod::k3CosMul}) {
    std::vector<AnalogySection> secs(1);
    secs[0].name = "random";
    int want = 0;
    SearchOptions so;
    so.k = 2;
    for (int i = 0; i < 600; i++) {
      int32_t a = int32_t(rng.below(200)), b = int32_t(rng.below(200)),
              c = int32_t(rng.below(200));
      if (a == b || b == c || a == c) continue;
      std::vector<Neighbor> top = analogy_ids(vv, a, b, c, m, so);
      int32_t d = top[0].id;
      if (i % 2 == 1) d = top[1].id;  // the runner-up: wrong
      else want++;
      secs[0].questions.push_back({bare(vv.token(a)), bare(vv.token(b)), bare(vv.token(c)),
                                   bare(vv.token(d)), i});
    }
    AnalogyOptions opt;
    opt.method = m;
    AnalogyReport r = evaluate_analogies(vv, secs, opt);
    EXPECT_EQ(r.overall.correct, want) << analogy_method_name(m);
    EXPECT_EQ(r.overall.total, int(secs[0].questions.size()));
  }
}

TEST(AnalogyEval, RandomAndOneHotBaselinesScoreAboutZero) {
  Planted p = planted(10, 200, 16, 2);
  std::vector<AnalogySection> secs(1);
  secs[0].name = "gender";
  for (int i = 0; i < 10; i++)
    for (int j = 0; j < 10; j++)
      if (i != j)
        secs[0].questions.push_back({bare(p.tokens[size_t(2 * i)]),
                                     bare(p.tokens[size_t(2 * i + 1)]),
                                     bare(p.tokens[size_t(2 * j)]),
                                     bare(p.tokens[size_t(2 * j + 1)]), 0});
  for (AnalogyMethod m : {AnalogyMethod::k3CosAdd, AnalogyMethod::k3CosMul}) {
    AnalogyOptions opt;
    opt.method = m;
    AnalogyReport r;
    ASSERT_TRUE(evaluate_random_baseline(&r, p.tokens, 16, 3, secs, opt).ok());
    EXPECT_EQ(r.overall.total, 90);
    // Chance is about 1 in 217 candidates: 90 questions expect 0.4 correct; 5 would
    // mean the random table knows something.
    EXPECT_LE(r.overall.correct, 5);
    ASSERT_TRUE(evaluate_onehot_baseline(&r, p.tokens, secs, opt).ok());
    EXPECT_EQ(r.overall.total, 90);
    EXPECT_EQ(r.overall.correct, 0);  // every candidate ties: no answer (see the header)
  }
  AnalogyReport r;
  Status s = evaluate_onehot_baseline(&r, {}, secs, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "embedding table is empty (0 tokens)");
}

TEST(AnalogyEval, GramSectionsAreReportedAsSyntactic) {
  EXPECT_TRUE(is_syntactic_section("gram1-adjective-to-adverb"));
  EXPECT_FALSE(is_syntactic_section("capital-common-countries"));
  EXPECT_FALSE(is_syntactic_section("plurals"));  // only the name decides
  Planted p = planted(4, 0, 6, 3);
  VocabVectors vv;
  ASSERT_TRUE(VocabVectors::create(&vv, p.E, p.tokens, p.C).ok());
  std::vector<AnalogySection> secs(2);
  secs[0].name = "family";  // 1 question, right by construction (see planted())
  secs[0].questions.push_back({bare(p.tokens[0]), bare(p.tokens[1]), bare(p.tokens[2]),
                               bare(p.tokens[3]), 0});
  secs[1].name = "gram9-plural-verbs";  // 2 questions: one right, one asking the wrong word
  secs[1].questions.push_back({bare(p.tokens[2]), bare(p.tokens[3]), bare(p.tokens[4]),
                               bare(p.tokens[5]), 0});
  secs[1].questions.push_back({bare(p.tokens[2]), bare(p.tokens[3]), bare(p.tokens[4]),
                               bare(p.tokens[6]), 0});
  AnalogyReport r = evaluate_analogies(vv, secs, AnalogyOptions());
  EXPECT_EQ(r.semantic.correct, 1);
  EXPECT_EQ(r.semantic.total, 1);
  EXPECT_EQ(r.syntactic.correct, 1);
  EXPECT_EQ(r.syntactic.total, 2);
  std::vector<std::string> lines = r.lines();
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[3], "semantic (sections not named gram*): 1/1 (100.0%)");
  EXPECT_EQ(lines[4], "syntactic (sections named gram*): 1/2 (50.0%)");
  EXPECT_EQ(lines[5], "accuracy: 2/3 (66.7%)");
}

TEST(AnalogyQuestions, GooglesFileHas8869SemanticAnd10675SyntacticQuestions) {
  // Mikolov et al. 2013 ("Efficient Estimation of Word Representations in Vector
  // Space"): 8,869 semantic and 10,675 syntactic questions. Debian's python3-gensim has
  // shipped the file in its test data; EMBEDLAB_QUESTIONS_WORDS may name another copy.
  const char* env = std::getenv("EMBEDLAB_QUESTIONS_WORDS");
  const std::string path = env && *env ? env
      : "/usr/lib/python3/dist-packages/gensim/test/test_data/questions-words.txt";
  if (!file_exists(path))
    GTEST_SKIP() << path << " is missing (set EMBEDLAB_QUESTIONS_WORDS to a questions-words.txt)";
  std::vector<AnalogySection> secs;
  ASSERT_TRUE(read_analogy_questions(&secs, path).ok());
  size_t semantic = 0, syntactic = 0, n_syntactic = 0;
  for (const AnalogySection& s : secs) {
    (is_syntactic_section(s.name) ? syntactic : semantic) += s.questions.size();
    n_syntactic += is_syntactic_section(s.name);
  }
  EXPECT_EQ(secs.size(), 14u);
  EXPECT_EQ(n_syntactic, 9u);
  EXPECT_EQ(semantic, 8869u);
  EXPECT_EQ(syntactic, 10675u);
}
