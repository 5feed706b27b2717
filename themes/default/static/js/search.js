/* Offline search over window.KPIBOOK_SEARCH (static/search/index.<lang>.js, written by
   builder/site/search.py): units, goals, KPIs and people.

   Thai has no spaces between words, so a word is found as a SUBSTRING of a title or a
   text ("สำเร็จ" inside "ระดับความสำเร็จของการจัดการความรู้"). The query is cut into
   words with Intl.Segmenter (ICU's Thai dictionary) when the browser has it, and every
   word must match (AND); without Intl.Segmenter each space-separated part is one term.
   Ranking: a match in the title beats one in the context, a match at the start of the
   title or of a word earns more, the whole query in one piece earns more, and shorter
   titles come first. One scan of all texts joined for the longest term; only the
   documents it occurs in are scored, into a bounded best list.

   The page (search.html) has
     <form role="search"> <input id="search-input" name="q"> </form>
     <p id="search-status">                       (optional: counts)
     <ol id="search-results" data-empty="..."     (no results)
         data-count="{n} results"                 ({n} = total)
         data-more="{shown} of {n} results"       (when capped)
         data-kind-unit="..." data-kind-goal="..." data-kind-kpi="..." data-kind-person="...">
   Each data-* attribute is optional: without it, the index's labels (in its language).
   and loads the index script before this one. ?q= in the address is searched on load.
   Every text goes into the page through textContent / text nodes, never as HTML. */
