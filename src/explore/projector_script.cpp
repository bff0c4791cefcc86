// The projector page's style and script (see projector.h for the data and the DOM
// contract). Written by hand, for reading: no library, no request. Every token reaches
// the page through textContent or setAttribute, never as markup.
namespace embedlab {

extern const char kProjectorStyle[] = R"CSS(
body { font: 14px sans-serif; margin: 12px; color: #222; }
h1 { font-size: 18px; margin: 0 0 4px; }
.sub { color: #666; font-size: 12px; margin: 2px 0 8px; }
#main { display: flex; gap: 16px; }
#map { border: 1px solid #ccc; background: #fcfcfc; }
#map circle { fill: #4a7ebb; fill-opacity: 0.45; cursor: pointer; }
#map circle.q { fill: #d62728; fill-opacity: 1; }
#map circle.nb { fill: #ff7f0e; fill-opacity: 1; }
#map circle.an { fill: #2ca02c; fill-opacity: 1; }
#map text { font-size: 10px; fill: #333; pointer-events: none; }
#map text.hot { font-size: 12px; font-weight: bold; fill: #000; }
#caption { width: 600px; color: #555; font-size: 12px; }
#right { min-width: 300px; }
ol { padding-left: 24px; margin: 4px 0 12px; }
li { font-family: monospace; white-space: pre; }
#status { color: #a33; min-height: 1em; margin: 4px 0; }
#controls { margin-bottom: 8px; }
#controls label { margin-right: 10px; }
)CSS";

extern const char kProjectorScript[] = R"JS("use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const N = D.tokens.length, C = D.dim;
const $ = (id) => document.getElementById(id);
const state = { q: "", analogy: [], view: "pca", x: [], y: [], frame: D.frames.length - 1 };

// Rows scaled to unit length exactly as embedlab does (vocab_vectors.cpp): the sum of
// squares in double, then each value times 1/sqrt rounded to float.
const vec = Float32Array.from(D.vectors);
const unit = new Float32Array(N * C);
for (let i = 0; i < N; i++) {
  let ss = 0;
  for (let c = 0; c < C; c++) ss += vec[i * C + c] * vec[i * C + c];
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let c = 0; c < C; c++) unit[i * C + c] = vec[i * C + c] * inv;
}
const index = new Map();
D.tokens.forEach((t, i) => { if (!index.has(t)) index.set(t, i); });

// A word's point: the token " word" first, then "word" (as VocabVectors::find_word).
function find(word) {
  if (!word) return -1;
  if (index.has(" " + word)) return index.get(" " + word);
  return index.has(word) ? index.get(word) : -1;
}
const wordOf = (i) => D.tokens[i].replace(/^ /, "");

// The k points most like q (C) by cosine, leaving out `skip`; ties to the lower id.
function nearest(q, skip, k) {
  let qq = 0;
  for (let c = 0; c < C; c++) qq += q[c] * q[c];
  const inv = qq > 0 ? Math.fround(1 / Math.sqrt(qq)) : 0;
  const found = [];
  for (let i = 0; i < N; i++) {
    if (skip.includes(i)) continue;
    let s = 0;
    for (let c = 0; c < C; c++) s += unit[i * C + c] * q[c];
    found.push({ i: i, s: Math.fround(s * inv) });
  }
  found.sort((a, b) => b.s - a.s || D.ids[a.i] - D.ids[b.i]);
  return found.slice(0, k);
}

// a : b :: c : ?  by 3CosAdd: the points nearest to b^ - a^ + c^, in float as embedlab.
function analogy(a, b, c) {
  const d = new Float32Array(C);
  for (let j = 0; j < C; j++)
    d[j] = Math.fround(unit[b * C + j] - unit[a * C + j]) + unit[c * C + j];
  return nearest(d, [a, b, c], D.analogy_k);
}

function fillList(ol, query, answers) {
  ol.replaceChildren();
  ol.dataset.query = query;
  for (const n of answers) {
    const li = document.createElement("li");
    li.dataset.token = D.tokens[n.i];
    li.dataset.cosine = n.s.toFixed(4);
    li.textContent = n.s.toFixed(4) + "  " + D.tokens[n.i];
    li.onclick = () => setState({ q: wordOf(n.i) });
    ol.appendChild(li);
  }
}

function missing(word) {
  return "'" + word + "' is not among the " + N + " tokens on this page";
}

// The answers for the state: neighbours of q, the analogy; returns the points to mark.
function answer() {
  const marks = { q: [], nb: [], an: [] }, problems = [];
  const qi = find(state.q);
  if (state.q && qi < 0) problems.push(missing(state.q));
  const nb = qi >= 0 ? nearest(vec.subarray(qi * C, qi * C + C), [qi], D.k) : [];
  fillList($("neighbors"), qi >= 0 ? state.q : "", nb);
  if (qi >= 0) marks.q.push(qi);
  nb.forEach((n) => marks.nb.push(n.i));
  const abc = state.analogy.map(find);
  state.analogy.forEach((w, j) => { if (abc[j] < 0) problems.push(missing(w)); });
  const ok = abc.length === 3 && abc.every((i) => i >= 0);
  const an = ok ? analogy(abc[0], abc[1], abc[2]) : [];
  fillList($("analogy"), ok ? state.analogy.join(",") : "", an);
  if (ok) abc.concat(an.slice(0, 1).map((n) => n.i)).forEach((i) => marks.an.push(i));
  $("status").textContent = problems.join("; ");
  return marks;
}

// x or y of every point along the direction from word w[0] to word w[1] (unit rows).
function along(w) {
  const a = find(w[0]), b = find(w[1]);
  if (a < 0 || b < 0) return null;
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += unit[i * C + c] * (unit[b * C + c] - unit[a * C + c]);
    out[i] = s;
  }
  return out;
}

