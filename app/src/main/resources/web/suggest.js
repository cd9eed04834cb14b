// 障害事例ナレッジベース: suggestions under the search boxes (GET /api/suggest), on top of forms that work without
// script. A box with data-suggest becomes a combobox: typing asks for suggestions, ↓ ↑ move through them, Enter
// opens the one chosen (a case) or searches for it (a word), Esc closes the list. Keys are left alone while an
// input method is composing (Japanese is typed that way). Its own file: the CSP allows scripts from this site only.
"use strict";

(() => {
  const DELAY_MS = 120;
  const KIND_LABELS = {case: "事例", pattern: "パターン", system: "システム", theme: "テーマ", term: "語"};
  let boxes = 0;

  function enhance(input) {
    const form = input.form;
    const words = input.dataset.suggest === "words";
    const list = document.createElement("ul");
    list.id = `suggest-${++boxes}`;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "候補");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    let items = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(item) {
      if (item.kind === "case") {
        window.location.href = item.url;
      } else {
        input.value = item.query;
        close();
        form.submit();
      }
    }

    function show(found) {
      items = words ? found.filter((s) => s.kind !== "case") : found;
      list.replaceChildren();
      items.forEach((item, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.kind = item.kind;
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = KIND_LABELS[item.kind] || item.kind;
        const text = document.createElement("span");
        text.className = "text";
        text.textContent = item.text;
        option.append(kind, text);
        // mousedown, not click: it comes before the box loses focus and closes the list.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(item);
        });
        list.append(option);
      });
      active = -1;
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", String(items.length > 0));
      input.removeAttribute("aria-activedescendant");
    }

    function move(step) {
      if (items.length === 0) {
        return;
      }
      // -1 is the box itself: ↓ from the last suggestion comes back to it.
      active = ((active + 1 + step + items.length + 1) % (items.length + 1)) - 1;
      list.querySelectorAll("[role=option]").forEach((option, i) => {
        option.setAttribute("aria-selected", String(i === active));
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", `${list.id}-${active}`);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    async function ask() {
      const q = input.value;
      const ticket = ++asked;
      if (q.trim() === "") {
        close();
        return;
      }
      try {
        const response = await fetch(`/api/suggest?limit=8&q=${encodeURIComponent(q)}`, {headers: {Accept: "application/json"}});
        if (!response.ok || ticket !== asked) {
          return;
        }
        show((await response.json()).suggestions);
      } catch (e) {
        close(); // no suggestions; the form still searches
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (event.isComposing || event.keyCode === 229) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          ask();
        } else {
          event.preventDefault();
          move(event.key === "ArrowDown" ? 1 : -1);
        }
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(items[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-suggest]").forEach(enhance);
  });
})();
