// Search page: Pagefind's JS API over the index built next to the site (no other host).
// The query and filters live in the URL (?q=…&type=claim&actor=…) so a search can be linked.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const typeSelect = document.getElementById("s-type");
const actorSelect = document.getElementById("s-actor");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const TYPE_LABELS = { claim: "Claim", actor: "Actor", article: "Article" };

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
  await pagefind.init();
} catch (error) {
  statusLine.textContent = "The search index is not available on this copy of the site.";
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

async function fillActorFilter(selected) {
  const filters = await pagefind.filters();
  const names = Object.keys(filters.actor || {}).sort((a, b) => a.localeCompare(b));
  for (const name of names) actorSelect.append(el("option", { value: name }, name));
  actorSelect.value = names.includes(selected) ? selected : "";
}

function readQuery() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  typeSelect.value = ["claim", "actor", "article"].includes(params.get("type")) ? params.get("type") : "";
  return params.get("actor") || "";
}

function writeQuery() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (typeSelect.value) params.set("type", typeSelect.value);
  if (actorSelect.value) params.set("actor", actorSelect.value);
  const query = params.toString();
  history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
}

// A claim's status badge, copied from the page's own badges by the label its status filter holds.
const badges = document.getElementById("status-badges");
function statusBadge(label) {
  const holder = label && badges && badges.content.querySelector(`[data-label="${CSS.escape(label)}"]`);
  return holder ? holder.firstElementChild.cloneNode(true) : null;
}

function renderResult(data) {
  const item = el("li");
  const type = (data.filters.type || [])[0];
  const head = el("p", { class: "result-meta" });
  if (type) head.append(el("span", { class: "result-type" }, TYPE_LABELS[type] || type));
  const badge = statusBadge((data.filters.status || [])[0]);
  if (badge) head.append(" ", badge);
  const title = el("p", { class: "result-title" });
  title.append(el("a", { href: data.url }, (data.meta && data.meta.title) || data.url));
  const excerpt = el("p", { class: "excerpt" });
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>.
  item.append(head, title, excerpt);
  return item;
}

// The previous results stay until the new ones replace them, in space reserved by the stylesheet,
// so nothing on the page moves while a search runs (layout shift).
let latest = 0;
async function run() {
  const term = input.value.trim();
  const ticket = ++latest;
  if (!pagefind) return;
  const filters = {};
  if (typeSelect.value) filters.type = typeSelect.value;
  if (actorSelect.value) filters.actor = actorSelect.value;
  if (!term && !Object.keys(filters).length) { statusLine.textContent = ""; list.replaceChildren(); return; }
  statusLine.textContent = "Searching…";
  list.setAttribute("aria-busy", "true");
  const search = await pagefind.search(term || null, { filters });
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  if (ticket !== latest) return;
  const n = search.results.length;
  statusLine.textContent = n === 0 ? "No results." : `${n} result${n === 1 ? "" : "s"}${n > 30 ? ", showing the first 30" : ""}.`;
  list.replaceChildren(...results.map(renderResult));
  list.removeAttribute("aria-busy");
}

if (pagefind) {
  const actor = readQuery();
  await fillActorFilter(actor);
  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { writeQuery(); run(); }, 250); });
  typeSelect.addEventListener("change", () => { writeQuery(); run(); });
  actorSelect.addEventListener("change", () => { writeQuery(); run(); });
  ready = true;
  document.getElementById("search-filters").hidden = false; // shown once search is ready
  run();
}
