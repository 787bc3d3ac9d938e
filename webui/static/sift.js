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

  // -- a ticked filter applies at once ---------------------------------------------------
  document.querySelectorAll(".facet-form").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") form.requestSubmit();
    });
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
