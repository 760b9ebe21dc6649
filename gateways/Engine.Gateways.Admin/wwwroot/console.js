// The operator console: a plain-JS page over the admin gateway's HTTP API (actions, with the antiforgery token of the
// session) and its console hub (live state). Every action asks for confirmation; destructive ones ask the operator
// to type a word. The server decides who may do what: a refusal (403) is shown as it is.
"use strict";
const $ = id => document.getElementById(id);
let antiforgery = null;
let latestLimits = [];

function show(id, visible) { $(id).hidden = !visible; }
function say(text, isError) { const m = $("message"); m.textContent = text; m.className = isError ? "error" : ""; }
function cell(row, value) { const td = document.createElement("td"); td.textContent = value ?? ""; row.appendChild(td); return td; }
function fill(tableId, rows, columns) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren(...rows.map(r => { const tr = document.createElement("tr"); columns.forEach(c => cell(tr, r[c])); return tr; }));
}
function prepend(tableId, row, columns, keep = 200) {
  const body = $(tableId).querySelector("tbody");
  const tr = document.createElement("tr");
  columns.forEach(c => cell(tr, row[c]));
  body.prepend(tr);
  while (body.rows.length > keep) body.deleteRow(-1);
}

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (antiforgery) headers["X-CSRF-TOKEN"] = antiforgery;
  const response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = { error: text }; }
  return { status: response.status, json };
}

async function act(path, body, what) {
  const { status, json } = await api("POST", path, body);
  if (status === 200) say(`${what}: applied (journal sequence ${json.journalSequence}, ${json.affected} orders affected)`, false);
  else if (status === 422) say(`${what}: refused by the engine: ${json.result}: ${json.reason}`, true);
  else say(`${what}: refused (${status}): ${json.error}`, true);
  return status;
}

// A confirmation; with a word, the operator must type it exactly.
function confirmAction(title, body, word) {
  return new Promise(resolve => {
    const dialog = $("confirm");
    $("confirm-title").textContent = title;
    $("confirm-body").textContent = body;
    $("confirm-word").textContent = word ?? "";
    $("confirm-type-label").hidden = !word;
    $("confirm-input").value = "";
    $("confirm-error").textContent = "";
    $("confirm-ok").onclick = event => {
      if (word && $("confirm-input").value !== word) {
        event.preventDefault();
        $("confirm-error").textContent = `Type ${word} exactly to confirm.`;
      }
    };
    dialog.onclose = () => resolve(dialog.returnValue === "ok");
    dialog.showModal();
  });
}

// ---- session ----
async function startSession() {
  const { status, json } = await api("GET", "/api/session");
  if (status === 401) { show("login", true); show("app", false); return; }
  if (status === 200) { antiforgery = json.antiforgery; $("who").textContent = `${json.user} (${json.role})`; show("logout", true); }
  show("login", false);
  show("app", true);
  connectHub();
}

$("login-form").addEventListener("submit", async event => {
  event.preventDefault();
  const { status, json } = await api("POST", "/api/login", { name: $("login-name").value, password: $("login-password").value });
  if (status !== 200) { $("login-error").textContent = json.error; return; }
  $("login-password").value = "";
  await startSession();
});

$("logout").addEventListener("click", async () => { await api("POST", "/api/logout", {}); location.reload(); });

// ---- live feeds ----
function connectHub() {
  const hub = new ConsoleHubConnection("/hubs/console");
  hub.onstate = state => { const b = $("engine-state"); if (state !== "connected") { b.textContent = state; b.className = "badge bad"; } };
  hub.on("status", s => {
    const b = $("engine-state");
    b.textContent = s.engineAttached ? `engine attached · ${s.tradingState}${s.killSwitch ? " · KILL SWITCH" : ""}` : "engine gone";
    b.className = "badge " + (s.engineAttached && !s.killSwitch ? "ok" : "bad");
    const items = [["journal sequence", s.journalSequence], ["StateHash", s.stateHash], ["inputs/s", s.inputsPerSecond.toFixed(1)],
      ["journal lag", s.journalLag], ["apply lag", s.applyLag], ["replication lag", s.replicationLag ?? "no replicator"],
      ["kill switch", s.killSwitch ? "ENGAGED" : "off"], ["trading state", s.tradingState], ["open orders", s.openOrders],
      ["fills", s.fills], ["orders accepted", s.ordersAccepted], ["orders refused", s.ordersRefused], ["gateway attachments", s.gatewayAttachments],
      ["accounts", s.accounts.map(a => `${a.account}: ${a.tradingState}${a.killSwitch ? " (killed)" : ""}`).join(", ")]];
    $("status").replaceChildren(...items.flatMap(([k, v]) => { const dt = document.createElement("dt"); dt.textContent = k; const dd = document.createElement("dd"); dd.textContent = v; dd.dataset.key = k; return [dt, dd]; }));
  });
  hub.on("orders", rows => renderOpenOrders(rows));
  hub.on("market", rows => fill("market", rows.map(m => ({ ...m, stale: m.stale ? "STALE" : "" })), ["instrument", "venue", "bidQuantity", "bid", "ask", "askQuantity", "stale"]));
  hub.on("positions", rows => fill("positions", rows, ["account", "instrument", "quantity", "averageEntryPrice", "realisedPnl", "unrealisedPnl", "fees"]));
  hub.on("risk", rows => { latestLimits = rows; renderLimits(); });
  hub.on("order", e => prepend("order-events", e, ["time", "kind", "order", "account", "instrument", "side", "price", "quantity", "result"]));
  hub.on("fill", e => prepend("fills", e, ["time", "causeSequence", "debitAccount", "creditAccount", "asset", "amount"]));
  hub.on("alert", a => { const li = document.createElement("li"); li.textContent = `${a.time} ${a.level}: ${a.text}`; $("alerts").prepend(li); });
  hub.start().catch(() => hub.onstate("disconnected"));
}

