/* kpibook site enhancements. Every page works without them:
   - remembers the language a reader chose and opens the home page in it next time;
   - makes tables with class "sortable" sortable by their column headings;
   - adds "expand all / collapse all" to the cascade explorer. */
(function () {
  "use strict";
  var KEY = "kpibook.lang";

  function rememberLanguage() {
    var links = document.querySelectorAll(".language-switch a[data-lang]");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function () {
        try { localStorage.setItem(KEY, link.getAttribute("data-lang")); } catch (e) { /* storage off */ }
      });
    });
    var current = document.documentElement.lang;
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { return; }
    // only when the reader arrives from elsewhere at the home page: never fight a click
    var home = document.body.classList.contains("page-home");
    var internal = document.referrer && document.referrer.indexOf(location.origin) === 0 && location.origin !== "null";
    if (!stored || stored === current || !home || internal || sessionStorage.getItem(KEY)) { return; }
    sessionStorage.setItem(KEY, "1");
    var target = document.querySelector('.language-switch a[data-lang="' + stored + '"]');
    if (target) { location.replace(target.href); }
  }

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (!numeric) { return raw; }
    var value = parseFloat(raw);
    return isNaN(value) ? -Infinity : value;
  }

  function makeSortable(table) {
    var headings = table.tHead ? table.tHead.rows[0].cells : [];
    var collator = new Intl.Collator(document.documentElement.lang || "th", { numeric: true });
    Array.prototype.forEach.call(headings, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = kind === "number";
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? (x - y) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });
  }

  function treeTools() {
    var tools = document.querySelector(".tree-tools");
    if (!tools) { return; }
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var action = event.target.getAttribute && event.target.getAttribute("data-tree");
      if (!action) { return; }
      var open = action === "open";
      Array.prototype.forEach.call(document.querySelectorAll(".explorer details"), function (d) { d.open = open; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    rememberLanguage();
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    treeTools();
  });
})();
