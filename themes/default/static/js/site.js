/* kpibook site enhancements. Every page works without them:
   - on a small screen, the menu button opens the navigation above the page (without
     JavaScript it is a link down to the navigation, which then follows the content);
   - remembers the language a reader chose and opens the home page in it next time;
   - makes tables with class "sortable" sortable by their column headings;
   - adds "expand all / collapse all" to the cascade explorer. */
(function () {
  "use strict";
  var KEY = "kpibook.lang";
  var root = document.documentElement;
  root.classList.add("js");

  function menu() {
    var button = document.querySelector(".menu-button");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) { return; }
    button.setAttribute("role", "button");
    button.setAttribute("aria-expanded", "false");
    function set(open) {
      root.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", String(open));
    }
    function toggle(event) {
      event.preventDefault();
      var open = !root.classList.contains("menu-open");
      set(open);
      if (open) {
        var first = nav.querySelector("a");
        if (first) { first.focus(); }
      }
    }
    button.addEventListener("click", toggle);
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") { toggle(event); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("menu-open")) {
        set(false);
        button.focus();
      }
    });
  }

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
    menu();
    rememberLanguage();
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    treeTools();
  });
})();