// The N (x, y) of the current view, and the caption under the picture.
function coordinates() {
  const pct = (r) => (100 * r).toFixed(1) + "%";
  if (state.view === "tsne")
    return { xy: D.views.tsne, caption: "t-SNE (perplexity " + D.perplexity + "): who is near " +
      "whom is kept; the distances between clusters and the sizes of clusters mean little." };
  if (state.view === "custom") {
    const x = along(state.x), y = along(state.y);
    const xy = new Float64Array(2 * N);
    for (let i = 0; i < N; i++) {
      xy[2 * i] = x ? x[i] : D.views.pca[2 * i];
      xy[2 * i + 1] = y ? y[i] : D.views.pca[2 * i + 1];
    }
    const name = (w, v, pc) => v ? "from " + w[0] + " to " + w[1] : pc + " (give two words)";
    return { xy: xy, caption: "custom axes: x " + name(state.x, x, "PC1") + ", y " +
      name(state.y, y, "PC2") + " (each point's unit row dotted with the difference)." };
  }
  let caption = "PCA: x and y are the two directions of largest variance (" +
    pct(D.explained[0]) + " and " + pct(D.explained[1]) + " of it).";
  if (D.frames.length > 0) {
    const f = D.frames[state.frame];
    caption += " Step " + f.step + ", loss " + f.loss.toFixed(4) + ".";
    if (f.analogy !== null)
      caption += " cos(queen - woman, king - man) = " + f.analogy.toFixed(4) + ".";
    return { xy: f.xy, caption: caption };
  }
  return { xy: D.views.pca, caption: caption };
}

