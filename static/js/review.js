// Keyboard review of the timeline, as in a mail client, and the rows' sources
// panels. Every action also works as a plain link or form without this file.
"use strict";

(() => {
  const ROW = "#event-list li.event";

  const rows = () => [...document.querySelectorAll(ROW)];
  const currentRow = () => {
    const active = document.activeElement;
    const row = active && active.closest && active.closest(ROW);
    return row || document.querySelector(`${ROW}.current`);
  };

  // Rows come light from the server; the script makes them focusable and their
  // source counts toggles (without it, the count is a link to the event's page).
  function enhance() {
    document.querySelectorAll(`${ROW}:not([tabindex])`).forEach((row) => {
      row.tabIndex = -1;
      const link = row.querySelector(".sources-toggle");
      if (link && !link.hasAttribute("aria-expanded")) link.setAttribute("aria-expanded", "false");
    });
  }
  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("htmx:afterSettle", enhance);

  function setCurrent(row, { focus = true } = {}) {
    if (!row) return;
    document.querySelectorAll(`${ROW}.current`).forEach((r) => {
      if (r !== row) r.classList.remove("current");
    });
    row.classList.add("current");
    attachActions(row);
    if (focus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  // The row's actions (from the #row-actions template), added once the row is
  // pointed at or in use. They stay: removing them would move the rows below.
  function attachActions(row) {
    const template = document.getElementById("row-actions");
    if (!template || !row.matches(ROW)) return;
    if (row.querySelector(".actions") || row.classList.contains("editing")) return;
    const side = row.querySelector(".event-side");
    const link = row.querySelector(".sources-toggle");
    if (!side || !link) return;
    const bar = template.content.firstElementChild.cloneNode(true);
    bar.dataset.attached = "";
    const base = new URL(link.href).pathname;
    const date = row.querySelector("time").textContent;
    bar.querySelectorAll("[data-date]").forEach((span) => { span.textContent = ` the event of ${date}`; });
    const edit = bar.querySelector('[data-action="edit"]');
    if (edit) edit.href = `${base}edit/`;
    const hide = { approved: "approve", rejected: "reject", proposed: "reopen" };
    for (const [status, action] of Object.entries(hide)) {
      const button = bar.querySelector(`[data-action="${action}"]`);
      if (button && row.classList.contains(`status-${status}`)) button.remove();
    }
    side.append(bar);
  }

  document.addEventListener("click", (event) => {
    const control = event.target.closest(`${ROW} [data-action]`);
    if (!control || !window.htmx) return;
    event.preventDefault();
    act(control.closest("li.event"), control.dataset.action);
  });

  function act(row, action) {
    const link = row.querySelector(".sources-toggle");
    const base = new URL(link.href).pathname;
    const context = { source: row, target: row, swap: "outerHTML" };
    if (action === "edit") {
      window.htmx.ajax("GET", `${base}edit/`, context);
    } else {
      // The version the page shows, so that a change made meanwhile is not overwritten.
      const version = row.querySelector("input.select").value.split(":")[1];
      window.htmx.ajax("POST", `${base}${action}/`, { ...context, values: { version } });
    }
  }

  function move(step) {
    const all = rows();
    if (!all.length) return;
    const index = all.indexOf(currentRow());
    const next = index < 0 ? all[0] : all[Math.min(all.length - 1, Math.max(0, index + step))];
    setCurrent(next);
  }

  // Sources: the first opening loads the panel with htmx, later ones show or hide it.
  function toggleSources(row, open) {
    const link = row && row.querySelector(".sources-toggle");
    if (!link) return;
    let panel = row.querySelector(".sources-panel");
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "sources-panel";
      panel.hidden = true;
      row.append(panel);
    }
    const show = open === undefined ? panel.hidden : open;
    if (show && !panel.hasChildNodes()) {
      const url = new URL(link.href);
      url.pathname += "sources/";
      panel.setAttribute("aria-busy", "true");
      window.htmx.ajax("GET", url.pathname + url.search, { source: link, target: panel, swap: "innerHTML" })
        .then(() => panel.removeAttribute("aria-busy"));
    }
    panel.hidden = !show;
    row.classList.toggle("expanded", show);
    link.setAttribute("aria-expanded", String(show));
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest(`${ROW} .sources-toggle`);
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    toggleSources(link.closest("li.event"));
  });

  const ACTIONS = { a: "approve", r: "reject", e: "edit" };

  function press(row, key) {
    if (!row) return false;
    attachActions(row);
    const control = row.querySelector(`[data-action="${ACTIONS[key]}"]`);
    if (!control) return false;
    act(row, ACTIONS[key]);
    return true;
  }

  function closeOpen() {
    const dialog = document.getElementById("keys-help");
    if (dialog && dialog.open) { dialog.close(); return; }
    const editing = document.activeElement && document.activeElement.closest("li.event.editing");
    const form = editing || document.querySelector("li.event.editing");
    if (form) {
      const cancel = [...form.querySelectorAll("a.button")].find((a) => a.textContent.trim() === "Cancel");
      if (cancel) { cancel.click(); return; }
    }
    const row = currentRow();
    if (row && row.classList.contains("expanded")) toggleSources(row, false);
  }

  function showHelp() {
    const dialog = document.getElementById("keys-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-keys-help]")) showHelp();
  });

  const TYPING = "input, textarea, select, [contenteditable]";

  document.addEventListener("keydown", (event) => {
    if (!document.getElementById("event-list")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      closeOpen();
      return;
    }
    const target = event.target;
    if (target.closest && target.closest(TYPING)) return;
    if (document.querySelector("#keys-help[open]")) return;
    const row = currentRow();
    // Enter on a row (not on one of its buttons or links) opens its sources.
    const onRow = row && target === row;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": toggleSources(row); break;
      case "Enter": if (!onRow) return; toggleSources(row); break;
      case "a": if (!press(row, "a")) return; break;
      case "r": if (!press(row, "r")) return; break;
      case "e": if (!press(row, "e")) return; break;
      case "x": {
        const box = row && row.querySelector("input.select");
        if (!box) return;
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        break;
      }
      case "m": {
        const merge = document.querySelector('#bulk-form [data-key="m"]');
        if (!merge) return;
        merge.click();
        break;
      }
      case "?": showHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  // Pointing at a row shows its actions; a click inside it makes it the current one.
  document.addEventListener("pointerover", (event) => {
    const row = event.target.closest && event.target.closest(ROW);
    if (row) attachActions(row);
  });

  document.addEventListener("focusin", (event) => {
    const row = event.target.closest && event.target.closest(ROW);
    if (row) setCurrent(row, { focus: false });
  });

  // The selection survives a row being swapped (edited, cancelled, approved) and
  // the bulk bar says how many events are selected.
  const BOX = 'input.select[form="bulk-form"]';
  const selected = new Set();
  const codeOf = (box) => box.value.split(":")[0];
  function readSelection() {
    document.querySelectorAll(BOX).forEach((box) => {
      if (box.checked) selected.add(codeOf(box));
      else selected.delete(codeOf(box));
    });
    countSelected();
  }
  function countSelected() {
    const label = document.querySelector("[data-selected-count]");
    if (!label) return;
    document.querySelectorAll(BOX).forEach((box) => {
      if (selected.has(codeOf(box))) box.checked = true;
    });
    const n = document.querySelectorAll(`${BOX}:checked`).length;
    label.textContent = `${n} selected`;
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches(BOX)) readSelection();
  });
  document.addEventListener("DOMContentLoaded", readSelection);
  document.addEventListener("htmx:afterSettle", countSelected);
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-select-all]")) readSelection();
  });
  // A bulk action is done with its selection.
  ["eventsApproved", "eventsRejected", "eventsReopened"].forEach((name) => {
    document.addEventListener(name, () => selected.clear());
  });

  // After an htmx swap the focus would fall back to the page; put it back on
  // the same row (or the control with the same id) so review goes on.
  let remembered = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    const row = active && active.closest && active.closest("li.event");
    remembered = { id: active && active.id, rowId: row ? row.id : (currentRow() || {}).id };
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    const target = event.detail.target;
    const byId = remembered && remembered.id && document.getElementById(remembered.id);
    if (byId) { byId.focus(); return; }
    const rowId = (remembered && remembered.rowId) || (target && target.id);
    const row = rowId && document.getElementById(rowId);
    if (!row) return;
    const autofocus = row.querySelector("[autofocus]");
    if (autofocus) { autofocus.focus(); return; }
    if (row.matches(ROW)) setCurrent(row);
    else row.focus();
  });

  // The overview strip is one tab stop; the arrow keys move between its months.
  function rovingStrip() {
    const links = [...document.querySelectorAll("svg.strip a")];
    if (!links.length || links.some((a) => a.getAttribute("tabindex") === "0")) return;
    links.forEach((a, i) => a.setAttribute("tabindex", i === 0 ? "0" : "-1"));
  }
  document.addEventListener("keydown", (event) => {
    const link = event.target.closest && event.target.closest("svg.strip a");
    if (!link) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    const links = [...document.querySelectorAll("svg.strip a")];
    let index = links.indexOf(link);
    if (step) index = Math.min(links.length - 1, Math.max(0, index + step));
    else if (event.key === "Home") index = 0;
    else if (event.key === "End") index = links.length - 1;
    else return;
    event.preventDefault();
    event.stopPropagation();
    links.forEach((a, i) => a.setAttribute("tabindex", i === index ? "0" : "-1"));
    links[index].focus();
  });
  document.addEventListener("DOMContentLoaded", rovingStrip);
  document.addEventListener("htmx:afterSettle", rovingStrip);
})();
