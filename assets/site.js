// Keyboard shortcuts on every page, and the filter of the index.
// Without this script every code stays listed and every link still works:
// the filter box is rendered hidden and only shown from here.
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

  // Everything after the box: entries carry their search text, headings
  // of classes hide when none of their codes matches, the rest hides
  // while a filter is on so that the matches follow the box directly.
  var items = [];
  for (var el = box.nextElementSibling; el; el = el.nextElementSibling) {
    var d = el.dataset;
    items.push({
      el: el,
      code: d.code,
      text: d.code ? fold([d.code, d.name, d.siteName, d.vendor, d['class'], d.className, d.note].join(' ')) : '',
      heading: el.tagName === 'H2'
    });
  }

  function fold(s) {
    return s.toLowerCase().replace(/['’]/g, '');
  }

  // A word of digits matches the start of a code, so "4" keeps the 4xx
  // codes and "40" the codes from 400 to 409; other words match anywhere.
  function matches(item, words) {
    return words.every(function (w) {
      return /^\d+$/.test(w) ? item.code.lastIndexOf(w, 0) === 0 : item.text.indexOf(w) >= 0;
    });
  }

  function apply() {
    var q = input.value.trim();
    var words = fold(q).split(/\s+/).filter(Boolean);
    var on = words.length > 0;
    var heading = null;
    var lead = false; // the next entry shown is the first under its heading
    shown = [];
    items.forEach(function (it) {
      var show = !on;
      if (it.code) {
        show = show || matches(it, words);
        if (show) {
          shown.push(it);
          it.el.classList.toggle('lead', lead);
          lead = false;
          if (heading) {
            heading.hidden = false;
          }
        }
      } else if (it.heading) {
        heading = it.el;
        lead = true;
      }
      it.el.hidden = !show;
    });
    status.textContent = !on ? '' :
      shown.length === 0 ? 'No code matches “' + q + '”.' :
      shown.length === 1 ? '1 code matches. Press Enter to open it.' :
      shown.length + ' codes match.';
  }

  input.addEventListener('input', apply);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && shown.length === 1) {
      e.preventDefault();
      location.href = shown[0].el.querySelector('a').href;
    } else if (e.key === 'Escape') {
      e.preventDefault();
      input.value = '';
      apply();
    }
  });
  box.hidden = false;
  if (input.value) {
    apply();
  }
})();
