// The editor page: CodeMirror on the YAML, the findings of gen check at their lines while typing,
// the pages drawn from the .docx, saving with a conflict check, and the actions of the toolbar.
"use strict";

const main = document.querySelector("main.editor");
const state = {
  path: main.dataset.path,
  version: main.dataset.version,
  saved: null,      // the text as last saved or loaded
  schema: null,
  findings: [],
  previewSeq: 0,
};

const SEVERITY = { error: tr("ui.js.severity.error"), warning: tr("ui.js.severity.warning"), info: tr("ui.js.severity.info") };

// -- the editor ------------------------------------------------------------------------------------
const editor = CodeMirror.fromTextArea(document.getElementById("source"), {
  mode: "yaml",
  lineNumbers: true,
  lineWrapping: true,
  indentUnit: 2,
  tabSize: 2,
  indentWithTabs: false,
  styleActiveLine: true,
  gutters: ["CodeMirror-lint-markers", "CodeMirror-linenumbers"],
  lint: { getAnnotations: checkAsYouType, async: true, delay: 350, lintOnChange: true },
  extraKeys: {
    "Ctrl-Space": "autocomplete",
    // YAML forbids tabs: the Tab key indents with spaces.
    Tab: (cm) => cm.somethingSelected() ? cm.indentSelection("add") : cm.replaceSelection("  ", "end"),
    "Shift-Tab": (cm) => cm.indentSelection("subtract"),
  },
  hintOptions: { hint: schemaHint, completeSingle: false },
});
state.saved = editor.getValue();
window.genEditor = editor; // for the browser tests and for anyone curious

editor.on("change", () => {
  document.getElementById("dirty").hidden = editor.getValue() === state.saved;
});
editor.on("inputRead", (cm, change) => {
  // Offer keys and values while typing a word or after "key: ".
  if (/^[a-z_]$/i.test(change.text[0]) || change.text[0] === " " && /:\s$/.test(cm.getLine(change.from.line).slice(0, change.from.ch + 1))) {
    cm.showHint({ completeSingle: false });
  }
});
window.addEventListener("beforeunload", (event) => {
  if (editor.getValue() !== state.saved) { event.preventDefault(); event.returnValue = ""; }
});
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") { event.preventDefault(); save(false); }
});

// -- checking as you type and the live page ------------------------------------------------------------
function checkAsYouType(text, updateLinting, options, cm) {
  const seq = ++state.previewSeq;
  api("/api/preview", { path: state.path, text: text }).then((data) => {
    if (seq !== state.previewSeq) return; // an older answer arriving late
    showFindings(data.findings);
    updateLinting(cm, data.findings.map((f) => annotation(cm, f)));
    if (data.html !== null) {
      setPages("pages", data.html);
      document.getElementById("page-count").textContent = tr("ui.js.pages", { pages: data.pages });
      document.getElementById("pages").classList.remove("stale");
    } else {
      const pages = document.getElementById("pages");
      pages.classList.add("stale");
      if (!pages.querySelector(".page")) {
        const note = document.createElement("p");
        note.className = "no-page";
        note.textContent = tr("ui.js.no_page");
        pages.replaceChildren(note);
      }
      document.getElementById("page-count").textContent = tr("ui.js.stale");
    }
  }).catch((e) => { if (seq === state.previewSeq) toast(e.error || tr("ui.js.check_failed"), "error"); });
}

function annotation(cm, finding) {
  const line = Math.max(0, Math.min(cm.lineCount() - 1, finding.line - 1));
  const text = cm.getLine(line) || "";
  const from = Math.max(0, Math.min(text.length, finding.column - 1));
  let to = text.length;
  // A message that opens with the words concerned ("chỉ đao": …) underlines just those words,
  // when they stand at the finding's column (spelling slips, typing slips).
  const quoted = /^"([^"]+)"/.exec(finding.message);
  if (quoted && text.substr(from, quoted[1].length) === quoted[1]) to = from + quoted[1].length;
  if (to <= from) to = from + 1;
  return {
    from: CodeMirror.Pos(line, from),
    to: CodeMirror.Pos(line, to),
    message: finding.message + " [" + finding.rule + "]",
    severity: finding.severity === "info" ? "warning" : finding.severity,
  };
}

function showFindings(findings) {
  state.findings = findings;
  const list = document.getElementById("findings");
  list.textContent = "";
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  document.getElementById("findings-title").textContent = findings.length
    ? tr("ui.js.findings", { errors: errors, warnings: warnings })
    : tr("ui.js.no_findings");
  for (const f of findings) {
    const item = document.createElement("li");
    item.className = "finding " + f.severity;
    item.dataset.line = f.line;
    item.dataset.rule = f.rule;
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = tr("ui.js.line", { line: f.line }) + (f.file && !state.path.endsWith(f.file.split("/").pop()) ? ` (${f.file})` : "");
    const what = document.createElement("span");
    what.className = "what";
    what.textContent = `${SEVERITY[f.severity] || f.severity}: ${f.message}`;
    const rule = document.createElement("code");
    rule.textContent = f.rule;
    item.append(where, what, rule);
    item.addEventListener("click", () => {
      editor.focus();
      editor.setCursor({ line: f.line - 1, ch: Math.max(0, f.column - 1) });
      editor.scrollIntoView(null, 120);
    });
    list.append(item);
  }
}

