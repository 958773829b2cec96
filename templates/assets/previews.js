// Previews of claim and actor links: pointing at one (or tabbing to it) shows the claim's statement and status,
// or the actor's name, kind and description, in a small box over the page. The text is read from the linked
// page itself, fetched on first hover (the browser caches it for the click that often follows), so the build
// writes nothing extra and no page loads data it does not use. Esc closes the box; without JavaScript there is
// none. The box is positioned over the page and made anew each time, so it never moves anything on it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.DOMParser) return;
  var root = new URL("../", script.src); // the script lives in <root>/assets/
  var PAGE = /^(claims|actors)\/[^/]+\/$/;
  var SHOW_DELAY = 300, HIDE_DELAY = 200;
  var cache = new Map();
  var box = null, owner = null, showTimer = null, hideTimer = null;

  function targetOf(link) {
    if (!link || !link.href || link.closest(".link-preview")) return null;
    var url = new URL(link.href, window.location.href);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
    if (url.pathname === window.location.pathname) return null; // a link to the page itself
    var rel = url.pathname.slice(root.pathname.length);
    return PAGE.test(rel) ? url.origin + url.pathname : null;
  }

  function text(doc, selector) {
    var node = doc.querySelector(selector);
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function meta(doc, name) {
    var node = doc.querySelector('meta[name="' + name + '"]');
    return node ? node.getAttribute("content") : "";
  }

  // The status badge as the claim page draws it, rebuilt from its class and words (never its HTML); the
  // stylesheet draws its shape from the class.
  function badgeOf(doc) {
    var found = doc.querySelector("main .status-line .status");
    if (!found) return null;
    var span = document.createElement("span");
    span.className = found.className.split(/\s+/).filter(function (c) { return /^(status|view)(-[a-z-]+)?$/.test(c); }).join(" ");
    span.textContent = found.textContent;
    return span;
  }

  // The description can run long (every origin of a claim): a preview shows its start.
  function clip(words, limit) {
    if (words.length <= limit) return words;
    var cut = words.lastIndexOf(" ", limit);
    return words.slice(0, cut > 0 ? cut : limit).replace(/[\s,;:(]+$/, "") + " …";
  }

  // What a preview shows of a claim or actor page; the URL says which (claims/… or actors/…).
  function read(html, type) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var description = meta(doc, "description");
    var view = { title: text(doc, "main h1"), type: type, detail: description, badge: null, kind: "" };
    if (type === "claims") {
      view.badge = badgeOf(doc);
      var label = view.badge ? view.badge.textContent : "";
      if (label && description.indexOf(label + ". ") === 0) view.detail = description.slice(label.length + 2);
    } else {
      view.kind = text(doc, "main .eyebrow");
    }
    view.detail = clip(view.detail, 160);
    return view.title ? view : null;
  }

  function load(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { return html ? read(html, url.slice(root.href.length).split("/")[0]) : null; })
        .catch(function () { return null; }));
    }
    return cache.get(url);
  }

  function el(tag, css, content) {
    var node = document.createElement(tag);
    node.className = css;
    if (content) node.append(content);
    return node;
  }

  function build(view) {
    var node = el("div", "link-preview");
    node.id = "link-preview";
    node.setAttribute("role", "tooltip");
    if (view.kind) node.append(el("p", "pv-kind", view.kind));
    node.append(el("p", "pv-title", view.title));
    if (view.badge) node.append(el("p", "pv-status", view.badge));
    if (view.detail) node.append(el("p", "pv-detail", view.detail));
    node.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    node.addEventListener("mouseleave", scheduleHide);
    return node;
  }

  // Below the link, or above it when there is no room below; always inside the visible part of the page, so
  // the box never makes the page longer or wider. Placed in page coordinates, it scrolls with the link.
  function place(node, link) {
    var r = link.getBoundingClientRect();
    var width = node.offsetWidth, height = node.offsetHeight, gap = 6;
    var viewWidth = document.documentElement.clientWidth, viewHeight = document.documentElement.clientHeight;
    var left = Math.max(8, Math.min(r.left, viewWidth - width - 8));
    var below = r.bottom + gap + height <= viewHeight || r.top - gap - height < 0;
    var origin = (node.offsetParent || document.body).getBoundingClientRect(); // where left: 0; top: 0 is now
    node.style.left = (left - origin.left) + "px";
    node.style.top = ((below ? r.bottom + gap : r.top - gap - height) - origin.top) + "px";
  }

  function show(link, view) {
    hide();
    box = build(view);
    box.style.cssText = "visibility: hidden; left: 0; top: 0"; // measured at the top before it is placed
    // Inside <main>, so the box belongs to a landmark as all content should.
    (document.querySelector("main") || document.body).append(box);
    place(box, link);
    box.style.visibility = "";
    owner = link;
    if (link.hasAttribute("title")) { // the native tooltip would say the same over ours
      link.dataset.previewTitle = link.getAttribute("title");
      link.removeAttribute("title");
    }
    if (link.hasAttribute("aria-describedby")) { // an article's [n] is described by its footnote: given back after
      link.dataset.previewDescribedby = link.getAttribute("aria-describedby");
    }
    link.setAttribute("aria-describedby", "link-preview");
  }

  function hide() {
    clearTimeout(hideTimer);
    if (owner) {
      if (owner.dataset.previewDescribedby !== undefined) {
        owner.setAttribute("aria-describedby", owner.dataset.previewDescribedby);
        delete owner.dataset.previewDescribedby;
      } else {
        owner.removeAttribute("aria-describedby");
      }
      if (owner.dataset.previewTitle !== undefined) {
        owner.setAttribute("title", owner.dataset.previewTitle);
        delete owner.dataset.previewTitle;
      }
    }
    if (box) box.remove();
    box = owner = null;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function scheduleShow(link, delay) {
    var url = targetOf(link);
    if (!url) return;
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (owner === link) return;
    showTimer = setTimeout(function () {
      load(url).then(function (view) {
        if (view && (link.matches(":hover") || link === document.activeElement)) show(link, view);
      });
    }, delay);
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return; // a tap follows the link; no preview in the way
    var link = event.target.closest("a[href]");
    if (link) scheduleShow(link, SHOW_DELAY);
  });
  document.addEventListener("pointerout", function (event) {
    var link = event.target.closest("a[href]");
    if (link && link === owner && !link.contains(event.relatedTarget)) scheduleHide();
    else if (link) clearTimeout(showTimer);
  });
  document.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && link.matches(":focus-visible")) scheduleShow(link, 0);
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === owner) hide();
    clearTimeout(showTimer);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && box) { clearTimeout(showTimer); hide(); }
  });
})();
