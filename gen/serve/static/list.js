"use strict";
document.getElementById("import-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("import-file");
  if (!input.files.length) { toast(tr("ui.js.choose_file"), "error"); return; }
  const form = new FormData();
  form.append("tep", input.files[0]);
  const button = document.getElementById("import-button");
  button.disabled = true;
  try {
    const data = await api("/api/import", form);
    sessionStorage.setItem("gen-notes", JSON.stringify(data.notes || []));
    location.href = "/sua?path=" + encodeURIComponent(data.path);
  } catch (e) {
    toast(e.error || tr("ui.js.import_failed"), "error");
  } finally {
    button.disabled = false;
  }
});