// ---- risk limits: validate, show the diff, confirm ----
function renderLimits() {
  const body = $("limits").querySelector("tbody");
  if ($("edit-limit").open) return; // do not move rows under an open editor
  body.replaceChildren(...latestLimits.map(l => {
    const tr = document.createElement("tr");
    [l.scope, l.target, l.limit, l.value, l.used, l.percent >= 0 ? `${l.percent.toFixed(1)} %` : ""].forEach(v => cell(tr, v));
    if (l.percent >= 80) tr.classList.add("near-limit");
    const button = document.createElement("button");
    button.textContent = "Edit…";
    button.onclick = () => editLimit(l);
    cell(tr, "").appendChild(button);
    return tr;
  }));
}

function editLimit(limit) {
  const dialog = $("edit-limit");
  $("edit-limit-what").textContent = `${limit.limit} of ${limit.scope} ${limit.target}: now ${limit.value}`;
  $("edit-limit-value").value = limit.value;
  $("edit-limit-error").textContent = "";
  $("edit-limit-next").onclick = event => {
    const value = $("edit-limit-value").value.trim();
    if (!/^(unlimited|\d+(\.\d+)?)$/.test(value)) { event.preventDefault(); $("edit-limit-error").textContent = "Give a non-negative decimal (e.g. 0.5) or unlimited."; return; }
    if (value === limit.value) { event.preventDefault(); $("edit-limit-error").textContent = "That is the value in force already."; }
  };
  dialog.onclose = async () => {
    if (dialog.returnValue !== "ok") return;
    const value = $("edit-limit-value").value.trim();
    const body = { limit: limit.limit, value };
    if (limit.scope === "instrument") body.instrument = limit.target;
    else if (limit.scope === "account") body.account = Number(limit.target);
    else if (limit.scope === "strategy") body.strategy = Number(limit.target);
    if (await confirmAction("Change a risk limit", `${limit.limit} (${limit.scope} ${limit.target})\n- ${limit.value}\n+ ${value}`, null)) {
      await act("/api/limits", body, `${limit.limit} ${limit.value} -> ${value}`);
    }
  };
  dialog.showModal();
}

// ---- open orders, each with its own cancel (confirmed) ----
function renderOpenOrders(rows) {
  const body = $("open-orders").querySelector("tbody");
  body.replaceChildren(...rows.map(o => {
    const tr = document.createElement("tr");
    ["order", "account", "instrument", "strategy", "side", "price", "remaining", "state"].forEach(c => cell(tr, o[c]));
    const button = document.createElement("button");
    button.textContent = "Cancel…";
    button.className = "cancel-order";
    button.dataset.order = o.order;
    button.disabled = o.state === "pending-cancel";
    button.onclick = () => cancelOrder(o);
    cell(tr, "").appendChild(button);
    return tr;
  }));
}

async function cancelOrder(o) {
  if (await confirmAction(`Cancel order ${o.order}`, `${o.side} ${o.remaining} ${o.instrument} at ${o.price}, account ${o.account}: the engine sends its cancel to the venue.`, null)) {
    await act("/api/cancel-order", { order: o.order, account: o.account }, `cancel order ${o.order}`);
  }
}

// ---- actions ----
$("cancel-all").addEventListener("click", async () => {
  if (await confirmAction("Cancel every account's open orders", "Every open order of every account is canceled.", null)) {
    await act("/api/cancel-all", { allAccounts: true }, "cancel all");
  }
});
$("reconcile").addEventListener("click", async () => {
  if (await confirmAction("Reconcile with every venue", "Each venue gateway compares the venue's open orders, fills and balances or positions with the engine's now: orphans are canceled, missed fills reported, breaks raised as alerts.", null)) {
    await act("/api/reconcile", {}, "reconcile asked");
  }
});
$("kill-engage").addEventListener("click", async () => {
  if (await confirmAction("Engage the global kill switch", "Every open order is canceled and no new order is accepted until it is released.", "KILL")) {
    await act("/api/kill-switch", { scope: "all", action: "engage", reason: "operator console" }, "kill switch engaged");
  }
});
$("kill-release").addEventListener("click", async () => {
  if (await confirmAction("Release the global kill switch", "Trading may resume.", "RELEASE")) {
    await act("/api/kill-switch", { scope: "all", action: "release", reason: "operator console" }, "kill switch released");
  }
});
$("trading-apply").addEventListener("click", async () => {
  const state = $("trading-state").value;
  if (await confirmAction("Set the global trading state", `Trading becomes ${state}.`, state.toUpperCase())) {
    await act("/api/trading-state", { scope: "global", state, reason: "operator console" }, `trading ${state}`);
  }
});

// ---- audit trail ----
async function loadAudit() {
  const query = new URLSearchParams({ user: $("audit-user").value, command: $("audit-command").value, result: $("audit-result").value });
  $("audit-csv").href = "/api/audit?format=csv&" + query;
  const { status, json } = await api("GET", "/api/audit?" + query);
  if (status !== 200) { say(`audit trail: ${json.error}`, true); return; }
  fill("audit", json.entries, ["sequence", "time", "user", "command", "result", "reason", "affected"]);
}
$("audit-filter").addEventListener("submit", event => { event.preventDefault(); loadAudit(); });

document.querySelectorAll("nav button").forEach(button => button.addEventListener("click", () => {
  document.querySelectorAll("nav button").forEach(b => b.classList.toggle("active", b === button));
  document.querySelectorAll(".view").forEach(v => { v.hidden = v.id !== "view-" + button.dataset.view; });
  if (button.dataset.view === "audit") loadAudit();
}));

startSession();
