// Analogy accuracy on question files in word2vec's questions-words.txt format:
//   : capital-common-countries
//   Athens Greece Baghdad Iraq
// A ": name" line starts a section; each other line is a question "a b c d" meaning
// a : b :: c : d. Words are lowercased (ASCII); blank lines are allowed.
//
// A question is answered by top-1 over the vocabulary (3CosAdd by default, 3CosMul as
// an option; formulas in similarity.h), a, b, c left out, word-like candidates only by
// default. It is correct when d is the best candidate and no other candidate ties it
// exactly: a tie is not an answer (see the one-hot baseline below).
// A question with a word that is not a single token (" word" or "word") is counted as
// "unknown" and left out of the accuracy: the answer must be one row of the table.
//
// Google's questions-words.txt has 5 semantic sections (capitals, currencies, family,
// ...) and 9 syntactic ones whose names start with "gram" (gram1-adjective-to-adverb,
// ...). When a file has such sections the report gives the two groups apart.
//
// Speed: the questions are scored in blocks of kBlock with one sgemm each:
//   3CosAdd  S (N,V) = D (N,C) En^T (C,V),     D rows d = b^ - a^ + c^
//   3CosMul  S (3N,V) = [A;B;C] (3N,C) En^T    (cosines with every a, b and c)
// Shapes: N questions in a block, V vocabulary size, C embedding dimension.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "explore/similarity.h"
#include "explore/vocab_vectors.h"
#include "util/status.h"

namespace embedlab {

struct AnalogyQuestion {
  std::string a, b, c, d;  // lowercased
  int line = 0;            // in the file, from 1
};
struct AnalogySection {
  std::string name;
  std::vector<AnalogyQuestion> questions;
};

// Parses the text of a questions file; `path` names it in messages, e.g.
// "q.txt:7: expected 4 words, got 3". A file without any question is an error too.
Status parse_analogy_questions(std::vector<AnalogySection>* out, const std::string& text,
                               const std::string& path);
Status read_analogy_questions(std::vector<AnalogySection>* out, const std::string& path);

struct AnalogyOptions {
  AnalogyMethod method = AnalogyMethod::k3CosAdd;
  bool word_like_only = true;
};

struct SectionScore {
  std::string name;
  int correct = 0, total = 0;  // total: questions whose four words are tokens
  int unknown = 0;             // questions left out for unknown words
};
// True for a syntactic section: its name starts with "gram" (Google's convention).
bool is_syntactic_section(const std::string& name);

struct AnalogyReport {
  std::vector<SectionScore> sections;
  SectionScore overall;             // name "overall"
  SectionScore semantic, syntactic;  // the sections grouped by is_syntactic_section
  std::vector<std::string> unknown_words;  // distinct, in order of first appearance
  AnalogyMethod method = AnalogyMethod::k3CosAdd;
  // One line per section, the unknown-word count, the semantic and syntactic groups
  // when some section is syntactic, and last "accuracy: X/Y (Z%)".
  std::vector<std::string> lines() const;
};

AnalogyReport evaluate_analogies(const VocabVectors& vv,
                                 const std::vector<AnalogySection>& sections,
                                 const AnalogyOptions& opt);

// Baselines on the same questions and tokens, both expected near 0%:
// a random table (V rows, C columns, normal values from `seed`): directions carry
// no meaning, so d is the nearest of the candidates about 1 time in V;
Status evaluate_random_baseline(AnalogyReport* out, const std::vector<std::string>& tokens,
                                int C, uint64_t seed,
                                const std::vector<AnalogySection>& sections,
                                const AnalogyOptions& opt);
// one-hot vectors (E = the V x V identity): every candidate x is orthogonal to a, b
// and c, so cos(x, b^ - a^ + c^) = 0 for all of them and 3CosAdd's argmax is a tie
// among all V - 3 candidates; whichever one a tie-break picks is arbitrary, and
// nothing makes it d. (3CosMul ties the same way: every candidate scores
// (1/2)(1/2)/(1/2 + 0.001).) Counting ties as failures makes this exactly 0%.
// Costs O(N V^2) through the same sgemm (C = V): about 2.5 s per 1000 questions at
// V = 4096 on two cores, so a tutorial may pass a sample of the questions.
Status evaluate_onehot_baseline(AnalogyReport* out, const std::vector<std::string>& tokens,
                                const std::vector<AnalogySection>& sections,
                                const AnalogyOptions& opt);

}  // namespace embedlab
