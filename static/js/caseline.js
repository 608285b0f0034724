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

// After a row is swapped (saved, cancelled, approved), keyboard focus would fall
// back to the top of the page; put it on the row's first control instead.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  if (!target || !target.id || !target.id.startsWith("event-")) return;
  const active = document.activeElement;
  if (active && active !== document.body && document.contains(active)) return;
  const row = document.getElementById(target.id);
  const control = row && row.querySelector("[autofocus], a.button, button, summary");
  if (control) control.focus();
});
