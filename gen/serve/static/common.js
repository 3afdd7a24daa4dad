// Shared by the list and the editor: requests to the page's own server and short notices.
"use strict";

// The page's texts in the user's language, from gettext (gen/locale), given by the server.
const TEXTS = JSON.parse(document.getElementById("texts").textContent);
function tr(id, params) {
  return (TEXTS[id] || id).replace(/\{(\w+)\}/g, (all, name) => (params && name in params ? params[name] : all));
}

function toast(message, kind) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.className = "show " + (kind || "");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = ""; }, kind === "error" ? 9000 : 4000);
}

async function api(url, body, options) {
  const init = Object.assign({ method: "POST", credentials: "same-origin", headers: {} }, options || {});
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw { status: 0, error: tr("ui.js.offline") };
  }
  let data = {};
  try { data = await response.json(); } catch (e) { data = { error: tr("ui.js.bad_answer") }; }
  if (!response.ok) {
    data.status = response.status;
    throw data;
  }
  return data;
}
