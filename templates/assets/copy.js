// Claim pages: the permanent link's box and "Copy" buttons for it, each evidence item's link and the citations;
// each item's citation and the claim's BibTeX entry, written from what the page shows (who, the words, the
// article, its outlet and date, the paragraph), so the page does not carry them twice. Without JavaScript the page
// keeps the claim's citation with its permanent link, each item's number linking to itself, and every item's
// parts, all selectable. A relative permalink (a build without --base-url) is made absolute from the page URL.
(function () {
  "use strict";
  var share = document.querySelector(".share");
  var cite = document.getElementById("cite-text");
  if (!share || !cite) return;
  var url = new URL(text(cite, ".cite-url"), window.location.href).href;
  Array.prototype.forEach.call(document.querySelectorAll(".cite-url"), function (el) { el.textContent = url; });
  var statement = text(document, "main h1");
  var site = text(document, ".brand");
  var status = text(document, ".status-line .status").toLowerCase();

  function text(scope, selector) {
    var node = scope.querySelector(selector);
    return node ? node.textContent : "";
  }

  // A title inside a citation's quote marks: its own double quotes made single, so the nesting stays readable.
  function quoted(words) {
    return "“" + words.replace(/“/g, "‘").replace(/”/g, "’").replace(/"/g, "'") + "”";
  }

  function bibtex(words) {
    return words.replace(/[\\{}%&$#_]/g, function (ch) { return "\\" + ch; });
  }

  // One item's citation, from what is known only: no outlet, date or paragraph is made up when the card has none.
  // The article, its outlet and date are said once above the items quoted from it.
  function citation(item) {
    var source = item.closest(".ev-group").querySelector(".ev-source");
    var form = text(item, ".ev-head .form");
    var who = text(item, ".ev-meta dd a") + (form ? " (" + form.toLowerCase() + ")" : "");
    var where = ["in " + quoted(text(source, "a"))];
    if (source.querySelector("span:not(.inferred)")) where.push(text(source, "span:not(.inferred)"));
    var date = source.querySelector("time");
    if (date) where.push(date.textContent + (source.querySelector(".inferred") ? " (date inferred)" : ""));
    var paragraph = /\(¶(\d+)\)/.exec(text(item, ".ev-read"));
    if (paragraph) where.push("¶" + paragraph[1]);
    return who + ": “" + text(item, "blockquote") + "”, " + where.join(", ") + ". Evidence " + item.id.slice(1) +
      " for the claim " + quoted(statement) + ", " + site + ". " + url + "#" + item.id;
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = content;
    return node;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".evidence"), function (item) {
    var details = element("details", "ev-cite", "");
    details.append(element("summary", "", "Cite evidence " + item.id.slice(1)), element("pre", "cite", citation(item)));
    item.append(details);
  });
  var input = element("input", "permalink-input", "");
  input.id = "permalink";
  input.type = "text";
  input.readOnly = true;
  input.value = url;
  var row = element("p", "permalink-row", "");
  var label = element("label", "", "Permanent link");
  label.htmlFor = "permalink";
  row.append(label, " ", input);
  share.querySelector("h2").after(row, element("h3", "", "Cite this claim"));
  var id = url.replace(/\/$/, "").split("/").pop();  // the claim's id ends its permanent URL
  var entry = element("pre", "cite", "@misc{" + id + ",\n  title = {" + bibtex(statement) +
    "},\n  howpublished = {\\url{" + url + "}},\n  organization = {" + bibtex(site) +
    "},\n  note = {Evidence status: " + bibtex(status) + "}\n}");
  entry.id = "cite-bibtex";
  entry.dataset.label = "Copy BibTeX";
  share.append(element("h3", "", "BibTeX"), entry);

  if (!navigator.clipboard) return;

  // A button after `place` that copies what get() returns; when copying fails, it selects what it can instead.
  function button(place, label, get, select) {
    var b = element("button", "copy-button", label);
    b.type = "button";
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(get()).then(function () {
        b.textContent = "Copied";
        setTimeout(function () { b.textContent = label; }, 2000);
      }, function () {
        if (select) select();
        b.textContent = "Press Ctrl+C to copy";
      });
    });
    place.after(" ", b);
  }

  button(input, "Copy link", function () { return input.value; }, function () { input.select(); });
  Array.prototype.forEach.call(document.querySelectorAll(".ev-num"), function (a) {
    button(a, "Copy link", function () { return url + a.getAttribute("href"); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("pre.cite"), function (pre) {
    button(pre, pre.dataset.label || "Copy citation", function () { return pre.textContent; });
  });
})();
