#include "text/toyworld.h"

#include <algorithm>
#include <cassert>
#include <initializer_list>
#include <map>
#include <set>
#include <utility>

#include "util/rng.h"

namespace embedlab {

const std::vector<WordFamily>& toyworld_families() {
  static const std::vector<WordFamily> families = {
      {"gender",
       {{"king", "queen"}, {"man", "woman"}, {"boy", "girl"}, {"prince", "princess"},
        {"father", "mother"}, {"son", "daughter"}, {"brother", "sister"},
        {"husband", "wife"}, {"uncle", "aunt"}, {"nephew", "niece"}, {"actor", "actress"},
        {"waiter", "waitress"}, {"he", "she"}, {"his", "her"}}},
      {"royal-common",
       {{"king", "man"}, {"queen", "woman"}, {"prince", "boy"}, {"princess", "girl"}}},
      {"young-animals",
       {{"cat", "kitten"}, {"dog", "puppy"}, {"cow", "calf"}, {"sheep", "lamb"},
        {"horse", "foal"}, {"duck", "duckling"}, {"pig", "piglet"}, {"hen", "chick"}}},
      {"plurals",
       {{"cat", "cats"}, {"dog", "dogs"}, {"house", "houses"}, {"king", "kings"},
        {"apple", "apples"}, {"bird", "birds"}, {"tree", "trees"}}},
      {"capitals",
       {{"france", "paris"}, {"italy", "rome"}, {"spain", "madrid"}, {"germany", "berlin"},
        {"japan", "tokyo"}, {"egypt", "cairo"}, {"greece", "athens"}, {"russia", "moscow"},
        {"china", "beijing"}, {"canada", "ottawa"}}},
      {"past-tense",
       {{"walk", "walked"}, {"jump", "jumped"}, {"run", "ran"}, {"eat", "ate"},
        {"see", "saw"}, {"sing", "sang"}, {"swim", "swam"}}},
      {"comparatives",
       {{"big", "bigger"}, {"small", "smaller"}, {"tall", "taller"}, {"fast", "faster"},
        {"old", "older"}}},
  };
  return families;
}

const std::vector<std::string>& toyworld_unrelated_nouns() {
  static const std::vector<std::string> nouns = {"paper", "water", "stone",
                                                 "music", "cloud", "bread"};
  return nouns;
}

std::string toyworld_analogies() {
  std::string out;
  for (const WordFamily& f : toyworld_families()) {
    out += ": " + f.name + "\n";
    for (const auto& ab : f.pairs)
      for (const auto& cd : f.pairs) {
        if (ab == cd) continue;
        out += ab.first + " " + ab.second + " " + cd.first + " " + cd.second + "\n";
      }
  }
  return out;
}

namespace {

using List = std::vector<const char*>;

// What comes before a word depends on its kind: "the king", "two kings", "we walk".
enum Kind {
  kPerson, kPersons, kAnimal, kAnimals, kThing, kThings, kMass, kPlace,
  kPronoun, kPossessive, kVerb, kVerbPast, kAdjective, kNumKinds
};

const List& kind_leads(Kind k) {
  static const List leads[kNumKinds] = {
      /* kPerson */ {"the", "the", "a", "that", "our", "one"},
      /* kPersons */ {"the", "two", "many", "some", "the other", "all the"},
      /* kAnimal */ {"the", "the", "a", "that", "our", "one"},
      /* kAnimals */ {"the", "two", "many", "some", "those", "our"},
      /* kThing */ {"the", "the", "a", "that", "one"},
      /* kThings */ {"the", "two", "many", "some", "those"},
      /* kMass */ {"the", "the", "that", "this", "some"},
      /* kPlace */ {"", "", "they say", "the guide said"},
      /* kPronoun */ {""},
      /* kPossessive */ {"the <who> admired", "the <who> borrowed", "the <who> mended",
                         "everyone praised", "the children found", "someone carried"},
      /* kVerb */ {"we", "they", "people", "the children", "i", "they like to",
                   "we want to", "the children love to"},
      /* kVerbPast */ {"the <who>", "we", "they", "the children", "everyone", "nobody",
                       "the travelers"},
      /* kAdjective */ {"there was a", "they built a", "the <who> owned a",
                        "the <who> wanted a", "the <who> sold the"},
  };
  return leads[k];
}

// Filler lists for the <name> slots of leads and tails. None holds a family word.
const List& slot_list(const std::string& name) {
  static const std::map<std::string, List> lists = {
      {"who", {"miller", "baker", "weaver", "cook", "farmer", "shepherd", "smith", "potter",
               "tailor", "carpenter", "gardener", "teacher", "doctor", "sailor", "merchant",
               "guard", "hunter"}},
      {"cloth", {"coat", "shirt", "cloak", "blanket", "scarf"}},
      {"metal", {"lamp", "kettle", "bell", "boots", "buckle"}},
      {"trouble", {"storm", "long winter", "bad news", "dry summer", "hard year"}},
      {"realm", {"valley", "north", "hills", "island", "kingdom"}},
      {"work", {"fields", "mill", "quarry", "bakery", "docks"}},
      {"food", {"pie", "cake", "plums", "porridge", "cheese"}},
      {"town", {"town", "the village", "the market", "the coast"}},
      {"yard", {"yard", "garden", "meadow", "lane"}},
      {"spot", {"well", "bridge", "market", "mill", "gate", "crossroads", "chapel", "square"}},
  };
  auto it = lists.find(name);
  assert(it != lists.end());
  return it->second;
}

// A feature: the phrases that may follow a word that has it. A word is followed,
// each time it appears, by a phrase of one of its features. The first word of
// every phrase is the feature's marker, shared by all the words that have it.
// (Literal lists come in as lists of const char*: nested lists of std::string
// temporaries made this file the slowest of the library to compile.)
using Literals = std::initializer_list<const char*>;
struct Feature {
  Feature(std::string n, std::vector<std::string> t, std::vector<std::string> l = {},
          std::vector<std::string> p = {})
      : name(std::move(n)), tails(std::move(t)), leads(std::move(l)), poss_tails(std::move(p)) {}
  Feature(const char* n, Literals t, Literals l = {}, Literals p = {})
      : name(n), tails(t.begin(), t.end()), leads(l.begin(), l.end()),
        poss_tails(p.begin(), p.end()) {}
  std::string name;
  std::vector<std::string> tails;
  std::vector<std::string> leads;       // when set, replaces the leads of the word's kind
  std::vector<std::string> poss_tails;  // after his and her (the gender features only)
};

// The relations: features that words share along one dimension (gender, rank, age,
// number, country or capital, tense, degree), so that a pair differs by one of them.
std::vector<Feature> relation_features() {
  // Adjectives come after "was", whichever degree.
  const Literals kDegreeLeads = {"the <who> was", "the <who> looked", "the <who> seemed",
                                 "everyone thought the <who> was"};
  return {
      // Gender: male or female, for nouns, he/she and his/her alike.
      {"male",
       {"trusted the <who>", "trusted nobody but the <who>", "trusted the <who> with the keys",
        "wrinkled the <cloth>", "wrinkled the <cloth> by accident", "wrinkled a new <cloth>"},
       {},
       {"trusted friend", "trusted <who>", "wrinkled <cloth>", "wrinkled collar"}},
      {"female",
       {"polished the <metal>", "polished the <metal> until it shone", "polished a new <metal>",
        "weathered the <trouble>", "weathered the <trouble> bravely", "weathered a <trouble>"},
       {},
       {"polished <metal>", "polished lantern", "weathered <cloth>", "weathered hat"}},
      // Rank and age of the eight people of the royal family.
      {"royal",
       {"ruled the <realm>", "ruled the <realm> wisely", "reigned in the <realm>",
        "reigned for many years", "reigned in peace"}},
      {"common",
       {"worked in the <work>", "worked hard all day", "labored at the <work>",
        "labored without rest"}},
      {"grown",
       {"paid the <who>", "paid the rent", "paid for the <food>", "drove the wagon to <town>",
        "drove the wagon home"}},
      {"young",
       {"played in the <yard>", "played with a wooden hoop", "giggled at the goose",
        "giggled all afternoon"}},
      // Age of the animals.
      {"adult",
       {"rested in the shade", "rested by the <spot>", "dozed until noon", "dozed in the sun"}},
      {"baby",
       {"tumbled in the straw", "tumbled down the slope", "wobbled on thin legs",
        "wobbled around the <yard>"}},
      // Number: the same phrases with was/is or were/are.
      {"one",
       {"was there", "was nearby", "was in the story", "is well known",
        "is mentioned in the letter", "was seen at the <spot>"}},
      {"many",
       {"were there", "were nearby", "were in the story", "are well known",
        "are mentioned in the letter", "were seen at the <spot>"}},
      // Country or capital.
      {"country",
       {"national team won the match", "national anthem rang out",
        "national museum opened early", "national flag waved in the wind"},
       {"the"}},
      {"capital",
       {"city hall stayed open late", "city gates opened at dawn", "mayor opened the fair",
        "mayor gave a long speech"},
       {"the"}},
      // Tense of the verbs.
      {"now", {"every day", "every morning", "today", "today as usual"}},
      {"past", {"yesterday", "yesterday morning", "last week", "last night"}},
      // Degree of the adjectives.
      {"base", {"enough to reach the shelf", "enough for the job", "enough for the task"},
       kDegreeLeads},
      {"more", {"than the <who>", "than anyone else", "than before"}, kDegreeLeads},
  };
}

// Identities: shared by the two words of a pair and by nobody else.
std::vector<Feature> identity_features() {
  return {
      {"parent", {"raised the children", "raised three children", "raised a large family",
                  "raised the children alone"}},
      {"child", {"inherited the farm", "inherited a cottage", "inherited the family mill"}},
      {"sibling", {"shared the attic", "shared a secret", "shared the last <food>"}},
      {"spouse", {"married in the spring", "married at the chapel", "married for love"}},
      {"uncle", {"visited on sundays", "visited with presents", "visited from the coast"}},
      {"nephew", {"stayed for the summer", "stayed at the inn", "stayed until autumn"}},
      {"actor", {"performed on the stage", "performed at the theater", "rehearsed the lines",
                 "rehearsed until midnight"}},
      {"waiter", {"served the tables", "served tea to the guests", "served the <food>"}},
      {"pronoun", {"said nothing", "said goodbye to the <who>", "nodded slowly",
                   "nodded at the <who>"}},
      {"possessive", {"own cottage", "own lantern", "favorite chair", "favorite <food>"}},
      {"cat", {"purred by the stove", "purred on the rug", "purred softly"}},
      {"dog", {"barked at the gate", "barked at strangers", "barked at the postman"}},
      {"cow", {"mooed in the meadow", "mooed near the trough"}},
      {"sheep", {"bleated on the hill", "bleated in the fold"}},
      {"horse", {"neighed in the stable", "neighed at the <who>"}},
      {"duck", {"quacked by the pond", "quacked in the reeds"}},
      {"pig", {"grunted in the mud", "grunted at the fence"}},
      {"hen", {"pecked at the grain", "pecked in the dust"}},
      {"house", {"stood on the hill", "stood near the road", "stood empty for years"}},
      {"apple", {"ripened in the sun", "ripened on the branch"}},
      {"bird", {"flew above the roofs", "flew south in autumn"}},
      {"tree", {"swayed in the wind", "swayed gently"}},
      {"paper", {"rustled on the desk", "rustled in the draft"}},
      {"water", {"flowed under the bridge", "flowed into the ditch"}},
      {"stone", {"cracked in the frost", "cracked in two"}},
      {"music", {"echoed through the hall", "echoed in the square"}},
      {"cloud", {"drifted past the moon", "drifted toward the hills"}},
      {"bread", {"steamed on the table", "steamed in the basket"}},
      {"walk", {"along the river", "along the shore"}},
      {"jump", {"over the fence", "over the puddles"}},
      {"run", {"away from the noise", "away at once"}},
      {"eat", {"soup for lunch", "soup with a spoon"}},
      {"see", {"stars at night", "stars through the window"}},
      {"sing", {"songs by the fire", "songs at the inn"}},
      {"swim", {"across the lake", "across the bay"}},
      {"big", {"barn", "barn full of hay", "barn by the road"}},
      {"small", {"cup", "cup made of clay"}},
      {"tall", {"tower", "tower by the gate"}},
      {"fast", {"cart", "cart with red wheels"}},
      {"old", {"clock", "clock that still ticked"}},
  };
}

// A country and its capital share a language: "in paris french bakers open early".
std::vector<Feature> language_features() {
  std::vector<Feature> f;
  const char* nations[][2] = {{"france", "french"}, {"italy", "italian"},
                              {"spain", "spanish"}, {"germany", "german"},
                              {"japan", "japanese"}, {"egypt", "egyptian"},
                              {"greece", "greek"}, {"russia", "russian"},
                              {"china", "chinese"}, {"canada", "canadian"}};
  for (const auto& n : nations) {
    std::string d = n[1];
    f.push_back({n[0],
                 {d + " bakers open early", d + " coins change hands", d + " food tastes good",
                  d + " newspapers sell well", d + " lessons begin at nine"},
                 {"in", "in", "all over"}});
  }
  return f;
}

std::vector<Feature> make_features() {
  std::vector<Feature> f = relation_features();
  for (const std::vector<Feature>& part : {identity_features(), language_features()})
    f.insert(f.end(), part.begin(), part.end());
  return f;
}

// A word, its kind and its recipe: the features that follow it, repeated to give
// their proportions (every relation feature gets one slot in four).
struct WordSpec {
  std::string text;
  Kind kind;
  std::vector<std::string> slots;
};

std::vector<WordSpec> make_words() {
  std::vector<WordSpec> w = {
      // The royal cube: gender x rank x age, nothing else.
      {"king", kPerson, {"male", "royal", "grown", "one"}},
      {"queen", kPerson, {"female", "royal", "grown", "one"}},
      {"man", kPerson, {"male", "common", "grown", "one"}},
      {"woman", kPerson, {"female", "common", "grown", "one"}},
      {"prince", kPerson, {"male", "royal", "young", "one"}},
      {"princess", kPerson, {"female", "royal", "young", "one"}},
      {"boy", kPerson, {"male", "common", "young", "one"}},
      {"girl", kPerson, {"female", "common", "young", "one"}},
      {"kings", kPersons, {"male", "royal", "grown", "many"}},
      {"he", kPronoun, {"male", "pronoun", "pronoun", "pronoun"}},
      {"she", kPronoun, {"female", "pronoun", "pronoun", "pronoun"}},
      {"his", kPossessive, {"male", "possessive", "possessive", "possessive"}},
      {"her", kPossessive, {"female", "possessive", "possessive", "possessive"}},
  };
  const char* people[][3] = {
      {"father", "mother", "parent"}, {"son", "daughter", "child"},
      {"brother", "sister", "sibling"}, {"husband", "wife", "spouse"},
      {"uncle", "aunt", "uncle"}, {"nephew", "niece", "nephew"},
      {"actor", "actress", "actor"}, {"waiter", "waitress", "waiter"}};
  for (const auto& p : people) {
    w.push_back({p[0], kPerson, {"male", "one", p[2], p[2]}});
    w.push_back({p[1], kPerson, {"female", "one", p[2], p[2]}});
  }
  const char* animals[][3] = {{"cat", "kitten", "cats"}, {"dog", "puppy", "dogs"},
                              {"cow", "calf", ""},       {"sheep", "lamb", ""},
                              {"horse", "foal", ""},     {"duck", "duckling", ""},
                              {"pig", "piglet", ""},     {"hen", "chick", ""}};
  for (const auto& a : animals) {
    w.push_back({a[0], kAnimal, {"adult", "one", a[0], a[0]}});
    w.push_back({a[1], kAnimal, {"baby", "one", a[0], a[0]}});
    if (*a[2]) w.push_back({a[2], kAnimals, {"adult", "many", a[0], a[0]}});
  }
  for (const char* t : {"house", "apple", "bird", "tree"}) {
    w.push_back({t, kThing, {"one", t, t, t}});
    w.push_back({std::string(t) + "s", kThings, {"many", t, t, t}});
  }
  for (const std::string& n : toyworld_unrelated_nouns()) w.push_back({n, kMass, {"one", n, n, n}});
  for (const auto& p : toyworld_families()[4].pairs) {  // capitals
    w.push_back({p.first, kPlace, {"country", "one", p.first, p.first}});
    w.push_back({p.second, kPlace, {"capital", "one", p.first, p.first}});
  }
  for (const auto& p : toyworld_families()[5].pairs) {  // past tense
    w.push_back({p.first, kVerb, {"now", p.first}});
    w.push_back({p.second, kVerbPast, {"past", p.first}});
  }
  for (const auto& p : toyworld_families()[6].pairs) {  // comparatives
    w.push_back({p.first, kAdjective, {"base", p.first}});
    w.push_back({p.second, kAdjective, {"more", p.first}});
  }
  return w;
}

// The world, with features looked up by index.
struct World {
  std::vector<Feature> features;
  std::vector<WordSpec> words;
  std::vector<std::vector<int>> slots;  // words[i].slots as feature indices
};

const World& world() {
  static const World w = [] {
    World r;
    r.features = make_features();
    r.words = make_words();
    std::map<std::string, int> index;
    for (size_t i = 0; i < r.features.size(); i++) index[r.features[i].name] = int(i);
    for (const WordSpec& ws : r.words) {
      std::vector<int> s;
      for (const std::string& name : ws.slots) {
        assert(index.count(name));
        s.push_back(index.at(name));
      }
      r.slots.push_back(s);
    }
    return r;
  }();
  return w;
}

const std::vector<std::string>& tails_for(const Feature& f, Kind k) {
  return k == kPossessive && !f.poss_tails.empty() ? f.poss_tails : f.tails;
}

const List kOpeners = {
    "one morning,", "long ago,", "in the spring,", "after the rain,", "that winter,",
    "on market day,", "at dawn,", "by evening,", "some say that", "the story goes that",
    "in those days,", "once upon a time,", "that summer,", "at noon,", "one evening,",
    "before the harvest,", "after supper,", "during the festival,", "on sunday,",
    "as a rule,", "all in all,", "for a while,", "as the bells rang,"};
const List kConnectors = {", and ", ", while ", " while ", ", but ", " because ",
                          " and later ", ", so ", " when ", " just as ", " until ",
                          " before ", " after ", ", although "};
const List kSentenceTails = {"", "", "", "", "", "", " at last", " as usual", " that day",
                             " once more", " in the end", " for a while", " without a word",
                             " as always"};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed), w_(world()) {
    slot_next_.assign(w_.words.size(), 0);
    slot_decks_ = w_.slots;
    for (auto& d : slot_decks_) rng_.shuffle(&d);
  }

