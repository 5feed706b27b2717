/* Offline search over window.KPIBOOK_SEARCH (static/search/index.<lang>.js, written by
   builder/site/search.py): units, goals, KPIs and people.

   Thai has no spaces between words. The build cut every title and text into words with
   a dictionary (PyThaiNLP's newmm) and wrote the lengths of those words beside them
   (doc[7], doc[8]), and the Thai words that occur anywhere (index.words). Here a query
   is cut with those same words (the fewest unknown letters, then the fewest words), and
   every term must occur (AND), as a substring: "หอมมะลิ" is found inside
   "ผลผลิตข้าวหอมมะลิต่อไร่". Ranking, best first:
     1. every term in the title, before matches in the context, the unit or the id;
     2. units, goals and KPIs before people (and bodies named in a KPI's people) and
        before what belongs to one person, a position's page, goals and KPIs (doc[9]);
     3. whole words (a match that starts and ends on the build's word boundaries: the
        word "ความ" is not in "ความรู้") before matches inside a word;
     4. then a score: a match at the start of the title, the query in one piece, the
        title being the query; then the shorter title.
   One scan of all texts joined for the longest term; only the documents it occurs in
   are ranked, into a bounded best list. Marks: the query in one piece where it occurs,
   else each term where it is a whole word, else where it occurs.

   The page (search.html) has
     <form role="search"> <input id="search-input" name="q"> </form>
     <p id="search-status">                       (optional: counts)
     <ol id="search-results" data-empty="..."     (no results)
         data-count="{n} results"                 ({n} = total)
         data-more="{shown} of {n} results">      (when capped)
   Each data-* attribute is optional: without it, the index's labels (in its language).
   Each hit is labelled with its tag (index.tags[doc[6]]: "a KPI", "a district", "a
   KPI's supporter"). The page loads the index script before this one. ?q= in the
   address is searched on load. Every text goes into the page through textContent / text
   nodes, never as HTML. */
