// Claims index filters: type, actor, anonymous-only, over the rows of the page shown. The index lists the claims by
// status, each status's link above the table leading to its first claim; the index is cut into pages, so a
// filter narrows the page's rows and says so. State lives in the URL query, so a filtered view can be linked. A
// link of the single-page index from before it had pages (claims/?status=contested&actor=x) lands on that
// status's claims, and an actor not on the page leads to that actor's page, which lists every claim about them
// or quoting them.
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var table = document.getElementById("claims-table");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("filter-count");
  var none = document.getElementById("no-match");
  var fields = { type: form.elements.type, actor: form.elements.actor };
  var anon = form.elements.anonymous;
  var paged = form.hasAttribute("data-paged");
  var params = new URLSearchParams(window.location.search);

  function known(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  // Where an old link should go instead of this page, or null to stay.
  function elsewhere() {
    var status = params.get("status"), actor = params.get("actor");
    if (status) {
      var link = document.querySelector('.status-nav a[data-status="' + CSS.escape(status) + '"]');
      if (link) {
        params.delete("status");
        var target = new URL(link.href);
        target.search = params.toString();
        return target.href;
      }
    }
    if (paged && actor && /^[a-z0-9][a-z0-9-]*$/.test(actor) && !known(fields.actor, actor)) {
      return new URL("../actors/" + actor + "/", document.querySelector('.status-nav a[data-status=""]').href).href;
    }
    return null;
  }

  function readQuery() {
    Object.keys(fields).forEach(function (key) {
      var value = params.get(key) || "";
      fields[key].value = known(fields[key], value) ? value : "";
    });
    anon.checked = params.get("anonymous") === "1";
  }

  function writeQuery() {
    var out = new URLSearchParams();
    Object.keys(fields).forEach(function (key) { if (fields[key].value) out.set(key, fields[key].value); });
    if (anon.checked) out.set("anonymous", "1");
    var query = out.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function apply() {
    var type = fields.type.value, actor = fields.actor.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!type || row.dataset.type === type) &&
        (!actor || row.dataset.actors.indexOf(" " + actor + " ") !== -1) &&
        (!anon.checked || row.dataset.anonymous === "1");
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = "Showing " + shown + " of " + (paged ? "the " + rows.length + " claims on this page." :
      rows.length + " claims.");
    none.hidden = shown !== 0;
  }

  var away = elsewhere();
  if (away) { window.location.replace(away); return; }
  form.hidden = false;
  readQuery();
  apply();
  form.addEventListener("change", function () { writeQuery(); apply(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
