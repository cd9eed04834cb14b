// 障害事例ナレッジベース: small conveniences on top of pages that work without script.
// Loaded from its own file (the CSP allows scripts from this site only, none inline).
"use strict";

// "/" moves to the search box, as on many sites, unless the user is typing somewhere.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
    return;
  }
  const box = document.querySelector("main form.search input[name=q], header form.search input[name=q]");
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: copy the text of the element named in data-copy, and say so.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const status = button.parentElement.querySelector(".copied");
      try {
        await navigator.clipboard.writeText(source.value);
        status.textContent = "コピーしました";
      } catch (e) {
        source.focus();
        source.select();
        status.textContent = "選択しました。Ctrl+C（⌘C）でコピーしてください";
      }
    });
  }

  // Print buttons on handouts.
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }

  // Enter in a curriculum module's add box searches (its 検索 button) instead of saving the whole form.
  for (const box of document.querySelectorAll("input[data-find]")) {
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        box.form.querySelector(`button[name=action][value="${box.dataset.find}"]`).click();
      }
    });
  }
});