function draw(marks) {
  const svg = $("map"), view = coordinates();
  const ns = svg.namespaceURI, xy = view.xy;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < N; i++) {
    x0 = Math.min(x0, xy[2 * i]); x1 = Math.max(x1, xy[2 * i]);
    y0 = Math.min(y0, xy[2 * i + 1]); y1 = Math.max(y1, xy[2 * i + 1]);
  }
  const sx = (v) => 30 + 540 * (v - x0) / (x1 - x0 || 1);
  const sy = (v) => 570 - 540 * (v - y0) / (y1 - y0 || 1);
  const hot = new Map();
  for (const kind of ["nb", "an", "q"]) marks[kind].forEach((i) => hot.set(i, kind));
  svg.replaceChildren();
  svg.dataset.view = state.view;
  const order = [...Array(N).keys()].filter((i) => !hot.has(i)).concat([...hot.keys()]);
  for (const i of order) {
    const dot = document.createElementNS(ns, "circle");
    dot.setAttribute("cx", sx(xy[2 * i]).toFixed(1));
    dot.setAttribute("cy", sy(xy[2 * i + 1]).toFixed(1));
    dot.setAttribute("r", hot.has(i) ? 4 : 2.5);
    if (hot.has(i)) dot.setAttribute("class", hot.get(i));
    dot.dataset.i = i;
    svg.appendChild(dot);
    if (i >= 40 && !hot.has(i)) continue;  // labels: the 40 most frequent and the answers
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", (sx(xy[2 * i]) + 5).toFixed(1));
    label.setAttribute("y", (sy(xy[2 * i + 1]) + 3).toFixed(1));
    if (hot.has(i)) label.setAttribute("class", "hot");
    label.textContent = wordOf(i);
    svg.appendChild(label);
  }
  $("caption").textContent = view.caption;
}

function readHash() {
  const s = { q: "", analogy: [], view: "pca", x: [], y: [], frame: D.frames.length - 1 };
  for (const part of location.hash.replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq), value = decodeURIComponent(part.slice(eq + 1));
    if (key === "q") s.q = value;
    else if (key === "view" && ["pca", "tsne", "custom"].includes(value)) s.view = value;
    else if (key === "analogy" || key === "x" || key === "y") s[key] = value.split(",").filter((w) => w);
    else if (key === "frame") s.frame = Math.max(0, Math.min(D.frames.length - 1, parseInt(value, 10) || 0));
  }
  return s;
}

function writeHash() {
  const parts = [];
  if (state.q) parts.push("q=" + encodeURIComponent(state.q));
  if (state.analogy.length) parts.push("analogy=" + state.analogy.map(encodeURIComponent).join(","));
  parts.push("view=" + state.view);
  if (state.x.length) parts.push("x=" + state.x.map(encodeURIComponent).join(","));
  if (state.y.length) parts.push("y=" + state.y.map(encodeURIComponent).join(","));
  if (D.frames.length) parts.push("frame=" + state.frame);
  const hash = "#" + parts.join("&");
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

function render() {
  $("q").value = state.q;
  ["a", "b", "c"].forEach((id, j) => { $(id).value = state.analogy[j] || ""; });
  ["x0", "x1"].forEach((id, j) => { $(id).value = state.x[j] || ""; });
  ["y0", "y1"].forEach((id, j) => { $(id).value = state.y[j] || ""; });
  $("view").value = state.view;
  $("axes").hidden = state.view !== "custom";
  $("frame").value = state.frame;
  draw(answer());
}

function setState(change) {
  Object.assign(state, change);
  writeHash();
  render();
}

function wire() {
  const words = (ids) => ids.map((id) => $(id).value.trim()).filter((w) => w);
  $("search").onsubmit = (e) => { e.preventDefault(); setState({ q: $("q").value.trim() }); };
  $("analogy-form").onsubmit = (e) => { e.preventDefault(); setState({ analogy: words(["a", "b", "c"]) }); };
  $("view").onchange = () => setState({ view: $("view").value });
  for (const id of ["x0", "x1", "y0", "y1"])
    $(id).onchange = () => setState({ x: words(["x0", "x1"]), y: words(["y0", "y1"]) });
  $("map").onclick = (e) => {
    if (e.target.dataset && e.target.dataset.i !== undefined) setState({ q: wordOf(+e.target.dataset.i) });
  };
  if (D.frames.length > 0) {
    $("frame").hidden = false;
    $("frame").max = D.frames.length - 1;
    $("frame").oninput = () => setState({ frame: +$("frame").value });
  }
  window.onhashchange = () => { Object.assign(state, readHash()); render(); };
}

wire();
Object.assign(state, readHash());
render();
)JS";

}  // namespace embedlab
