// Keyboard shortcuts on every page, and the filter of the index.
// Without this script every code stays listed and every link still works:
// the stylesheet hides the filter box when scripts do not run.
(function () {
  'use strict';
  var doc = document;
  var box = doc.getElementById('filter');
  var input = box && box.querySelector('input');

  // typing reports whether keys pressed in el are text for a field.
  function typing(el) {
    return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  }

  // "/" focuses the filter; ← and → follow the previous and next links.
  doc.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) {
      return;
    }
    if (e.key === '/' && input) {
      e.preventDefault();
      input.focus();
      input.select();
      return;
    }
    var rel = e.shiftKey ? '' : {ArrowLeft: 'prev', ArrowRight: 'next'}[e.key];
    var link = rel && doc.querySelector('a[rel=' + rel + ']');
    if (link) {
      e.preventDefault();
      location.href = link.href;
    }
  });

  if (!input) {
    return;
  }
  var status = box.querySelector('[aria-live]');
  var shown = [];

  function fold(s) {
    return s.toLowerCase().replace(/['’]/g, '').replace(/[\s-]+/g, ' ');
  }

  // Everything after the box: entries, which the search terms of the
  // box's data-terms describe (see internal/render), and the rest, which
  // hides while a filter is on, so that the matches, moved in order of
  // rank, follow the box directly.
  var items = [];
  for (var el = box.nextElementSibling; el; el = el.nextElementSibling) {
    items.push({el: el, code: el.dataset.code});
  }

  // ready gives each entry its terms, then filters by what the box
  // holds already.
  function ready(all) {
    var byID = {};
    all.forEach(function (t) { byID[t.id] = t; });
    items.forEach(function (it) {
      var h = it.code && it.el.querySelector('h3, h4');
      var t = h && byID[h.id];
      if (t) {
        it.names = t.names.map(fold);
        it.synonyms = (t.synonyms || []).map(fold);
        it.text = [it.code].concat(it.names, it.synonyms, t.words.map(fold)).join(' ');
      } else {
        it.code = '';
      }
    });
    input.addEventListener('input', apply);
    box.classList.add('ready');
    if (input.value) {
      apply();
    }
  }

  // has reports whether every word is in text. A word of digits matches
  // the start of the code instead, so "4" keeps the 4xx codes and "40"
  // the codes from 400 to 409.
  function has(it, text, words) {
    return words.every(function (w) {
      return /^\d+$/.test(w) ? it.code.lastIndexOf(w, 0) === 0 : text.indexOf(w) >= 0;
    });
  }

  // rank returns where the filter lists an entry for the query q, of
  // the given words: 0 for the code typed whole, 1 for a synonym that
  // starts with q, 2 for a name that holds every word, 3 for the other
  // entries that hold every word, and -1 for those that do not.
  function rank(it, q, words) {
    if (!has(it, it.text, words)) {
      return -1;
    }
    if (q === it.code) {
      return 0;
    }
    var starts = function (s) { return s.lastIndexOf(q, 0) === 0; };
    if (it.synonyms.some(starts)) {
      return 1;
    }
    if (it.names.some(function (n) { return has(it, n, words); })) {
      return 2;
    }
    return 3;
  }

  function apply() {
    var raw = input.value.trim();
    var q = fold(raw).trim();
    var words = q.split(' ').filter(Boolean);
    var on = words.length > 0;
    shown = [];
    items.forEach(function (it, i) {
      var r = it.code && on ? rank(it, q, words) : on ? -1 : 0;
      it.el.hidden = r < 0;
      if (it.code && r >= 0) {
        shown.push({it: it, rank: r, i: i});
      }
    });
    shown.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
    // Matches go right after the box in order of rank; without a filter
    // every element goes back to its place.
    box.after.apply(box, (on ? shown : items.map(function (it) { return {it: it}; })).map(function (s) { return s.it.el; }));
    box.classList.toggle('filtering', on);
    status.textContent = !on ? '' :
      shown.length === 0 ? 'No code matches “' + raw + '”.' :
      shown.length === 1 ? '1 code matches. Press Enter to open it.' :
      shown.length + ' codes match.';
  }

  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && shown.length === 1) {
      e.preventDefault();
      location.href = shown[0].it.el.querySelector('a').href;
    } else if (e.key === 'Escape') {
      e.preventDefault();
      input.value = '';
      apply();
    }
  });
  // The terms are fetched when the reader first comes to the box, so
  // that a reader who does not filter downloads nothing more.
  var load = function () {
    load = function () {};
    fetch(box.dataset.terms).then(function (r) {
      if (!r.ok) {
        throw new Error(r.url + ': ' + r.status);
      }
      return r.json();
    }).then(ready, function (err) {
      status.textContent = 'The filter could not load its terms.';
      throw err;
    });
  };
  ['focusin', 'pointerover', 'touchstart'].forEach(function (type) {
    box.addEventListener(type, function () { load(); }, {passive: true});
  });
  if (input.value || doc.activeElement === input) {
    load();
  }
})();