function setPages(id, html) {
  const box = document.getElementById(id);
  box.innerHTML = html;
  fitPages(box);
}

function fitPages(box) {
  const view = box.parentElement;
  // the widest page fits: a landscape appendix is as wide as the pane, its portrait pages narrower
  const widths = Array.from(box.querySelectorAll(".page"), (page) => page.offsetWidth);
  if (!widths.length) return;
  const scale = Math.min(1.5, (view.clientWidth - 24) / Math.max(...widths));
  box.style.zoom = scale > 0 ? scale : 1;
}
window.addEventListener("resize", () => document.querySelectorAll(".pages").forEach(fitPages));

// -- completion from the JSON Schema of gen schema ---------------------------------------------------
api("/api/schema", undefined, { method: "GET" }).then((schema) => { state.schema = schema; }).catch(() => {});

function resolve(node) {
  if (!node || !state.schema) return null;
  if (node.$ref) node = state.schema.$defs[node.$ref.split("/").pop()];
  if (node.type === "array" || (Array.isArray(node.type) && node.type.includes("array") && node.items)) return resolve(node.items);
  if (node.anyOf) {
    const merged = { properties: {}, anyOf: null };
    for (const option of node.anyOf) {
      const r = resolve(option);
      if (r && r.properties) Object.assign(merged.properties, r.properties);
    }
    return merged;
  }
  return node;
}

function keyIndent(text) {
  const m = /^(\s*)(-\s+)?/.exec(text);
  return m[1].length + (m[2] ? m[2].length : 0);
}

function parentKeys(cm, lineNo, indent) {
  const keys = [];
  let limit = indent;
  for (let l = lineNo - 1; l >= 0 && limit > 0; l--) {
    const text = cm.getLine(l);
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const ki = keyIndent(text);
    if (ki < limit) {
      const m = /^\s*(?:-\s+)?([A-Za-z_][\w]*)\s*:/.exec(text);
      if (m) keys.unshift(m[1]);
      limit = ki;
    }
  }
  return keys;
}

function schemaAt(keys) {
  let node = resolve(state.schema);
  for (const key of keys) {
    if (!node || !node.properties || !node.properties[key]) return null;
    node = resolve(node.properties[key]);
  }
  return node;
}

function schemaHint(cm) {
  if (!state.schema) return null;
  const cursor = cm.getCursor();
  const line = cm.getLine(cursor.line);
  const before = line.slice(0, cursor.ch);
  const valueMatch = /^(\s*(?:-\s+)?)([A-Za-z_]\w*)\s*:\s*([^\s]*)$/.exec(before);
  if (valueMatch) {
    const keys = parentKeys(cm, cursor.line, keyIndent(line));
    const parent = schemaAt(keys);
    const field = parent && parent.properties && parent.properties[valueMatch[2]];
    const values = field && (field.enum || (field.items && field.items.enum));
    if (!values) return null;
    const typed = valueMatch[3];
    return {
      list: values.filter((v) => v !== null && String(v).startsWith(typed)).map((v) => ({ text: String(v), displayText: String(v) })),
      from: CodeMirror.Pos(cursor.line, cursor.ch - typed.length),
      to: cursor,
    };
  }
  const keyMatch = /^(\s*(?:-\s+)?)([A-Za-z_]\w*)?$/.exec(before);
  if (!keyMatch) return null;
  const typed = keyMatch[2] || "";
  const keys = parentKeys(cm, cursor.line, keyIndent(line));
  const node = schemaAt(keys);
  if (!node || !node.properties) return null;
  const list = Object.keys(node.properties)
    .filter((k) => k.startsWith(typed))
    .map((k) => ({
      text: k + ": ",
      displayText: k + (node.properties[k].description ? " — " + node.properties[k].description.slice(0, 70) : ""),
    }));
  return { list: list, from: CodeMirror.Pos(cursor.line, cursor.ch - typed.length), to: cursor };
}

// -- saving --------------------------------------------------------------------------------------
async function save(force) {
  const text = editor.getValue();
  try {
    const data = await api("/api/save", { path: state.path, text: text, version: state.version, force: !!force });
    state.version = data.version;
    state.saved = text;
    document.getElementById("dirty").hidden = true;
    toast(data.message);
    return true;
  } catch (e) {
    if (e.status === 409) { showConflict(text, e.text, e.version); return false; }
    toast(e.error || tr("ui.js.save_failed"), "error");
    return false;
  }
}