(function () {
  "use strict";

  var SHOWN = 50; // results listed
  var INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
  var MARK = /\p{M}/u;
  var THAI_RUNS = /[\u0E00-\u0E7F]+|[^\u0E00-\u0E7F]+/g;
  var CHUNK = 93; // builder/site/words.py: "~" is 93 letters of a longer word

  function normalise(text) {
    return String(text || "")
      .normalize("NFC")
      .replace(INVISIBLE, "")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  /* The index's Thai words as a set, and the longest one's length. */
  function vocabulary(index) {
    if (index._vocabulary) return index._vocabulary;
    var words = new Set(index.words || []);
    var longest = 0;
    words.forEach(function (w) { if (w.length > longest) longest = w.length; });
    var out = { words: words, longest: longest };
    Object.defineProperty(index, "_vocabulary", { value: out, enumerable: false });
    return out;
  }

  /* A run of Thai letters cut into words of the vocabulary: the fewest letters outside
     any word, then the fewest pieces; letters outside words stay together as one term,
     and no piece starts on a combining mark. */
  function cutThai(run, vocab) {
    var n = run.length;
    var best = [{ unknown: 0, count: 0, from: -1, known: true }];
    for (var i = 1; i <= n; i++) best.push(null);
    function relax(to, from, unknown, known) {
      var cand = { unknown: unknown, count: best[from].count + 1, from: from, known: known };
      var cur = best[to];
      if (!cur || unknown < cur.unknown || (unknown === cur.unknown && cand.count < cur.count)) best[to] = cand;
    }
    for (var at = 0; at < n; at++) {
      if (!best[at] || MARK.test(run.charAt(at))) continue;
      var limit = Math.min(vocab.longest, n - at);
      for (var len = 2; len <= limit; len++) {
        var end = at + len;
        if (end < n && MARK.test(run.charAt(end))) continue;
        if (vocab.words.has(run.substr(at, len))) relax(end, at, best[at].unknown, true);
      }
      var next = at + 1;
      while (next < n && MARK.test(run.charAt(next))) next++;
      relax(next, at, best[at].unknown + (next - at), false);
    }
    var pieces = [];
    for (var to = n; to > 0; to = best[to].from) pieces.unshift({ text: run.slice(best[to].from, to), known: best[to].known });
    var out = [];
    pieces.forEach(function (piece, k) {
      if (!piece.known && k > 0 && !pieces[k - 1].known) out[out.length - 1] += piece.text;
      else out.push(piece.text);
    });
    return out;
  }

  /* The words of a query that must all match: longest first (they fail soonest), and
     none that is part of another (a match of "จัดการ" is a match of "การ"). */
  function terms(query, index) {
    var vocab = vocabulary(index || {});
    var words = [];
    normalise(query)
      .split(" ")
      .forEach(function (part) {
        (part.match(THAI_RUNS) || []).forEach(function (run) {
          if (/^[\u0E00-\u0E7F]/.test(run) && vocab.words.size) words.push.apply(words, cutThai(run, vocab));
          else words.push(run);
        });
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
     only the documents it occurs in are ranked (`starts[i]` is where document i
     begins; "\n" never occurs in a normalised query, so no match spans two). */
  function prepared(index) {
    if (index._prepared) return index._prepared;
    var docs = index.docs;
    var units = index.units.map(function (u) { return normalise(u[1]); });
    var n = docs.length;
    var out = {
      title: new Array(n), text: new Array(n), id: new Array(n), units: units,
      starts: new Int32Array(n + 1),
    };
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

  /* Word boundaries (offsets) of a text from the build's word lengths. */
  function decode(lengths) {
    var bounds = new Set([0]);
    var at = 0;
    for (var k = 0; k < (lengths || "").length; k++) {
      var code = lengths.charCodeAt(k);
      if (code === 126) at += CHUNK;
      else {
        at += code - 32;
        bounds.add(at);
      }
    }
    return bounds;
  }

  /* Whether `offset` is a word boundary of a text whose word lengths are `lengths`. */
  function onBoundary(lengths, offset) {
    if (offset === 0) return true;
    var at = 0;
    for (var k = 0; k < lengths.length && at < offset; k++) {
      var code = lengths.charCodeAt(k);
      if (code === 126) at += CHUNK;
      else {
        at += code - 32;
        if (at === offset) return true;
      }
    }
    return false;
  }

  /* Whether `word` occurs in `text` starting and ending on a word boundary. */
  function wholeIn(text, lengths, word) {
    for (var at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (onBoundary(lengths, at) && onBoundary(lengths, at + word.length)) return true;
    }
    return false;
  }

  function isLetter(ch) {
    return /[\p{L}\p{N}\p{M}]/u.test(ch);
  }

  var IN_TITLE = 4e6, NOT_PERSON = 2e6, WHOLE = 1e6;

  /* The rank of document i for the terms (higher is better), or -1 when a term matches
     nowhere. `floor`: a rank the document must beat to matter, so whole-word checks
     are skipped for documents that cannot make the list. */
  function rank(p, docs, i, words, phrase, person, floor) {
    var title = p.title[i];
    var unit = docs[i][5];
    var score = 0;
    var inTitle = 0;
    var where = new Array(words.length);
    for (var w = 0; w < words.length; w++) {
      var word = words[w];
      var at = title.indexOf(word);
      if (at >= 0) {
        inTitle++;
        where[w] = 7;
        score += 10;
        if (at === 0) score += 6;
        else if (!isLetter(title.charAt(at - 1))) score += 3;
        continue;
      }
      if (p.id[i] === word) { score += 8; where[w] = 0; }
      else if (p.text[i].indexOf(word) >= 0) { score += 3; where[w] = 8; }
      else if (unit >= 0 && p.units[unit].indexOf(word) >= 0) { score += 2; where[w] = -1; }
      else if (p.id[i] && p.id[i].indexOf(word) >= 0) { score += 2; where[w] = -1; }
      else return -1;
    }
    if (words.length > 1 && title.indexOf(phrase) >= 0) score += 8;
    if (title === phrase) score += 20;
    var total = (inTitle === words.length ? IN_TITLE : 0) + (docs[i][0] === person || docs[i][9] ? 0 : NOT_PERSON) + score;
    if (total + WHOLE <= floor) return total;
    for (w = 0; w < words.length; w++) {
      if (where[w] === 0) continue; // the id itself
      if (where[w] < 0) return total;
      var text = where[w] === 7 ? title : p.text[i];
      var original = where[w] === 7 ? docs[i][2] : docs[i][3];
      if (text.length !== original.length) return total; // lower case changed lengths: no boundaries
      if (!wholeIn(text, docs[i][where[w]] || "", words[w])) return total;
    }
    return total + WHOLE;
  }

  function better(a, b) {
    return b.score - a.score || a.length - b.length || a.i - b.i;
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

  /* {total, terms, phrase, results: [{doc, score}]}, results best first, at most `limit`. */
  function search(index, query, limit) {
    limit = limit || SHOWN;
    var words = terms(query, index);
    var phrase = normalise(query);
    if (!words.length || !index || !index.docs) return { total: 0, results: [], terms: words, phrase: phrase };
    var p = prepared(index);
    var docs = index.docs;
    var person = index.kinds.indexOf("person");
    var best = [];
    var total = 0;
    candidates(p, words[0], function (i) {
      var floor = best.length === limit ? best[limit - 1].score : -1;
      var s = rank(p, docs, i, words, phrase, person, floor);
      if (s < 0) return;
      total++;
      if (best.length === limit && s <= floor) return;
      var entry = { i: i, score: s, length: p.title[i].length };
      var at = best.length;
      while (at > 0 && better(entry, best[at - 1]) < 0) at--;
      best.splice(at, 0, entry);
      if (best.length > limit) best.pop();
    });
    return {
      total: total,
      terms: words,
      phrase: phrase,
      results: best.map(function (entry) {
        return { doc: docs[entry.i], score: entry.score };
      }),
    };
  }

  /* [start, end) ranges to mark in `text` (whose word lengths are `lengths`): the query
     in one piece where it occurs; else each term where it is a whole word, or, for a
     term that is nowhere a whole word, where it occurs. Merged, in whole clusters. */
  function ranges(text, lengths, words, phrase) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) return []; // case mapping changed lengths: no marks
    var bounds = decode(lengths);
    var found = [];
    function mark(word, wholeOnly) {
      for (var at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
        if (wholeOnly && !(bounds.has(at) && bounds.has(at + word.length))) continue;
        var start = at;
        var end = at + word.length;
        // whole clusters: a tone mark cut off from its consonant would be drawn alone
        while (start > 0 && MARK.test(text.charAt(start))) start--;
        while (end < text.length && MARK.test(text.charAt(end))) end++;
        found.push([start, end]);
      }
    }
    if (phrase && lower.indexOf(phrase) >= 0) mark(phrase, false);
    else words.forEach(function (word) { mark(word, Boolean(lengths) && wholeIn(lower, lengths, word)); });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    found.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && (r[0] <= last[1] || !text.slice(last[1], r[0]).trim())) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  function marked(element, text, lengths, outcome) {
    var from = 0;
    ranges(text, lengths, outcome.terms, outcome.phrase).forEach(function (r) {
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

  function resultItem(index, doc, outcome, list) {
    var kind = index.kinds[doc[0]];
    var li = document.createElement("li");
    li.className = "search-result search-kind-" + kind;
    var url = safeUrl(doc[4]);
    var title = marked(document.createElement(url ? "a" : "span"), doc[2], doc[7], outcome);
    title.className = "search-title";
    if (url) title.setAttribute("href", url);
    li.appendChild(title);
    var label = document.createElement("span");
    label.className = "search-kind";
    var tag = index.tags && doc[6] >= 0 ? index.tags[doc[6]] : null;
    label.textContent = tag || labelOf(index, list, "kind-" + kind, kind);
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
      marked(context, doc[3], doc[8], outcome);
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
      fragment.appendChild(resultItem(index, r.doc, outcome, list));
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
