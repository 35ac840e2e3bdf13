// The live top 10 of the board and period picked: WebSocket first, then Server-Sent Events, then polling; each falls
// back when it cannot connect. Board picker and tabs: boards.js; "your standing": standing.js; the user token: token.js.
import { linkOf, loadBoards, loadTabs, viewOf } from "./boards.js";
import { refreshStanding } from "./standing.js";
import { fill, forget, message } from "./table.js";
import { liveTokenParam, readOptions } from "./token.js";

const $ = (id) => document.getElementById(id);
const base = location.origin;
const wsBase = base.replace(/^http/, "ws");
const transports = ["websocket", "sse", "polling"];
let view = viewOf(location.href);
let generation = 0; // bumped on every switch: callbacks of an older board's connection see it and stop
let stopLive = () => {};
let backoff = 500;
let pollTimer = 0;
let retryWebSocketTimer = 0;
let liveBoards = null; // whether live channels carry boards other than global (a promise, asked once)

// Every channel's rows, reduced to one shape.
const fromSeed004 = (m) => ({ rows: m.entries.map((e) => ({ id: e.userId, name: e.displayName, score: e.score, rank: e.rank })), at: m.generatedAt, seq: m.sequence });
const fromSeed001 = (m, id) => ({ rows: m.data.map((e) => ({ id: e.user_id, name: e.username, score: e.score, rank: e.rank })), at: m.timestamp, seq: Number(id) });
const fromSeed002 = (d) => ({ rows: d.leaderboard.map((e) => ({ id: e.userId, name: e.username, score: e.score, rank: e.rank })), at: d.lastUpdated, seq: d.sequence });
const fromBoards = (b) => ({ rows: b.entries.map((e) => ({ id: e.userId, name: e.displayName ?? e.userId, score: e.score, rank: e.rank })), at: b.generatedAt, seq: b.seq });
const isGlobal = () => view.board === "global";

function setStatus(kind, text) {
  $("status").className = "status " + kind;
  $("status-text").textContent = text;
  document.body.dataset.transport = kind === "connecting" ? "" : text.split(" · ").pop().toLowerCase();
}

// A board arrived: into the table, and the visitor's standing may have moved with it.
function render(board) {
  fill(board);
  backoff = 500;
  refreshStanding(view);
}

// The query a live channel gets: the board and period (global's channels need none), and the token where reads need one.
function liveQuery() {
  const params = liveTokenParam(new URLSearchParams(isGlobal() ? {} : { board: view.board, period: view.period }));
  return params.size ? "?" + params : "";
}

// A server whose live channels know `board` refuses a malformed one (400); one that does not would push global instead,
// so a non-global board then polls its own reads. One request, aborted as soon as its status is known.
async function probeStatus(query) {
  const request = new AbortController();
  try {
    const reply = await fetch(base + "/leaderboard/stream" + query, { signal: request.signal, cache: "no-store" });
    return { status: reply.status, code: reply.status === 503 ? (await reply.json())?.error?.code : null };
  } catch {
    return { status: 0 };
  } finally {
    request.abort();
  }
}

async function connect(index) {
  const gen = generation;
  clearTimeout(pollTimer);
  setStatus("connecting", "Connecting…");
  if (!isGlobal()) {
    liveBoards ??= probeStatus("?" + liveTokenParam(new URLSearchParams({ board: "!" }))).then((r) => r.status === 400);
    if (!(await liveBoards)) index = transports.length - 1;
  }
  if (gen !== generation) return;
  const kind = transports[index % transports.length];
  ({ websocket: viaWebSocket, sse: viaSse, polling: viaPolling })[kind](index, gen);
}

// A transport that fails before its first board hands over to the next; one that drops later starts over with WebSocket.
function failed(index, gotData, gen) {
  if (gen !== generation) return;
  if (gotData) { setTimeout(() => gen === generation && connect(0), backoff); backoff = Math.min(backoff * 2, 15000); }
  else connect(index + 1);
}

function viaWebSocket(index, gen) {
  let gotData = false;
  let done = false;
  const socket = new WebSocket(wsBase + "/ws/scoreboard" + liveQuery());
  const finish = () => { if (!done) { done = true; failed(index, gotData, gen); } };
  stopLive = () => { done = true; socket.close(); };
  socket.onmessage = (e) => { gotData = true; setStatus("live", "Live · WebSocket"); render(fromSeed004(JSON.parse(e.data))); };
  socket.onclose = finish;
  socket.onerror = () => socket.close();
}