(function () {
  "use strict";

  var SHOWN = 50; // results listed
  var REFINED = 200; // best candidates re-ranked with word boundaries
  var INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
  var MARK = /\p{M}/u;

  function normalise(text) {
    return String(text || "")
      .normalize("NFC")
      .replace(INVISIBLE, "")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  var segmenter = null;
  try {
    if (typeof Intl !== "undefined" && Intl.Segmenter) {
      segmenter = new Intl.Segmenter("th", { granularity: "word" });
    }
  } catch (e) {
    segmenter = null;
  }

  /* The words of a query that must all match: longest first (they fail soonest), and
     none that is part of another (a match of "จัดการ" is a match of "การ"). */
  function terms(query) {
    var words = [];
    normalise(query)
      .split(" ")
      .forEach(function (part) {
        if (!part) return;
        if (!segmenter) {
          words.push(part);
          return;
        }
        var found = false;
        for (var s of segmenter.segment(part)) {
          if (s.isWordLike) {
            words.push(s.segment);
            found = true;
          }
        }
        if (!found) words.push(part);
      });
    words.sort(function (a, b) {
      return b.length - a.length;
    });
    var kept = [];
    words.forEach(function (word) {
      if (!kept.some(function (k) { return k.indexOf(word) >= 0; })) kept.push(word);
    });
    return kept;
  }

  /* Lower-cased fields, made once per index (the first search pays for it), and all
     of them joined into one string: a term is looked for once in that string, and
     only the documents it occurs in are scored (`starts[i]` is where document i
     begins; "\n" never occurs in a normalised query, so no match spans two). */
  function prepared(index) {
    if (index._prepared) return index._prepared;
    var docs = index.docs;
    var units = index.units.map(function (u) { return normalise(u[1]); });
    var n = docs.length;
    var out = { title: new Array(n), text: new Array(n), id: new Array(n), units: units, starts: new Int32Array(n + 1) };
    var parts = new Array(n);
    var offset = 0;
    for (var i = 0; i < n; i++) {
      var d = docs[i];
      out.title[i] = d[2].toLowerCase();
      out.text[i] = d[3].toLowerCase();
      out.id[i] = d[1].toLowerCase();
      parts[i] = out.title[i] + "\n" + out.text[i] + "\n" + (d[5] >= 0 ? units[d[5]] : "") + "\n" + out.id[i] + "\n";
      out.starts[i] = offset;
      offset += parts[i].length;
    }
    out.starts[n] = offset;
    out.all = parts.join("");
    Object.defineProperty(index, "_prepared", { value: out, enumerable: false });
    return out;
  }

  function isLetter(ch) {
    return /[\p{L}\p{N}\p{M}]/u.test(ch);
  }

  /* Score of document i for the terms, or -1 when a term matches nowhere. */
  function score(p, i, unit, words, phrase) {
    var title = p.title[i];
    var total = 0;
    for (var w = 0; w < words.length; w++) {
      var word = words[w];
      var at = title.indexOf(word);
      if (at >= 0) {
        total += 10;
        if (at === 0) total += 6;
        else if (!isLetter(title.charAt(at - 1))) total += 3;
        continue;
      }
      if (p.id[i] === word) total += 8;
      else if (p.text[i].indexOf(word) >= 0) total += 3;
      else if (unit >= 0 && p.units[unit].indexOf(word) >= 0) total += 2;
      else if (p.id[i] && p.id[i].indexOf(word) >= 0) total += 2;
      else return -1;
    }
    if (words.length > 1 && title.indexOf(phrase) >= 0) total += 8;
    if (title === phrase) total += 20;
    return total;
  }

  function better(a, b) {
    return b.score - a.score || a.length - b.length || a.i - b.i;
  }

  /* Word starts of a title, from the segmenter (cached per document). */
  function boundaries(p, i) {
    p.bounds = p.bounds || new Map();
    var known = p.bounds.get(i);
    if (known) return known;
    var starts = new Set();
    if (segmenter) {
      for (var s of segmenter.segment(p.title[i])) {
        starts.add(s.index);
        starts.add(s.index + s.segment.length);
      }
    }
    p.bounds.set(i, starts);
    return starts;
  }

  /* The documents in which `word` occurs, in order: one scan of the joined text,
     skipping to the next document after each hit. The scan looks for the word from
     its first "selective" character on: V8 finds a pattern's first character by
     scanning memory for one of its bytes, and for ก–ฎ (U+0E01–U+0E0E) that byte is
     0x0E, which every Thai character has, so "การ" would stop at every Thai letter
     (measured: 4–7 times slower over 8 million characters). */
  function candidates(p, word, visit) {
    var all = p.all;
    var starts = p.starts;
    var last = starts.length - 2;
    var skip = 0;
    while (skip < word.length - 1 && (word.charCodeAt(skip) & 0xff) <= word.charCodeAt(skip) >> 8) skip++;
    var tail = skip ? word.slice(skip) : word;
    var doc = 0;
    var from = skip;
    for (var at = all.indexOf(tail, from); at >= 0; at = all.indexOf(tail, from)) {
      var begin = at - skip;
      if (skip && !all.startsWith(word, begin)) {
        from = at + 1;
        continue;
      }
      while (doc < last && starts[doc + 1] <= begin) doc++;
      visit(doc);
      if (doc >= last) break;
      from = starts[doc + 1] + skip;
    }
  }

  /* {total, terms, results: [{doc, score}]}, results best first, at most `limit`. */
  function search(index, query, limit) {
    limit = limit || SHOWN;
    var words = terms(query);
    if (!words.length || !index || !index.docs) return { total: 0, results: [], terms: words };
    var p = prepared(index);
    var phrase = normalise(query);
    var docs = index.docs;
    var best = [];
    var total = 0;
    candidates(p, words[0], function (i) {
      var s = score(p, i, docs[i][5], words, phrase);
      if (s < 0) return;
      total++;
      if (best.length === REFINED && s <= best[REFINED - 1].score) return;
      var entry = { i: i, score: s, length: p.title[i].length };
      var at = best.length;
      while (at > 0 && better(entry, best[at - 1]) < 0) at--;
      best.splice(at, 0, entry);
      if (best.length > REFINED) best.pop();
    });
    if (segmenter) {
      best.forEach(function (entry) {
        var starts = boundaries(p, entry.i);
        words.forEach(function (word) {
          var at = p.title[entry.i].indexOf(word);
          if (at > 0 && starts.has(at)) entry.score += 2;
          if (at >= 0 && starts.has(at) && starts.has(at + word.length)) entry.score += 2;
        });
      });
      best.sort(better);
    }
    return {
      total: total,
      terms: words,
      results: best.slice(0, limit).map(function (entry) {
        return { doc: docs[entry.i], score: entry.score };
      }),
    };
  }

  /* [start, end) ranges of every term in `text`, merged. */
  function ranges(text, words) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) return []; // case mapping changed lengths: no marks
    var found = [];
    words.forEach(function (word) {
      for (var at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
        var start = at;
        var end = at + word.length;
        // whole clusters: a tone mark cut off from its consonant would be drawn alone
        while (start > 0 && MARK.test(text.charAt(start))) start--;
        while (end < text.length && MARK.test(text.charAt(end))) end++;
        found.push([start, end]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && (r[0] <= last[1] || !text.slice(last[1], r[0]).trim())) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  function marked(element, text, words) {
    var from = 0;
    ranges(text, words).forEach(function (r) {
      if (r[0] > from) element.appendChild(document.createTextNode(text.slice(from, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      element.appendChild(mark);
      from = r[1];
    });
    if (from < text.length) element.appendChild(document.createTextNode(text.slice(from)));
    return element;
  }

  function safeUrl(url) {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? null : url; // index URLs are relative
  }

  function resultItem(index, doc, words, list) {
    var kind = index.kinds[doc[0]];
    var li = document.createElement("li");
    li.className = "search-result search-kind-" + kind;
    var url = safeUrl(doc[4]);
    var title = marked(document.createElement(url ? "a" : "span"), doc[2], words);
    title.className = "search-title";
    if (url) title.setAttribute("href", url);
    li.appendChild(title);
    var label = document.createElement("span");
    label.className = "search-kind";
    label.textContent = labelOf(index, list, "kind-" + kind, kind);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(label);
    var unit = doc[5] >= 0 ? index.units[doc[5]][1] : "";
    if (unit || doc[3]) {
      var context = document.createElement("p");
      context.className = "search-context";
      if (unit) {
        var where = document.createElement("span");
        where.className = "search-unit";
        where.textContent = unit;
        context.appendChild(where);
        if (doc[3]) context.appendChild(document.createTextNode(" · "));
      }
      marked(context, doc[3], words);
      li.appendChild(context);
    }
    return li;
  }

  /* A text of the page: its data-* attribute on the list (the theme's translation),
     else the index's own label for its language. */
  function labelOf(index, list, name, fallback) {
    var labels = index.labels || {};
    return list.getAttribute("data-" + name) || labels[name.replace(/^kind-/, "")] || fallback;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function show(index, query, list, status) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (status) status.textContent = "";
    if (!normalise(query)) return;
    var outcome = search(index, query, SHOWN);
    if (!outcome.results.length) {
      var empty = document.createElement("li");
      empty.className = "search-empty";
      empty.textContent = labelOf(index, list, "empty", "No results");
      list.appendChild(empty);
      return;
    }
    var fragment = document.createDocumentFragment();
    outcome.results.forEach(function (r) {
      fragment.appendChild(resultItem(index, r.doc, outcome.terms, list));
    });
    list.appendChild(fragment);
    if (status) {
      var values = { n: outcome.total, shown: outcome.results.length };
      var capped = outcome.total > outcome.results.length;
      var template = capped ? labelOf(index, list, "more", "{shown} / {n}") : labelOf(index, list, "count", "{n}");
      status.textContent = fill(template, values);
    }
  }

  function remember(query) {
    try {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
    } catch (e) {
      /* some browsers refuse history changes on file://: the search still works */
    }
  }

  function init() {
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    if (!input || !list) return;
    var status = document.getElementById("search-status");
    var index = window.KPIBOOK_SEARCH;
    if (!index) {
      list.textContent = "";
      var missing = document.createElement("li");
      missing.className = "search-empty";
      missing.textContent = list.getAttribute("data-unavailable") || "Search index not found";
      list.appendChild(missing);
      return;
    }
    var timer = null;
    var run = function () {
      clearTimeout(timer);
      show(index, input.value, list, status);
      remember(input.value);
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        event.preventDefault();
        run();
      });
    }
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      input.value = q;
      show(index, q, list, status);
    } else {
      setTimeout(function () { prepared(index); }, 0); // so that the first keystroke is quick
    }
  }

  window.KpibookSearch = { normalise: normalise, terms: terms, search: search, ranges: ranges };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
