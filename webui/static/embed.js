/*! Sift search box. On any page:
 *    <script src="https://SIFT-HOST/embed.js" defer></script>
 *    <sift-search></sift-search>
 * Attributes: placeholder, results (default 5), filters ("country=Belarus&kind=statement"),
 * lang ("en", "ru"), theme ("light", "dark"; default: the visitor's setting), target ("_blank").
 * Colours and fonts: the --sift-* CSS custom properties (see Sift's README).
 */
(() => {
  "use strict";

  // The Sift server is wherever this file came from, so the snippet needs no setting; "." keeps
  // a path prefix (https://host/sift/embed.js → https://host/sift/api/search).
  const script = document.currentScript || document.querySelector('script[src*="embed.js"]');
  const BASE = new URL(".", script ? script.src : location.href);
  if (!window.customElements || customElements.get("sift-search")) return; // pasted twice

  const DEBOUNCE_MS = 200;
  const MIN_CHARS = 2;
  const DEFAULT_RESULTS = 5;
  const MAX_RESULTS = 20;
  const TIMEOUT_MS = 10000; // a server that accepts but never answers counts as down

  const plural = (lang, n, forms) => forms[new Intl.PluralRules(lang).select(n)] || forms.other;
  const STRINGS = {
    en: {
      label: "Search the archive",
      results: "Results",
      count: (shown, total) => shown < total
        ? `${shown} of ${total} results` : plural("en", total, { one: "1 result", other: `${total} results` }),
      none: (q) => `No results for “${q}”.`,
      all: (total) => plural("en", total, { one: "See the result", other: `See all ${total} results` }),
      down: "Search is unavailable right now. Please try again later.",
      suggest: "Did you mean",
    },
    ru: {
      label: "Поиск по архиву",
      results: "Результаты",
      count: (shown, total) => `${shown} из ${total}`,
      none: (q) => `По запросу «${q}» ничего не найдено.`,
      all: (total) => `Все результаты: ${total}`,
      down: "Поиск сейчас недоступен. Попробуйте позже.",
      suggest: "Возможно, вы имели в виду",
    },
  };

  // Light and dark defaults; every colour can be set from the host page through --sift-*.
  const palette = (c) => `
    --_accent: var(--sift-accent, ${c.accent}); --_bg: var(--sift-background, ${c.bg});
    --_fg: var(--sift-text, ${c.fg}); --_muted: var(--sift-muted, ${c.muted});
    --_line: var(--sift-border, ${c.line}); --_mark: var(--sift-highlight, ${c.mark});
    --_selected: var(--sift-selected, ${c.selected}); color-scheme: ${c.scheme};`;
  const LIGHT = palette({ accent: "#1a5fb4", bg: "#fff", fg: "#1d1d1f", muted: "#5e5e66",
    line: "#c8c8d0", mark: "#fff0a8", selected: "#e8f0fb", scheme: "light" });
  const DARK = palette({ accent: "#78aeed", bg: "#1e1e22", fg: "#ececf0", muted: "#a6a6b0",
    line: "#46464f", mark: "#5c4b00", selected: "#2b3a4f", scheme: "dark" });

  const CSS = `
    :host { display: block; position: relative; max-width: var(--sift-width, 36rem);
      font-family: var(--sift-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      font-size: var(--sift-font-size, 15px); line-height: 1.45; ${LIGHT} }
    @media (prefers-color-scheme: dark) { :host(:not([theme=light])) { ${DARK} } }
    :host([theme=dark]) { ${DARK} }
    :host([hidden]), [hidden] { display: none !important; }
    * { box-sizing: border-box; }
    input { display: block; width: 100%; margin: 0; padding: .5em .75em; font: inherit;
      color: var(--_fg); background: var(--_bg); border: 1px solid var(--_line);
      border-radius: var(--sift-radius, 8px); }
    input:focus { outline: 2px solid var(--_accent); outline-offset: 1px; }
    .panel { position: absolute; z-index: var(--sift-z-index, 1000); top: calc(100% + 4px);
      left: 0; right: 0; max-height: var(--sift-max-height, 70vh); overflow: auto;
      color: var(--_fg); background: var(--_bg); border: 1px solid var(--_line);
      border-radius: var(--sift-radius, 8px); box-shadow: 0 6px 24px rgb(0 0 0 / .18); }
    [role=option] { display: block; padding: .55em .8em; color: inherit; text-decoration: none;
      border-bottom: 1px solid var(--_line); }
    [role=option]:hover, [aria-selected=true] { background: var(--_selected); }
    [aria-selected=true] { box-shadow: inset 3px 0 var(--_accent); }
    .title { display: block; color: var(--_accent); font-weight: 600; }
    .meta, .foot, .message { color: var(--_muted); font-size: .85em; }
    .snippet { display: -webkit-box; margin-top: .2em; font-size: .92em; overflow: hidden;
      -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
    mark { color: inherit; background: var(--_mark); border-radius: 2px; }
    .page-ref { font-weight: 600; white-space: nowrap; }
    .foot { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5em;
      padding: .5em .8em; }
    .foot a { color: var(--_accent); }
    .suggestion { flex-basis: 100%; }
    .suggestion button { padding: 0; font: inherit; color: var(--_accent); background: none;
      border: 0; text-decoration: underline; cursor: pointer; }
    .message { padding: .7em .8em; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
      white-space: nowrap; }`;

  // A constructed style sheet is not inline style, so a host page's strict CSP (no
  // 'unsafe-inline' in style-src) does not block it; a <style> element is the fallback for
  // browsers without constructable style sheets.
  let sheet = null;
  function adoptStyles(root) {
    if ("adoptedStyleSheets" in root && "replaceSync" in CSSStyleSheet.prototype) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(h("style", {}, CSS));
    }
  }

  /** An element with attributes and children (strings become text nodes, never markup). */
  function h(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  /** The API's highlighted text (segments of plain text, matches marked) as DOM nodes: text
   * nodes and <mark> elements only, so nothing in a document can become markup on the host
   * page. A snippet's first passage only: a two-line box shows the best one. */
  function marked(segments) {
    return (segments || []).map(([text, match]) => (match ? h("mark", {}, text) : text));
  }

  /** Only http(s) addresses become links (the API sends absolute ones to Sift's pages). */
  function safeUrl(address) {
    try {
      const url = new URL(address, BASE);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : BASE.href;
    } catch {
      return BASE.href;
    }
  }

  function formatDate(iso, lang) {
    try {
      const date = new Date(`${iso}T00:00:00Z`);
      return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(date);
    } catch {
      return iso;
    }
  }

  class SiftSearch extends HTMLElement {
    static get observedAttributes() {
      return ["placeholder", "lang"];
    }

    constructor() {
      super();
      this._timer = 0;
      this._request = null; // the AbortController of the search in flight
      this._options = [];
      this._active = -1;
      this._query = ""; // the query the listbox shows
      this._allLink = null;
    }

    connectedCallback() {
      if (!this.shadowRoot) this._build();
      this._labels();
    }

    disconnectedCallback() {
      clearTimeout(this._timer);
      if (this._request) this._request.abort();
    }

    attributeChangedCallback() {
      if (this.shadowRoot) this._labels();
    }

    get _lang() {
      const lang = (this.closest("[lang]")?.getAttribute("lang") || "en").toLowerCase();
      return lang.startsWith("ru") ? "ru" : "en";
    }

    get _text() {
      return STRINGS[this._lang];
    }

    _build() {
      const root = this.attachShadow({ mode: "open" });
      adoptStyles(root);
      this._input = h("input", {
        type: "text", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
        "aria-controls": "listbox", autocomplete: "off", spellcheck: "false",
        enterkeyhint: "search", inputmode: "search", part: "input",
      });
      this._listbox = h("div", { id: "listbox", role: "listbox", part: "listbox" });
      this._foot = h("div", { class: "foot", part: "footer" });
      this._panel = h("div", { class: "panel", part: "panel", hidden: "" },
        this._listbox, this._foot);
      this._live = h("div", { class: "sr", role: "status", "aria-live": "polite" });
      this._box = h("div", { role: "search" }, this._input, this._panel, this._live);
      root.append(this._box);

      this._input.addEventListener("input", () => this._schedule());
      this._input.addEventListener("keydown", (event) => this._keydown(event));
      this._input.addEventListener("focus", () => {
        if (this._foot.childNodes.length && this._input.value.trim() === this._query) this._open();
      });
      this._input.addEventListener("blur", () => this._close());
      // Keep the focus in the input while a result is clicked (the click then follows the link).
      this._panel.addEventListener("mousedown", (event) => event.preventDefault());
    }

    _labels() {
      const text = this._text;
      const placeholder = this.getAttribute("placeholder");
      this._input.setAttribute("placeholder", placeholder || text.label);
      this._input.setAttribute("aria-label", placeholder || text.label);
      this._listbox.setAttribute("aria-label", text.results);
      this._box.setAttribute("aria-label", "Sift");
    }

    get _results() {
      const n = parseInt(this.getAttribute("results"), 10);
      return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_RESULTS) : DEFAULT_RESULTS;
    }

    // -- searching --------------------------------------------------------------------------

    _schedule() {
      clearTimeout(this._timer);
      const q = this._input.value.trim();
      if (q.length < MIN_CHARS) {
        if (this._request) this._request.abort();
        this._show([], null);
        this._query = "";
        return;
      }
      this._timer = setTimeout(() => this._fetch(q), DEBOUNCE_MS);
    }

    /** One simple cross-origin GET (no custom headers, so no preflight), the previous one
     * cancelled; a failure becomes a quiet message in the box, never an uncaught error. */
    async _fetch(q) {
      clearTimeout(this._timer);
      if (this._request) this._request.abort();
      const request = (this._request = new AbortController());
      const url = new URL("api/search", BASE);
      for (const [name, value] of new URLSearchParams(this.getAttribute("filters") || "")) {
        url.searchParams.append(name, value);
      }
      url.searchParams.set("q", q);
      url.searchParams.set("per_page", String(this._results));
      url.searchParams.set("facet_size", "1"); // the box shows no facets
      let answer = null;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        request.abort();
      }, TIMEOUT_MS);
      try {
        const response = await fetch(url, { signal: request.signal, credentials: "omit" });
        answer = await response.json();
      } catch {
        answer = null; // the server is down, too slow, or did not answer with JSON
      }
      clearTimeout(timer);
      if (request.signal.aborted && !timedOut) return; // a newer query has taken over
      this._request = null;
      this._query = q;
      if (answer && answer.ok) {
        this._show(answer.results || [], answer);
      } else {
        // A query the server cannot parse (an open quote while typing) says why; anything else
        // gets the same calm message.
        const message = answer && answer.error && answer.error.code !== "no_index"
          ? answer.error.message : this._text.down;
        this._show([], null, message);
      }
    }

    // -- showing ----------------------------------------------------------------------------

    _show(results, answer, message = "") {
      const text = this._text;
      const target = this.getAttribute("target");
      this._options = results.map((hit, i) => {
        const meta = [hit.date && formatDate(hit.date, this._lang), hit.source].filter(Boolean);
        return h("a", {
          id: `option-${i}`, role: "option", "aria-selected": "false", tabindex: "-1",
          href: safeUrl(hit.page_url), target, part: "option",
        },
        h("span", { class: "title" }, ...(hit.title ? marked(hit.title_segments)
          : [hit.path || ""])),
        meta.length ? h("span", { class: "meta" }, meta.join(" · ")) : "",
        h("span", { class: "snippet" },
          ...(hit.page ? [h("span", { class: "page-ref" }, `p. ${hit.page}`), " "] : []),
          ...marked((hit.snippet || [])[0])));
      });
      this._listbox.replaceChildren(...this._options);
      this._select(-1);
      this._allLink = null;
      // "Did you mean …": a button searching the corrected query in the box.
      const suggestion = answer && answer.suggestion;
      const suggest = [];
      if (suggestion) {
        const button = h("button", { type: "button", part: "suggestion" }, suggestion);
        button.addEventListener("click", () => {
          this._input.value = suggestion;
          this._input.focus();
          this._fetch(suggestion);
        });
        suggest.push(h("div", { class: "suggestion" }, `${text.suggest} `, button, "?"));
      }
      const said = suggestion ? ` ${text.suggest} ${suggestion}?` : "";
      if (answer && answer.total) {
        this._allLink = h("a", { href: safeUrl(answer.page_url), target, part: "all" },
          text.all(answer.total));
        const count = text.count(results.length, answer.total);
        this._foot.replaceChildren(...suggest, h("span", {}, count), this._allLink);
        this._live.textContent = count + said;
      } else if (answer || message) {
        message = message || text.none(this._input.value.trim());
        this._foot.replaceChildren(...suggest, h("div", { class: "message" }, message));
        this._live.textContent = message + said;
      } else {
        this._foot.replaceChildren();
        this._live.textContent = "";
      }
      if (this._foot.childNodes.length && this.shadowRoot.activeElement === this._input) {
        this._open();
      } else {
        this._close();
      }
    }

    _open() {
      this._panel.hidden = false;
      this._input.setAttribute("aria-expanded", "true");
    }

    _close() {
      this._panel.hidden = true;
      this._input.setAttribute("aria-expanded", "false");
      this._select(-1);
    }

    _select(index) {
      const previous = this._options[this._active];
      if (previous) previous.setAttribute("aria-selected", "false");
      this._active = index;
      const option = this._options[index];
      if (!option) {
        this._input.removeAttribute("aria-activedescendant");
        return;
      }
      option.setAttribute("aria-selected", "true");
      this._input.setAttribute("aria-activedescendant", option.id);
      // Scroll the panel only (scrollIntoView could scroll the host page too).
      const panel = this._panel;
      if (option.offsetTop < panel.scrollTop) panel.scrollTop = option.offsetTop;
      const bottom = option.offsetTop + option.offsetHeight;
      if (bottom > panel.scrollTop + panel.clientHeight) panel.scrollTop = bottom - panel.clientHeight;
    }

    // -- keys (the WAI-ARIA combobox pattern) -----------------------------------------------

    _keydown(event) {
      if (event.isComposing) return;
      const count = this._options.length;
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp": {
          if (!count) return;
          event.preventDefault();
          const down = event.key === "ArrowDown";
          if (this._panel.hidden) this._open();
          const next = this._active < 0 ? (down ? 0 : count - 1)
            : (this._active + (down ? 1 : -1) + count) % count;
          this._select(next);
          break;
        }
        case "Enter": {
          const option = !this._panel.hidden && this._options[this._active];
          const q = this._input.value.trim();
          if (option) {
            event.preventDefault();
            option.click();
          } else if (this._allLink && q === this._query) {
            event.preventDefault();
            this._allLink.click();
          } else if (q.length >= MIN_CHARS) {
            event.preventDefault();
            this._fetch(q);
          }
          break;
        }
        case "Escape":
          if (!this._panel.hidden) {
            event.preventDefault();
            this._close();
          } else if (this._input.value) {
            event.preventDefault();
            this._input.value = "";
            this._schedule();
          }
          break;
        default:
      }
    }
  }

  customElements.define("sift-search", SiftSearch);
})();
