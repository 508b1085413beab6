/* The batch's front page: sort by a column (click its header), filter by text, status and
   change level. The state lives in the address's hash (#sort=-deaths&status=ok&q=hama), so a
   view can be linked to and is restored on load. No network, no library. */
(function () {
  "use strict";
  var table = document.getElementById("runs");
  if (!table) { return; }
  var body = table.tBodies[0];
  var columns = JSON.parse(document.getElementById("frontpage-columns").textContent);
  var keys = columns.map(function (c) { return c.key; });
  var text = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var level = document.getElementById("filter-level");
  var shown = document.getElementById("shown");
  var state = { sort: "", desc: false };

  function value(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return null; }
    var raw = cell.getAttribute("data-v");
    if (numeric) {
      var n = raw === null || raw === "" ? NaN : parseFloat(raw);
      return isNaN(n) ? null : n;
    }
    var t = (raw !== null ? raw : cell.textContent).trim().toLowerCase();
    return t === "" ? null : t;
  }

  function sort(key, desc) {
    var index = keys.indexOf(key);
    if (index < 0) { return; }
    var numeric = columns[index].numeric;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, numeric), y = value(b, index, numeric);
      if (x === null || y === null) { return (x === null) - (y === null); } /* missing last */
      var c = numeric ? x - y : x.localeCompare(y, undefined, { numeric: true });
      return desc ? -c : c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    state.sort = key;
    state.desc = desc;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === index) { th.setAttribute("aria-sort", desc ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }

  function filter() {
    var needle = text.value.trim().toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = (!status.value || row.getAttribute("data-status") === status.value) &&
        (!level || !level.value || row.getAttribute("data-level") === level.value) &&
        (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = shown.getAttribute("data-words")
      .replace("{count}", count).replace("{total}", body.rows.length);
  }

  function save() {
    var parts = [];
    if (state.sort) { parts.push("sort=" + (state.desc ? "-" : "") + encodeURIComponent(state.sort)); }
    if (text.value) { parts.push("q=" + encodeURIComponent(text.value)); }
    if (status.value) { parts.push("status=" + encodeURIComponent(status.value)); }
    if (level && level.value) { parts.push("level=" + encodeURIComponent(level.value)); }
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
  }

  function decoded(raw) {
    try { return decodeURIComponent(raw); } catch (e) { return null; } /* %E0%A4%A, %ZZ */
  }

  function choose(select, wanted) {
    /* a value the list does not offer (a typo, a status renamed) shows every row */
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === wanted;
    });
    select.value = known ? wanted : "";
  }

  /* The view from the address's hash; a part that is malformed or names nothing on this page
     is ignored, the others still apply. */
  function load() {
    var wanted = Object.create(null);
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at <= 0) { return; }
      var name = decoded(part.slice(0, at)), given = decoded(part.slice(at + 1));
      if (name !== null && given !== null) { wanted[name] = given; }
    });
    text.value = wanted.q || "";
    choose(status, wanted.status || "");
    if (level) { choose(level, wanted.level || ""); }
    var key = wanted.sort || "";
    var desc = key.charAt(0) === "-";
    if (desc) { key = key.slice(1); }
    if (keys.indexOf(key) >= 0) { sort(key, desc); }
    filter();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var again = state.sort === keys[i];
      /* numbers start with the largest, text from A */
      sort(keys[i], again ? !state.desc : columns[i].numeric);
      save();
    });
  });
  [text, status, level].forEach(function (input) {
    if (input) { input.addEventListener("input", function () { filter(); save(); }); }
  });
  window.addEventListener("hashchange", load);
  load();
}());
