// Search page: Pagefind's JS API over the index built next to the site (no other host).
// The query and the type filter live in the URL (?q=…&type=claim) so a search can be linked.
//
// The index holds small documents written from the content, not the pages (evidence_site/search.py): one per
// article and per actor, at its page's URL, and groups of claims, each claim a heading whose id is the
// claim's own URL (site-relative). A group is never shown as such: each heading the query matched becomes one
// claim result, linked to the claim's page.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const typeSelect = document.getElementById("s-type");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const TYPE_LABELS = { claim: "Claim", actor: "Actor", article: "Article" };
const SITE_ROOT = new URL("../", import.meta.url); // this script is assets/search.js
const PAGE = 30; // results shown at a time
const BATCH = 8; // at most this many documents are fetched at a time (each costs the whole document)

// Until the index is loaded, Enter submits the form normally (the reloaded page runs the query).
let ready = false;
form.addEventListener("submit", (event) => {
  if (!ready) return;
  event.preventDefault();
  writeQuery();
  run();
});

let pagefind = null;
try {
  pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
  // No web worker: it would fetch a second script of Pagefind's (40 KB); one query's work is small enough
  // for the page's own thread.
  await pagefind.options({ noWorker: true });
  await pagefind.init();
} catch (error) {
  pagefind = null;
  statusLine.textContent = "The search index is not available on this copy of the site.";
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function readQuery() {
  const params = new URLSearchParams(window.location.search);
  // Links made before the actor filter was retired (?actor=Name) search for the name instead.
  input.value = params.get("q") || params.get("actor") || "";
  typeSelect.value = ["claim", "actor", "article"].includes(params.get("type")) ? params.get("type") : "";
}

function writeQuery() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (typeSelect.value) params.set("type", typeSelect.value);
  const query = params.toString();
  history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
}

// A claim's status badge, copied from the page's own badges by the label its group document carries.
const badges = document.getElementById("status-badges");
function statusBadge(label) {
  const holder = label && badges && badges.content.querySelector(`[data-label="${CSS.escape(label)}"]`);
  return holder ? holder.firstElementChild.cloneNode(true) : null;
}

// How strongly a claim matched: the sum of its words' scores, so the best claims of a group come first.
function score(sub) {
  return (sub.weighted_locations || []).reduce((sum, w) => sum + (w.balanced_score || 0), 0);
}

// The results one Pagefind document gives: itself (an article, an actor), or each claim of a group that the
// query's words matched (every claim of the group when there are no words, only the type filter).
function resultsOf(data, words) {
  const type = (data.filters.type || [])[0];
  if (type !== "claim") {
    return [{ type, url: data.url, title: (data.meta && data.meta.title) || data.url, excerpt: data.excerpt }];
  }
  const status = (data.filters.status || [])[0];
  const claim = (anchor, excerpt) => ({ type, status, url: new URL(anchor.id, SITE_ROOT).pathname,
                                        title: anchor.text, excerpt });
  if (!words) return data.anchors.filter((a) => /^h2$/i.test(a.element) && a.id).map((a) => claim(a, ""));
  return data.sub_results.filter((s) => s.anchor && s.anchor.id)
    .map((s, i) => [score(s), i, s]).sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .map(([, , s]) => claim(s.anchor, s.excerpt));
}

function renderResult(result) {
  const item = el("li");
  const head = el("p", { class: "result-meta" });
  if (result.type) head.append(el("span", { class: "result-type" }, TYPE_LABELS[result.type] || result.type));
  const badge = statusBadge(result.status);
  if (badge) head.append(" ", badge);
  const title = el("p", { class: "result-title" });
  title.append(el("a", { href: result.url }, result.title));
  item.append(head, title);
  if (result.excerpt) {
    const excerpt = el("p", { class: "excerpt" });
    excerpt.innerHTML = result.excerpt; // Pagefind escapes the indexed text and adds only <mark>.
    item.append(excerpt);
  }
  return item;
}

// One search's state: whether it has words, Pagefind's documents not fetched yet, results not shown yet.
let latest = 0;
let withWords = false;
let documents = [];
let waiting = [];

// Fetch documents, a few at a time, until a page of results is ready or none are left. Each document gives
// at least one result, so no more are fetched than the page still needs.
async function nextPage(ticket) {
  while (waiting.length < PAGE && documents.length) {
    const batch = documents.splice(0, Math.min(BATCH, PAGE - waiting.length));
    const loaded = await Promise.all(batch.map((r) => r.data()));
    if (ticket !== latest) return null;
    waiting.push(...loaded.flatMap((data) => resultsOf(data, withWords)));
  }
  return waiting.splice(0, PAGE);
}

function showCount() {
  const n = list.children.length;
  const more = documents.length > 0 || waiting.length > 0;
  statusLine.textContent = n === 0 ? "No results." :
    `${n} result${n === 1 ? "" : "s"}${more ? " shown; there are more" : ""}.`;
  moreButton.hidden = !more;
}

// The previous results stay until the new ones replace them, in space reserved by the stylesheet,
// so nothing on the page moves while a search runs (layout shift).
async function run() {
  const term = input.value.trim();
  const ticket = ++latest;
  if (!pagefind) return;
  const filters = typeSelect.value ? { type: typeSelect.value } : {};
  if (!term && !typeSelect.value) {
    statusLine.textContent = "";
    list.replaceChildren();
    moreButton.hidden = true;
    return;
  }
  statusLine.textContent = "Searching…";
  list.setAttribute("aria-busy", "true");
  const search = await pagefind.search(term || null, { filters });
  if (ticket !== latest) return;
  [withWords, documents, waiting] = [Boolean(term), search.results.slice(), []];
  const page = await nextPage(ticket);
  if (page === null) return;
  list.replaceChildren(...page.map(renderResult));
  list.removeAttribute("aria-busy");
  showCount();
}

async function showMore() {
  const ticket = latest;
  moreButton.disabled = true;
  const page = await nextPage(ticket);
  moreButton.disabled = false;
  if (page === null) return;
  list.append(...page.map(renderResult));
  showCount();
}

if (pagefind) {
  readQuery();
  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { writeQuery(); run(); }, 250); });
  typeSelect.addEventListener("change", () => { writeQuery(); run(); });
  moreButton.addEventListener("click", showMore);
  ready = true;
  document.getElementById("search-filters").hidden = false; // shown once search is ready
  run();
}
