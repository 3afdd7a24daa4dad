// Shared by the list and the editor: requests to the page's own server and short notices.
"use strict";

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
    throw { status: 0, error: "Không kết nối được với gen serve. Cửa sổ chạy gen serve còn mở không?" };
  }
  let data = {};
  try { data = await response.json(); } catch (e) { data = { error: "Máy chủ trả lời không đúng dạng." }; }
  if (!response.ok) {
    data.status = response.status;
    throw data;
  }
  return data;
}
