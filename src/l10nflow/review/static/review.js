// l10nflow review: keyboard navigation and repair operations over the JSON API.
// Plain JavaScript, no build step.  Text from the stores is only ever set with
// textContent / value, never as HTML.
"use strict";
(function () {
  const body = document.body;
  const token = body.dataset.token || "";
  const article = body.dataset.article;
  const version = body.dataset.version;
  const live = !body.classList.contains("static");

  const message = document.getElementById("message");
  const messageText = document.getElementById("message-text");
  const reloadButton = document.getElementById("message-reload");
  function show(text, kind, offerReload) {
    messageText.textContent = text;
    message.className = "message" + (kind ? " " + kind : "");
    reloadButton.hidden = !offerReload;
    message.hidden = false;
  }
  document.getElementById("message-close").addEventListener("click", () => { message.hidden = true; });
  reloadButton.addEventListener("click", () => location.reload());

  // --- index: sortable columns ----------------------------------------------------
  const table = document.getElementById("articles");
  if (table) {
    table.querySelectorAll("th[data-sort]").forEach((th, column) => {
      th.addEventListener("click", () => {
        const numeric = th.dataset.sort === "number";
        const ascending = !th.classList.contains("sorted-asc");
        table.querySelectorAll("th").forEach((h) => h.classList.remove("sorted-asc", "sorted-desc"));
        th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
        const tbody = table.tBodies[0];
        const rows = Array.from(tbody.rows);
        const value = (row) => row.cells[column].dataset.value || "";
        rows.sort((a, b) => {
          const x = value(a), y = value(b);
          const order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach((row) => tbody.appendChild(row));
      });
    });
  }

  // --- article page ------------------------------------------------------------------
  const list = document.getElementById("rows");
  if (!list) return;
  const rows = () => Array.from(list.querySelectorAll("li.row"));
  let current = null;
  function select(row, scroll) {
    if (current) current.classList.remove("current");
    current = row;
    if (!row) return;
    row.classList.add("current");
    if (scroll) row.scrollIntoView({ block: "center" });
    if (live) history.replaceState(null, "", "#" + row.id);
  }
  function step(direction) {
    const all = rows();
    const start = current ? all.indexOf(current) : (direction > 0 ? -1 : all.length);
    for (let i = start + direction; i >= 0 && i < all.length; i += direction) {
      if (all[i].dataset.needsReview === "true") { select(all[i], true); return; }
    }
    show(direction > 0 ? "No more pairs needing review below." : "No pair needing review above.", "ok");
  }
  list.addEventListener("click", (event) => {
    const row = event.target.closest("li.row");
    if (row && row !== current) select(row, false);
  });
  if (location.hash.startsWith("#row-")) {
    const row = document.getElementById(location.hash.slice(1));
    if (row) select(row, true);
  }

  async function operate(name, args) {
    let response;
    try {
      response = await send(name, args);
    } catch (error) {
      show("The review server is not answering (was it stopped?). Nothing was saved.", "", false);
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (response.ok) {
      location.reload();
      return;
    }
    const text = (data.error || response.statusText) + (data.hint ? " (" + data.hint + ")" : "");
    show(text, "", response.status === 409);
    body.dataset.lastStatus = String(response.status);
  }
  function send(name, args) {
    return fetch("/api/articles/" + encodeURIComponent(article) + "/" + name, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-L10nflow-Token": token },
      body: JSON.stringify(Object.assign({ version: version }, args)),
    });
  }

  function openForm(row, selector) {
    const form = row.querySelector(selector);
    if (!form) return;
    form.hidden = false;
    const field = form.querySelector("textarea, select");
    if (field) field.focus();
  }
  function closeForms(row) {
    row.querySelectorAll("form").forEach((form) => { form.hidden = true; });
  }
  let linkSource = null;
  function cancelLink() {
    if (linkSource) linkSource.classList.remove("link-source");
    linkSource = null;
    body.classList.remove("linking");
  }

  if (!live) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "j" || event.key === "n") step(1);
      if (event.key === "k" || event.key === "p") step(-1);
    });
    return;
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-op]");
    if (!button) return;
    const row = button.closest("li.row");
    const key = row.dataset.key;
    switch (button.dataset.op) {
      case "accept": operate("accept", { key: key }); break;
      case "join": operate("join", { key: key }); break;
      case "unlink": operate("unlink", { key: key }); break;
      case "edit": openForm(row, "form.editor"); break;
      case "split-start": openForm(row, "form.splitter"); break;
      case "cancel": closeForms(row); break;
      case "link-start":
        cancelLink();
        linkSource = row;
        row.classList.add("link-source");
        body.classList.add("linking");
        show("Now choose the English-only sentence this Vietnamese goes with (Link here), or press Esc.", "ok");
        break;
      case "link-here":
        if (linkSource) operate("link", { key: linkSource.dataset.key, target_key: key });
        break;
    }
  });
  list.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const row = form.closest("li.row");
    if (form.classList.contains("editor")) {
      operate("edit", { key: row.dataset.key, target: form.elements.target.value });
    } else if (form.classList.contains("splitter")) {
      operate("split", { key: row.dataset.key,
                         source_at: parseInt(form.elements.source_at.value, 10),
                         target_at: parseInt(form.elements.target_at.value, 10) });
    }
  });
  list.addEventListener("keydown", (event) => {
    if (event.target.tagName === "TEXTAREA" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });

  document.addEventListener("keydown", (event) => {
    const typing = ["TEXTAREA", "INPUT", "SELECT"].includes(event.target.tagName);
    if (event.key === "Escape") {
      cancelLink();
      if (current) closeForms(current);
      if (typing) event.target.blur();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    switch (event.key) {
      case "j": case "n": step(1); break;
      case "k": case "p": step(-1); break;
      case "a":
        if (current && current.dataset.kind === "pair") operate("accept", { key: current.dataset.key });
        break;
      case "e":
        if (current && current.dataset.kind === "pair") { event.preventDefault(); openForm(current, "form.editor"); }
        break;
      default: return;
    }
  });
})();