function viaSse(index, gen) {
  let gotData = false;
  const source = new EventSource(base + "/leaderboard/stream" + liveQuery());
  stopLive = () => source.close();
  source.addEventListener("leaderboard_update", (e) => { gotData = true; setStatus("live", "Live · SSE"); render(fromSeed001(JSON.parse(e.data), e.lastEventId)); });
  // EventSource reconnects by itself (sending Last-Event-ID); give up on it only when it never worked.
  source.onerror = () => { if (!gotData || source.readyState === EventSource.CLOSED) { source.close(); failed(index, gotData, gen); } };
}

function viaPolling(index, gen) {
  let since = null;
  let lastSeq = null;
  let label = "Polling";
  // Why the push channels failed: the operator may have switched live updates off (503 LIVE_DISABLED).
  probeStatus(liveQuery()).then(({ code }) => {
    if (code !== "LIVE_DISABLED") return;
    label = "Live updates off · Polling";
    if (gen === generation && document.body.dataset.transport === "polling") setStatus("polling", label);
  });
  const poll = async () => {
    try {
      const query = since ? "?since=" + encodeURIComponent(since) : "";
      const path = isGlobal() ? "/api/v1/scores/leaderboard/changes" + query
        : `/api/v1/boards/${encodeURIComponent(view.board)}/top?limit=10&period=${encodeURIComponent(view.period)}`;
      const reply = await fetch(base + path, readOptions());
      if (gen !== generation) return;
      if (reply.status === 400 || reply.status === 404) return notShown((await reply.json())?.error?.message);
      if (!reply.ok) throw new Error(String(reply.status));
      const body = await reply.json();
      if (gen !== generation) return;
      setStatus("polling", label);
      if (isGlobal() && body.data.hasChanges) render(fromSeed002(body.data));
      if (!isGlobal() && body.seq !== lastSeq) render(fromBoards(body));
      since = body.data?.lastUpdated;
      lastSeq = body.seq;
      pollTimer = setTimeout(poll, 2000);
    } catch {
      if (gen !== generation) return;
      pollTimer = setTimeout(poll, backoff);
      backoff = Math.min(backoff * 2, 15000);
      setStatus("connecting", "Reconnecting…");
    }
  };
  poll();
  // Polling is the last resort: try the push channels again now and then.
  clearTimeout(retryWebSocketTimer);
  retryWebSocketTimer = setTimeout(() => { if (gen === generation && document.body.dataset.transport === "polling") connect(0); }, 60000);
}

function notShown(text) {
  setStatus("problem", "Not shown");
  message(text ?? "This board or period is not available.");
}

// Another board or period: a fresh table, tabs, standing and connection. `push` adds it to the history (a picked one).
function show(next, push) {
  generation++;
  stopLive();
  clearTimeout(pollTimer);
  clearTimeout(retryWebSocketTimer);
  view = next;
  if (push) history.pushState(null, "", linkOf(view));
  forget();
  backoff = 500;
  message("Loading…");
  $("board-picker").value = view.board;
  loadTabs(view, () => refreshStanding(view));
  refreshStanding(view);
  connect(0);
}

$("board-picker").addEventListener("change", () => show({ board: $("board-picker").value, period: "current" }, true));
$("picker").addEventListener("submit", (e) => { e.preventDefault(); show({ board: $("board-picker").value, period: "current" }, true); });
$("periods").addEventListener("click", (e) => {
  const link = e.target.closest("a[href]");
  if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return; // a new tab or window keeps the link's own way
  e.preventDefault();
  show(viewOf(link.href), true);
});
window.addEventListener("popstate", () => show(viewOf(location.href), false));

async function setUpDemo() {
  const probe = await fetch(base + "/api/v1/demo").catch(() => null);
  if (!probe || !probe.ok) return;
  $("demo").hidden = false;
  $("play").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("name").value.trim();
    const reply = await fetch(base + "/api/v1/demo/play", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name }) });
    const body = await reply.json();
    $("played").textContent = reply.ok ? `${body.name} scored +${body.points}: ${body.score} points.` : body.error?.message ?? "That did not work.";
  });
}

$("show-board").hidden = true; // the picker switches on change; the button is for pages without JavaScript
loadBoards(view);
loadTabs(view, () => refreshStanding(view));
refreshStanding(view);
if (document.body.dataset.state === "problem") setStatus("problem", "Not shown");
else connect(0);
setUpDemo();