function showConflict(mine, disk, diskVersion) {
  const dialog = document.getElementById("conflict");
  document.getElementById("conflict-mine").value = mine;
  document.getElementById("conflict-disk").value = disk;
  dialog.dataset.version = diskVersion;
  dialog.showModal();
}
document.getElementById("conflict-keep-mine").addEventListener("click", async () => {
  document.getElementById("conflict").close();
  await save(true);
});
document.getElementById("conflict-take-disk").addEventListener("click", () => {
  const dialog = document.getElementById("conflict");
  const disk = document.getElementById("conflict-disk").value;
  editor.setValue(disk);
  state.saved = disk;
  state.version = dialog.dataset.version;
  document.getElementById("dirty").hidden = true;
  dialog.close();
  toast(tr("ui.js.took_disk"));
});
document.getElementById("conflict-cancel").addEventListener("click", () => document.getElementById("conflict").close());
document.getElementById("btn-save").addEventListener("click", () => save(false));

// Downloads and actions work on the saved file: save first when there are changes.
async function savedFirst() {
  return editor.getValue() === state.saved || await save(false);
}
// Files are fetched first, so that a failure (no LibreOffice, an error in the text) is a message on
// this page instead of a page of its own.
async function download(url, button) {
  if (button) button.classList.add("busy");
  try {
    const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
    if (!response.ok) {
      let message = tr("ui.js.download_failed");
      try { message = (await response.json()).error || message; } catch (e) { /* keep the general message */ }
      toast(message, "error");
      return;
    }
    const disposition = response.headers.get("content-disposition") || "";
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const plain = /filename="([^"]+)"/.exec(disposition);
    const name = encoded ? decodeURIComponent(encoded[1]) : plain ? plain[1] : "van-ban";
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    const note = response.headers.get("x-gen-note");
    if (note) toast(decodeURIComponent(note), "error");
  } catch (e) {
    toast(tr("ui.js.offline"), "error");
  } finally {
    if (button) button.classList.remove("busy");
  }
}
for (const id of ["btn-docx", "btn-pdf"]) {
  document.getElementById(id).addEventListener("click", async (event) => {
    event.preventDefault();
    const button = event.currentTarget;
    if (await savedFirst()) await download(button.getAttribute("href"), button);
  });
}

document.getElementById("btn-new").addEventListener("click", async () => {
  if (!await savedFirst()) return;
  try {
    const data = await api("/api/new", { path: state.path });
    toast(data.message);
    location.href = "/sua?path=" + encodeURIComponent(data.path);
  } catch (e) { toast(e.error || tr("ui.js.new_failed"), "error"); }
});

document.getElementById("btn-diff").addEventListener("click", async () => {
  if (!await savedFirst()) return;
  showTab("diff");
  const summary = document.getElementById("diff-summary");
  summary.textContent = tr("ui.js.comparing");
  try {
    const data = await api("/api/diff", { path: state.path });
    summary.textContent = "";
    const head = document.createElement("span");
    head.textContent = tr("ui.js.compared", { old: data.old, summary: data.empty ? tr("ui.js.no_change") : data.summary }) + " ";
    const link = document.createElement("a");
    link.href = data.download;
    link.id = "diff-download";
    link.textContent = tr("ui.js.redline_link");
    link.addEventListener("click", (event) => { event.preventDefault(); download(data.download); });
    summary.append(head, link);
    setPages("diff-pages", data.html);
  } catch (e) {
    summary.textContent = e.error || tr("ui.js.compare_failed");
  }
});

const commitButton = document.getElementById("btn-commit");
if (commitButton) {
  commitButton.addEventListener("click", async () => {
    if (!await savedFirst()) return;
    const dialog = document.getElementById("commit-dialog");
    document.getElementById("commit-message").value = "";
    dialog.showModal();
  });
  document.getElementById("commit-cancel").addEventListener("click", () => document.getElementById("commit-dialog").close());
  document.getElementById("commit-ok").addEventListener("click", async () => {
    const message = document.getElementById("commit-message").value;
    document.getElementById("commit-dialog").close();
    try {
      const data = await api("/api/commit", { path: state.path, message: message });
      toast(data.message);
    } catch (e) { toast(e.error || tr("ui.js.commit_failed"), "error"); }
  });
}

// -- the views on the right ------------------------------------------------------------------------------
function showTab(name) {
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.tab === name);
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== "view-" + name;
  if (name === "pdf") loadPdf();
  document.querySelectorAll(".pages").forEach(fitPages);
}
for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => showTab(tab.dataset.tab));

async function loadPdf() {
  if (!await savedFirst()) return;
  const frame = document.getElementById("pdf-frame");
  frame.src = "/xem/pdf?path=" + encodeURIComponent(state.path) + "&v=" + state.version.slice(0, 12);
}

// Notes of an import just made: shown once, in the findings area.
const notes = JSON.parse(sessionStorage.getItem("gen-notes") || "[]");
if (notes.length) {
  sessionStorage.removeItem("gen-notes");
  const box = document.createElement("section");
  box.className = "notes";
  box.id = "import-notes";
  const title = document.createElement("h2");
  title.textContent = tr("ui.js.import_notes");
  box.append(title);
  const list = document.createElement("ul");
  for (const note of notes) { const li = document.createElement("li"); li.textContent = note; list.append(li); }
  box.append(list);
  document.querySelector(".findings").prepend(box);
}