  void paragraph(std::string* out) {
    int n = 3 + int(rng_.below(4));
    for (int s = 0; s < n; s++) {
      if (s > 0) *out += ' ';
      sentence(out, s == 0);
    }
    *out += '\n';
  }

 private:
  // The paragraph's first sentence always has an opener, so no line starts with
  // a family word (which would then lack its leading space, a different token).
  void sentence(std::string* out, bool first) {
    if (first || rng_.below(2) == 0) {
      *out += pick(kOpeners);
      *out += ' ';
    }
    clause(out, next_word());
    if (rng_.below(5) < 3) {
      *out += pick(kConnectors);
      clause(out, next_word());
    }
    *out += pick(kSentenceTails);
    *out += '.';
  }

  // lead + word + a phrase of the word's next feature, e.g. "the" "king" "ruled the valley".
  void clause(std::string* out, int word) {
    const WordSpec& ws = w_.words[word];
    std::vector<int>& deck = slot_decks_[word];
    if (slot_next_[word] == deck.size()) {
      rng_.shuffle(&deck);
      slot_next_[word] = 0;
    }
    const Feature& f = w_.features[deck[slot_next_[word]++]];
    std::string lead;
    if (!f.leads.empty()) {
      expand(&lead, f.leads[rng_.below(f.leads.size())]);
    } else {
      expand(&lead, pick(kind_leads(ws.kind)));
    }
    bool vowel = std::string("aeiou").find(ws.text[0]) != std::string::npos;
    if (vowel && (lead == "a" || (lead.size() > 2 && lead.compare(lead.size() - 2, 2, " a") == 0)))
      lead += 'n';
    if (!lead.empty()) *out += lead + ' ';
    *out += ws.text;
    *out += ' ';
    const std::vector<std::string>& tails = tails_for(f, ws.kind);
    expand(out, tails[rng_.below(tails.size())]);
  }

