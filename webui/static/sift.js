// Sift's progressive enhancements. Every page works without this file; with it:
// "/" jumps to the search box, the box suggests completions, a ticked filter applies at once,
// a document's matches can be stepped through, and a citation copied in one click.
"use strict";

(function () {
  document.documentElement.classList.add("js");

  function typingIn(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  // -- "/" focuses the search box --------------------------------------------------------
  const box = document.getElementById("q");
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && box && !typingIn(event.target) && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // -- suggestions while typing, in a native <datalist> (keyboard and screen-reader ready) --
  if (box && box.dataset.suggest) {
    const list = document.createElement("datalist");
    list.id = "q-suggestions";
    box.after(list);
    box.setAttribute("list", list.id);
    let timer = null;
    let asked = "";
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
    function suggest() {
      const text = box.value;
      if (text.trim().length < 2 || text === asked) return;
      asked = text;
      fetch(box.dataset.suggest + "?q=" + encodeURIComponent(text))
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (!answer || answer[0] !== box.value) return;  // a newer keystroke won
          list.replaceChildren.apply(list, answer[1].map(function (completion) {
            const option = document.createElement("option");
            option.value = completion;
            return option;
          }));
        })
        .catch(function () { /* suggestions are a convenience: stay quiet */ });
    }
  }

  // -- a ticked filter applies at once, and keyboard focus stays on it after the reload ------
  const FOCUS_KEY = "sift-facet-focus";
  document.querySelectorAll(".facet-form").forEach(function (form) {
    form.addEventListener("change", function (event) {
      const box = event.target;
      if (box.type !== "checkbox") return;
      try {
        sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ name: box.name, value: box.value }));
      } catch (e) { /* private mode: focus is a convenience */ }
      form.requestSubmit();
    });
  });
  (function restoreFocus() {
    let wanted = null;
    try {
      wanted = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return; }
    if (!wanted) return;
    const box = Array.from(document.querySelectorAll(".facet-form input[type=checkbox]"))
      .find(function (input) { return input.name === wanted.name && input.value === wanted.value; });
    const fieldset = document.querySelector('.facet-form fieldset[data-facet="' + CSS.escape(wanted.name) + '"]');
    const target = box || (fieldset && fieldset.querySelector(".facet-more, input"));
    if (target) target.focus();
  })();

  // -- Back (or the browser's form memory) must not show filters that are not applied ------
  // The page is the truth: each box is as the server rendered it, each range input too.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(".facet-form input[type=checkbox]").forEach(function (box) {
      box.checked = box.defaultChecked;
    });
    document.querySelectorAll(".year-range input[type=text], .year-range input:not([type])")
      .forEach(function (input) { input.value = input.defaultValue; });
    document.querySelectorAll(".year-bars .dragged").forEach(function (li) {
      li.classList.remove("dragged");
    });
  });

  // -- a long facet: a search box, A–Z or by count, and every value in a scrolling list ----
  document.querySelectorAll(".facet-form[data-api] fieldset.facet[data-facet]").forEach(function (fieldset) {
    const form = fieldset.form || fieldset.closest("form");
    const name = fieldset.dataset.facet;
    const list = fieldset.querySelector(".facet-values");
    const more = fieldset.querySelector(".facet-more");
    if (!list || !more) return;
    const label = fieldset.querySelector("legend").textContent.trim();
    const first = Array.from(list.children).map(function (li) { return li.cloneNode(true); });

    const tools = document.createElement("div");
    tools.className = "facet-tools";
    const search = document.createElement("input");
    search.type = "search";
    search.className = "facet-search-box";
    search.placeholder = "Search " + label.toLowerCase();
    search.setAttribute("aria-label", "Search the values of " + label);
    search.autocomplete = "off";
    const order = document.createElement("select");
    order.className = "facet-order";
    order.setAttribute("aria-label", "Order of " + label);
    [["count", "By count"], ["az", "A–Z"]].forEach(function (pair) {
      const option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      order.append(option);
    });
    tools.append(search, order);
    list.before(tools);
    const said = document.createElement("p");
    said.className = "facet-status visually-hidden";
    said.setAttribute("role", "status");
    tools.after(said);
    const less = document.createElement("button");
    less.type = "button";
    less.className = "facet-less link-button";
    less.textContent = "Fewer";
    less.hidden = true;
    more.after(less);

    let rows = null;
    function load() {
      if (rows) return Promise.resolve(rows);
      const url = new URL(form.dataset.api, window.location.href);
      new URLSearchParams(window.location.search).forEach(function (value, key) {
        if (key !== "page" && key !== "per_page") url.searchParams.append(key, value);
      });
      url.searchParams.set("facet_size", "0");
      url.searchParams.set("per_page", "1");
      return fetch(url.toString())
        .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
        .then(function (answer) { rows = (answer.facets && answer.facets[name]) || []; return rows; });
    }
    function item(row, index) {
      const li = document.createElement("li");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = "f-" + name + "-all-" + index;
      box.name = name;
      box.value = row.value;
      box.checked = row.selected;
      box.defaultChecked = row.selected;
      box.autocomplete = "off";
      const text = document.createElement("label");
      text.htmlFor = box.id;
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = row.count;
      text.append(String(row.label) + " ", count);
      li.append(box, text);
      return li;
    }
    function render() {
      const needle = search.value.trim().toLowerCase();
      let listed = rows.filter(function (row) {
        return row.selected || !needle || String(row.label).toLowerCase().includes(needle)
          || String(row.value).toLowerCase().includes(needle);
      });
      if (order.value === "az") {
        listed = listed.slice().sort(function (a, b) { return String(a.label).localeCompare(String(b.label)); });
      }
      listed = listed.filter(function (row) { return row.selected; })
        .concat(listed.filter(function (row) { return !row.selected; }));
      list.replaceChildren.apply(list, listed.map(item));
      if (!listed.length) {
        const none = document.createElement("li");
        none.className = "none";
        none.textContent = "No value contains “" + search.value.trim() + "”.";
        list.append(none);
      }
      list.classList.add("expanded");
      more.hidden = true;
      less.hidden = false;
      said.textContent = listed.length + " of " + rows.length + " values";
    }
    function expand() {
      return load().then(render).catch(function () { window.location.assign(more.href); });
    }
    more.addEventListener("click", function (event) {
      event.preventDefault();
      expand().then(function () { search.focus(); });
    });
    search.addEventListener("input", expand);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // typing narrows; Enter must not submit
    });
    order.addEventListener("change", expand);
    less.addEventListener("click", function () {
      list.replaceChildren.apply(list, first.map(function (li) { return li.cloneNode(true); }));
      list.classList.remove("expanded");
      search.value = "";
      order.value = "count";
      more.hidden = false;
      less.hidden = true;
      said.textContent = "";
      more.focus();
    });
  });

  // -- on a phone the filters are below the results: a button at the top opens them --------
  document.querySelectorAll(".filters-toggle").forEach(function (toggle) {
    const layout = document.querySelector(".layout");
    const panel = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!layout || !panel) return;
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }  // a button's key
    });
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      const open = !layout.classList.contains("filters-open");
      layout.classList.toggle("filters-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) {
        const heading = panel.querySelector("h2");
        heading.tabIndex = -1;
        heading.focus();
      }
    });
  });

  // -- dragging across the year bars chooses a range (the From/To inputs do it without JS) --
  document.querySelectorAll(".year-bars[data-range-href]").forEach(function (chart) {
    const bars = Array.from(chart.querySelectorAll("li[data-year]"));
    let start = null;
    let end = null;
    let dragged = false;
    function barAt(event) {
      const hit = document.elementFromPoint(event.clientX, event.clientY);
      const li = hit && hit.closest(".year-bars li[data-year]");
      return li && chart.contains(li) ? Number(li.dataset.year) : null;
    }
    function paint() {
      const low = Math.min(start, end);
      const high = Math.max(start, end);
      bars.forEach(function (li) {
        const year = Number(li.dataset.year);
        li.classList.toggle("dragged", start !== null && year >= low && year <= high);
      });
    }
    chart.addEventListener("pointerdown", function (event) {
      const year = barAt(event);
      if (year === null || event.button !== 0) return;
      start = end = year;
      dragged = false;
      paint();
    });
    // Followed on the whole document (no pointer capture: a plain click must reach the bar's link).
    document.addEventListener("pointermove", function (event) {
      if (start === null) return;
      const year = barAt(event);
      if (year !== null && year !== end) {
        end = year;
        dragged = end !== start;
        paint();
      }
    });
    document.addEventListener("pointerup", function () {
      if (start === null) return;
      const low = Math.min(start, end);
      const high = Math.max(start, end);
      start = null;
      if (!dragged) { paint(); return; }  // a plain click: the bar's own link chooses its year
      const url = new URL(chart.dataset.rangeHref, window.location.href);
      url.searchParams.set("date_from", String(low));
      url.searchParams.set("date_to", String(high));
      window.location.assign(url.toString());
    });
    chart.addEventListener("pointercancel", function () { start = null; paint(); });
    // The click that ends a drag must not also follow the bar's link.
    chart.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); dragged = false; }
    }, true);
  });

  // -- next / previous match on a document page ------------------------------------------
  const marks = Array.from(document.querySelectorAll(".doc-text mark"));
  const status = document.getElementById("match-status");
  let current = -1;
  function show(index) {
    if (!marks.length) return;
    if (current >= 0) marks[current].classList.remove("current");
    current = (index + marks.length) % marks.length;
    const mark = marks[current];
    mark.classList.add("current");
    mark.tabIndex = -1;
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    if (status) status.textContent = "Match " + (current + 1) + " of " + marks.length;
  }
  function step(delta) {
    show(current < 0 ? (delta > 0 ? 0 : marks.length - 1) : current + delta);
  }
  document.querySelectorAll(".match-next, .match-prev").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      step(link.classList.contains("match-next") ? 1 : -1);
    });
  });
  if (marks.length) {
    document.addEventListener("keydown", function (event) {
      if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "n") step(1);
      if (event.key === "p") step(-1);
    });
  }

  // -- copy the citation -----------------------------------------------------------------
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    const source = document.getElementById(button.dataset.copy);
    const said = button.parentElement.querySelector(".copied");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const text = source.textContent.trim();
      const done = function () { if (said) said.textContent = "Citation copied."; };
      const fallback = function () {
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (said) said.textContent = "Citation selected: press Ctrl+C to copy it.";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
