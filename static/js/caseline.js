// Small enhancements for the timeline page. Every action works without this file.
"use strict";

// "Select all on this page" for the bulk actions (hidden when scripts are off).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-select-all]");
  if (!button) return;
  const boxes = [...document.querySelectorAll('input.select[form="bulk-form"]')];
  const all = boxes.length > 0 && boxes.every((box) => box.checked);
  boxes.forEach((box) => { box.checked = !all; });
  button.textContent = all ? "Select all on this page" : "Clear the selection";
});

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((b) => { b.hidden = false; });
});
