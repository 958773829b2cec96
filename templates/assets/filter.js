// Claims index filters: status, type, actor, anonymous-only. State lives in the URL query,
// so a filtered view can be linked (e.g. claims/?actor=some-actor&status=contested).
(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var table = document.getElementById("claims-table");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("filter-count");
  var none = document.getElementById("no-match");
  var fields = { status: form.elements.status, type: form.elements.type, actor: form.elements.actor };
  var anon = form.elements.anonymous;

  function readQuery() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(fields).forEach(function (key) {
      var value = params.get(key) || "";
      var select = fields[key];
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
    anon.checked = params.get("anonymous") === "1";
  }

  function writeQuery() {
    var params = new URLSearchParams();
    Object.keys(fields).forEach(function (key) { if (fields[key].value) params.set(key, fields[key].value); });
    if (anon.checked) params.set("anonymous", "1");
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function apply() {
    var status = fields.status.value, type = fields.type.value, actor = fields.actor.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!status || row.dataset.status === status) &&
        (!type || row.dataset.type === type) &&
        (!actor || row.dataset.actors.indexOf(" " + actor + " ") !== -1) &&
        (!anon.checked || row.dataset.anonymous === "1");
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " claims.";
    none.hidden = shown !== 0;
  }

  form.hidden = false;
  readQuery();
  apply();
  form.addEventListener("change", function () { writeQuery(); apply(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
