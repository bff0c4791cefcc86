// The HTML pages embedlab writes (projector, encode --html), opened in a real headless
// browser (Debian's chromium-headless-shell, which make test installs): what their
// scripts put in the DOM (projector.h and token_viewer.h list the contract) must equal
// what the command line prints. Skipped, with a message, where no browser is installed.
// Each page load takes about half a second, so the tests load few pages.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_util.h"

using embedlab_test::cli;
using embedlab_test::regex_all;
using embedlab_test::run;
using embedlab_test::run_split;

namespace {

// The first headless browser found on PATH, or "".
std::string find_browser() {
  for (const char* name : {"chromium-headless-shell", "chromium", "chromium-browser"}) {
    std::string out, err;
    if (run_split(std::string("command -v ") + name, &out, &err) == 0 && !out.empty())
      return out.substr(0, out.find('\n'));
  }
  return "";
}

#define EMBEDLAB_REQUIRE_BROWSER(b)                                                         \
  const std::string b = find_browser();                                                     \
  if (b.empty())                                                                            \
  GTEST_SKIP() << "no headless browser: apt-get install chromium-headless-shell (make test " \
                  "installs it)"

// The DOM of `page` (a file) at #hash after its script ran, as the browser serializes it.
std::string dump_dom(const std::string& browser, const std::string& page, const std::string& hash) {
  char* abs = realpath(page.c_str(), nullptr);
  EXPECT_NE(abs, nullptr) << page;
  if (!abs) return "";
  const std::string url = "file://" + std::string(abs) + (hash.empty() ? "" : "#" + hash);
  std::free(abs);
  std::string out, err;
  const int rc = run_split(browser + " --headless --no-sandbox --disable-gpu --no-first-run --single-process "
                                     "--no-zygote --dump-dom '" + url + "'", &out, &err);
  EXPECT_EQ(rc, 0) << err;
  return out;
}

// The part of `dom` from `open` to the next `close`.
std::string between(const std::string& dom, const std::string& open, const std::string& close) {
  const size_t a = dom.find(open);
  if (a == std::string::npos) return "";
  const size_t b = dom.find(close, a);
  return dom.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

struct Answer {
  std::string token;
  double cosine;
};

// The <li data-token data-cosine> of an <ol> in the DOM.
std::vector<Answer> page_answers(const std::string& list) {
  std::vector<Answer> out;
  const std::vector<std::string> tokens = regex_all(list, "data-token=\"([^\"]*)\"", 1);
  const std::vector<std::string> cosines = regex_all(list, "data-cosine=\"([^\"]*)\"", 1);
  for (size_t i = 0; i < tokens.size() && i < cosines.size(); i++)
    out.push_back({tokens[i], std::stod(cosines[i])});
  return out;
}

// The answer lines of embedlab neighbors / analogy: "  ' king'    0.1234  seen 12".
std::vector<Answer> cli_answers(const std::string& printed) {
  std::vector<Answer> out;
  const std::vector<std::string> tokens = regex_all(printed, "\n  '([^'\n]*)' +-?[0-9.]+", 1);
  const std::vector<std::string> cosines = regex_all(printed, "\n  '[^'\n]*' +(-?[0-9.]+)", 1);
  for (size_t i = 0; i < tokens.size(); i++) out.push_back({tokens[i], std::stod(cosines[i])});
  return out;
}

// Same tokens in the same order, cosines within 1e-4: both print 4 decimals, the CLI of
// a float sum from BLAS and the page of a double sum, so the last digit may differ by one.
void expect_same_answers(const std::vector<Answer>& page, const std::vector<Answer>& cli_said,
                         const std::string& what) {
  ASSERT_EQ(page.size(), cli_said.size()) << what;
  ASSERT_FALSE(page.empty()) << what;
  for (size_t i = 0; i < page.size(); i++) {
    EXPECT_EQ(page[i].token, cli_said[i].token) << what << " answer " << i;
    EXPECT_NEAR(page[i].cosine, cli_said[i].cosine, 1.0001e-4) << what << " answer " << i;
  }
}

// No element of the page asks for anything: no src or href attribute, no URL, no fetch.
void expect_no_request(const std::string& page) {
  EXPECT_TRUE(regex_all(page, "<[a-zA-Z][^>]*\\s(src|href)\\s*=").empty());
  EXPECT_EQ(page.find("http:"), std::string::npos);
  EXPECT_EQ(page.find("https:"), std::string::npos);
  EXPECT_EQ(page.find("fetch("), std::string::npos);
  EXPECT_EQ(page.find("XMLHttpRequest"), std::string::npos);
}

class BrowserPages : public testing::Test {
 protected:
  // One small model and its projector page for the suite: 500 lines of the toy world,
  // a 1000-token tokenizer (king, man, woman, water are single tokens), 40 steps, and a
  // shorter t-SNE (the page's answers do not depend on it).
  static void SetUpTestSuite() {
    dir_ = new std::string(embedlab_test::temp_dir());
    const std::string corpus = *dir_ + "/corpus.txt";
    embedlab_test::write_text(corpus, embedlab_test::head_lines("corpus/toyworld.txt", 500));
    std::string out;
    int rc = run(cli() + " train --quiet --corpus " + corpus + " --out " + *dir_ +
                     "/model --vocab-size 1000 --dim 16 --context 8 --batch 8 --steps 40",
                 &out);
    ASSERT_EQ(rc, 0) << out;
    rc = run(cli() + " projector --model " + *dir_ + "/model --out " + *dir_ + "/p.html --tsne-iterations 250",
             &out);
    ASSERT_EQ(rc, 0) << out;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string dir() { return *dir_; }
  static std::string* dir_;
};
std::string* BrowserPages::dir_ = nullptr;

TEST_F(BrowserPages, ProjectorAnswersAsTheCommandLineDoes) {
  EMBEDLAB_REQUIRE_BROWSER(browser);
  const std::string model = " --model " + dir() + "/model ";
  for (const char* w : {"king", "water"}) {
    const std::string word = w;
    const std::string dom =
        dump_dom(browser, dir() + "/p.html", "q=" + word + "&analogy=man,woman," + word);
    EXPECT_NE(dom.find("data-view=\"pca\""), std::string::npos);
    std::string out;
    ASSERT_EQ(run(cli() + " neighbors" + model + word, &out), 0) << out;
    expect_same_answers(page_answers(between(dom, "<ol id=\"neighbors\"", "</ol>")),
                        cli_answers(out), "neighbors " + word);
    ASSERT_EQ(run(cli() + " analogy" + model + "man woman " + word, &out), 0) << out;
    expect_same_answers(page_answers(between(dom, "<ol id=\"analogy\"", "</ol>")),
                        cli_answers(out), "analogy man woman " + word);
  }
}

TEST_F(BrowserPages, ProjectorDrawsEveryPointInTheAskedViewAndMakesNoRequest) {
  EMBEDLAB_REQUIRE_BROWSER(browser);
  const std::string page = embedlab_test::read_text(dir() + "/p.html");
  expect_no_request(page);
  const std::string n = regex_all(page, "data-points=\"([0-9]+)\"", 1).at(0);
  const std::string dom = dump_dom(browser, dir() + "/p.html",
                                   "view=tsne&q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
  EXPECT_NE(dom.find("data-view=\"tsne\""), std::string::npos);
  EXPECT_EQ(regex_all(between(dom, "<svg id=\"map\"", "</svg>"), "<circle").size(),
            size_t(std::stoi(n)));
  // The typed word comes back in a message as text, not as an element.
  EXPECT_NE(dom.find("'&lt;img src=x onerror=alert(1)&gt;' is not among"), std::string::npos);
  EXPECT_EQ(dom.find("<img"), std::string::npos);
}

TEST_F(BrowserPages, TokenViewerSpansAreTheInputBytesAndTheIds) {
  EMBEDLAB_REQUIRE_BROWSER(browser);
  const std::string text = std::string("The king\tand caf\xc3\xa9 \xf0\x9f\xa6\x8a\n") +
                           "</script><img src=x onerror=alert(1)>\n";
  const std::string in = dir() + "/text.txt", page = dir() + "/t.html";
  embedlab_test::write_text(in, text);
  std::vector<std::string> names = {dir() + "/model/tokenizer.tok"};
  if (!embedlab_test::gpt2_dir().empty()) names.push_back("gpt2");
  std::string list, out;
  for (const std::string& name : names) list += (list.empty() ? "" : ",") + name;
  ASSERT_EQ(run(cli() + " encode --html " + page + " --tokenizer " + list + " " + in, &out), 0)
      << out;
  expect_no_request(embedlab_test::read_text(page));
  const std::string dom = dump_dom(browser, page, "");
  EXPECT_EQ(dom.find("<img"), std::string::npos);
  std::string hex;
  for (unsigned char b : text) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  for (const std::string& name : names) {
    const std::string part = between(dom, "data-name=\"" + name + "\"", "</div>\n</div>");
    std::string joined, ids;
    for (const std::string& h : regex_all(part, "data-hex=\"([0-9a-f]*)\"", 1)) joined += h;
    for (const std::string& id : regex_all(part, "data-id=\"([0-9]+)\"", 1)) ids += id + " ";
    EXPECT_EQ(joined, hex) << name;
    ASSERT_EQ(run(cli() + " encode --tokenizer " + name + " " + in + " | tr '\\n' ' '", &out), 0);
    EXPECT_EQ(ids, out) << name;
  }
}

}  // namespace
