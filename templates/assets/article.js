// Article pages: quotes are underlined, not painted. Pointing at or focusing a quote's [n] marker lights up
// that quote's words, and a link to a quote (#q-…) lights it up on arrival. Without JavaScript the quotes stay
// underlined and the stylesheet marks the start of a linked quote.
(function () {
  "use strict";
  var body = document.querySelector(".article-body");
  if (!body) return;

  // Marker [n] goes with footnote n (id "fnN"), whose back link names the quote's anchor.
  function quoteOf(marker) {
    var note = document.getElementById("fn" + marker.textContent.replace(/\D/g, ""));
    var back = note && note.querySelector("a");
    return back ? back.getAttribute("href").slice(1) : null;
  }

  function markerOf(id) {
    var back = document.querySelector('.footnotes li > a:first-child[href="#' + CSS.escape(id) + '"]');
    var note = back && back.closest("li");
    var n = note ? note.id.slice(2) : "";
    return Array.prototype.find.call(body.querySelectorAll("sup"), function (m) {
      return m.textContent === "[" + n + "]";
    }) || null;
  }

  // A quote's words are the marks between its anchor and its marker: quotes are contiguous, so every mark
  // between the two lies inside the quote, even where other quotes overlap it.
  function marksOf(id) {
    var start = document.getElementById(id);
    var end = markerOf(id);
    if (!start || !end || !body.contains(start)) return [];
    var range = document.createRange();
    range.setStartAfter(start);
    range.setEndBefore(end);
    return Array.prototype.filter.call(body.querySelectorAll("mark.ev"), function (m) { return range.intersectsNode(m); });
  }

  function light(id, css) {
    Array.prototype.forEach.call(body.querySelectorAll("mark." + css), function (m) { m.classList.remove(css); });
    if (id) marksOf(id).forEach(function (m) { m.classList.add(css); });
  }

  function markerId(event) {
    var marker = event.target.closest && event.target.closest(".article-body sup");
    return marker ? quoteOf(marker) : null;
  }

  function onEnter(event) { var id = markerId(event); if (id) light(id, "ev-lit"); }
  function onLeave(event) { if (markerId(event)) light(null, "ev-lit"); }
  body.addEventListener("mouseover", onEnter);
  body.addEventListener("mouseout", onLeave);
  body.addEventListener("focusin", onEnter);
  body.addEventListener("focusout", onLeave);

  function onHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    light(target && body.contains(target) && target.matches('span[id^="q-"]') ? id : null, "ev-target");
  }
  window.addEventListener("hashchange", onHash);
  onHash();
})();
