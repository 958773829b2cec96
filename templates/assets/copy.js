// Claim pages: "Copy" buttons for the permanent link, each evidence item's link and the citations; each item's
// citation and the claim's BibTeX entry, written from what the page shows (who, the words, the article, its
// outlet and date, the paragraph), so the page does not carry them twice. Without JavaScript the page keeps
// the permanent link, the claim's citation and every item's parts, all selectable. A relative permalink
// (a build without --base-url) is made absolute from the page URL, in the citations too.
(function () {
  "use strict";
  var input = document.getElementById("permalink");
  var share = document.querySelector(".share[data-claim]");
  if (!input || !share) return;
  if (input.dataset.absolute !== "yes") {
    input.value = new URL(input.value, window.location.href).href;
    Array.prototype.forEach.call(document.querySelectorAll(".cite-url"), function (el) { el.textContent = input.value; });
  }
  var url = input.value;
  var statement = text(document, "main h1");
  var site = text(document, ".print-site");

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
  function citation(item) {
    var form = text(item, ".ev-head .form");
    var who = text(item, ".ev-meta dd a") + (form ? " (" + form.toLowerCase() + ")" : "");
    var where = ["in " + quoted(text(item, ".ev-article"))];
    if (item.querySelector(".ev-outlet")) where.push(text(item, ".ev-outlet"));
    var date = item.querySelector(".ev-date time");
    if (date) where.push(date.textContent + (item.querySelector(".ev-date .inferred") ? " (date inferred)" : ""));
    var paragraph = item.querySelector(".ev-links [data-p]").dataset.p;
    if (paragraph && paragraph !== "None") where.push("¶" + paragraph);
    var link = item.querySelector(".ev-share a");
    return who + ": “" + text(item, "blockquote") + "”, " + where.join(", ") + ". Evidence " + link.dataset.n +
      " for the claim " + quoted(statement) + ", " + site + ". " + url + link.getAttribute("href");
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = content;
    return node;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".evidence"), function (item) {
    var details = element("details", "ev-cite", "");
    details.append(element("summary", "", "Cite evidence " + item.querySelector(".ev-share a").dataset.n),
                   element("pre", "cite", citation(item)));
    item.append(details);
  });
  var entry = element("pre", "cite", "@misc{" + share.dataset.claim + ",\n  title = {" + bibtex(statement) +
    "},\n  howpublished = {\\url{" + url + "}},\n  organization = {" + bibtex(site) +
    "},\n  note = {Evidence status: " + bibtex(share.dataset.status) + "}\n}");
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
  Array.prototype.forEach.call(document.querySelectorAll(".ev-share a"), function (a) {
    button(a, "Copy link", function () { return url + a.getAttribute("href"); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("pre.cite"), function (pre) {
    button(pre, pre.dataset.label || "Copy citation", function () { return pre.textContent; });
  });
})();