  // The next word from a shuffled deck of all words: every word equally often.
  int next_word() {
    if (word_next_ == word_deck_.size()) {
      word_deck_.resize(w_.words.size());
      for (size_t i = 0; i < word_deck_.size(); i++) word_deck_[i] = int(i);
      rng_.shuffle(&word_deck_);
      word_next_ = 0;
    }
    return word_deck_[word_next_++];
  }

  const char* pick(const List& l) { return l[rng_.below(l.size())]; }

  // Appends `tmpl` with each <name> replaced by a random entry of that list.
  void expand(std::string* out, const std::string& tmpl) {
    size_t i = 0;
    while (i < tmpl.size()) {
      size_t open = tmpl.find('<', i);
      if (open == std::string::npos) {
        out->append(tmpl, i, std::string::npos);
        return;
      }
      size_t close = tmpl.find('>', open);
      out->append(tmpl, i, open - i);
      *out += pick(slot_list(tmpl.substr(open + 1, close - open - 1)));
      i = close + 1;
    }
  }

  Rng rng_;
  const World& w_;
  std::vector<int> word_deck_;
  size_t word_next_ = 0;
  std::vector<std::vector<int>> slot_decks_;
  std::vector<size_t> slot_next_;
};

}  // namespace

Status toyworld_text(std::string* out, uint64_t seed, int64_t size_bytes) {
  if (size_bytes < kToyworldMinBytes || size_bytes > kToyworldMaxBytes)
    return Status::bad_input("--size " + std::to_string(size_bytes) + " is outside [" +
                             std::to_string(kToyworldMinBytes) + ", " +
                             std::to_string(kToyworldMaxBytes) + "] bytes");
  out->clear();
  out->reserve(size_t(size_bytes) + 1024);
  Generator g(seed);
  while (int64_t(out->size()) < size_bytes) g.paragraph(out);
  return Status();
}

std::vector<std::string> toyworld_next_words(const std::string& word) {
  const World& w = world();
  std::set<std::string> next;
  for (size_t i = 0; i < w.words.size(); i++) {
    if (w.words[i].text != word) continue;
    for (int f : w.slots[i])
      for (const std::string& t : tails_for(w.features[f], w.words[i].kind))
        next.insert(t.substr(0, t.find(' ')));
  }
  return std::vector<std::string>(next.begin(), next.end());
}

}  // namespace embedlab
