// The live top 10: WebSocket first, then Server-Sent Events, then polling; each falls back when it cannot connect.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const base = location.origin;
  const wsBase = base.replace(/^http/, "ws");
  const transports = ["websocket", "sse", "polling"];
  // userId -> { rank, score } on the board shown; the server sent the page with the board already in it.
  let previous = new Map([...$("rows").querySelectorAll("tr[data-user]")]
    .map((tr) => [tr.dataset.user, { rank: Number(tr.querySelector(".rank").textContent), score: Number(tr.dataset.score) }]));
  let backoff = 500;
  let pollTimer = 0;
  let retryWebSocketTimer = 0;

  // Every channel's rows, reduced to one shape.
  const fromSeed004 = (m) => ({ rows: m.entries.map((e) => ({ id: e.userId, name: e.displayName, score: e.score, rank: e.rank })), at: m.generatedAt, seq: m.sequence });
  const fromSeed001 = (m, id) => ({ rows: m.data.map((e) => ({ id: e.user_id, name: e.username, score: e.score, rank: e.rank })), at: m.timestamp, seq: Number(id) });
  const fromSeed002 = (d) => ({ rows: d.leaderboard.map((e) => ({ id: e.userId, name: e.username, score: e.score, rank: e.rank })), at: d.lastUpdated, seq: d.sequence });

  function setStatus(kind, text) {
    $("status").className = "status " + kind;
    $("status-text").textContent = text;
    document.body.dataset.transport = kind === "connecting" ? "" : text.split(" · ").pop().toLowerCase();
  }

  function render(board) {
    const body = $("rows");
    const next = new Map();
    const fragment = document.createDocumentFragment();
    for (const row of board.rows) {
      next.set(row.id, { rank: row.rank, score: row.score });
      const shown = previous.get(row.id);
      const before = shown?.rank;
      const tr = document.createElement("tr");
      tr.dataset.user = row.id;
      tr.dataset.score = String(row.score);
      // textContent, never innerHTML: names are whatever users chose.
      const cells = [String(row.rank), row.name, row.score.toLocaleString(), ""];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        td.className = ["rank", "name", "num score", "move"][i];
        tr.appendChild(td);
      });
      const move = tr.lastChild;
      if (previous.size > 0 && before === undefined) { move.textContent = "★"; move.classList.add("new"); move.title = "new on the board"; }
      else if (before > row.rank) { move.textContent = "▲"; move.classList.add("up"); move.title = "up " + (before - row.rank); }
      else if (before < row.rank) { move.textContent = "▼"; move.classList.add("down"); move.title = "down " + (row.rank - before); }
      if (previous.size > 0 && (!shown || shown.score !== row.score || before !== row.rank)) {
        tr.classList.add("changed");
      }
      fragment.appendChild(tr);
    }
    if (board.rows.length === 0) {
      const tr = document.createElement("tr");
      tr.className = "empty";
      tr.innerHTML = '<td colspan="4">No scores yet.</td>';
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    previous = next;
    $("updated").textContent = new Date(board.at).toLocaleTimeString();
    $("updated").dateTime = board.at;
    $("sequence").textContent = String(board.seq);
    backoff = 500;
  }

  function connect(index) {
    clearTimeout(pollTimer);
    const kind = transports[index % transports.length];
    setStatus("connecting", "Connecting…");
    ({ websocket: viaWebSocket, sse: viaSse, polling: viaPolling })[kind](index);
  }

  // A transport that fails before its first board hands over to the next; one that drops later starts over with WebSocket.
  function failed(index, gotData) {
    if (gotData) { setTimeout(() => connect(0), backoff); backoff = Math.min(backoff * 2, 15000); }
    else connect(index + 1);
  }

  function viaWebSocket(index) {
    let gotData = false;
    let done = false;
    const socket = new WebSocket(wsBase + "/ws/scoreboard");
    const finish = () => { if (!done) { done = true; failed(index, gotData); } };
    socket.onmessage = (e) => { gotData = true; setStatus("live", "Live · WebSocket"); render(fromSeed004(JSON.parse(e.data))); };
    socket.onclose = finish;
    socket.onerror = () => socket.close();
  }

  function viaSse(index) {
    let gotData = false;
    const source = new EventSource(base + "/leaderboard/stream");
    source.addEventListener("leaderboard_update", (e) => { gotData = true; setStatus("live", "Live · SSE"); render(fromSeed001(JSON.parse(e.data), e.lastEventId)); });
    // EventSource reconnects by itself (sending Last-Event-ID); give up on it only when it never worked.
    source.onerror = () => { if (!gotData || source.readyState === EventSource.CLOSED) { source.close(); failed(index, gotData); } };
  }

  // Why the push channels failed: the operator may have switched live updates off (503 LIVE_DISABLED). One request,
  // aborted as soon as its status is known, so an open stream is never held.
  async function liveSwitchedOff() {
    const request = new AbortController();
    try {
      const reply = await fetch(base + "/leaderboard/stream", { signal: request.signal, cache: "no-store" });
      return reply.status === 503 && (await reply.json())?.error?.code === "LIVE_DISABLED";
    } catch {
      return false;
    } finally {
      request.abort();
    }
  }

  function viaPolling(index) {
    let since = null;
    let label = "Polling";
    liveSwitchedOff().then((off) => {
      if (!off) return;
      label = "Live updates off · Polling";
      if (document.body.dataset.transport === "polling") setStatus("polling", label);
    });
    const poll = async () => {
      try {
        const query = since ? "?since=" + encodeURIComponent(since) : "";
        const reply = await fetch(base + "/api/v1/scores/leaderboard/changes" + query, { cache: "no-store" });
        if (!reply.ok) throw new Error(String(reply.status));
        const { data } = await reply.json();
        setStatus("polling", label);
        if (data.hasChanges) render(fromSeed002(data));
        since = data.lastUpdated;
        pollTimer = setTimeout(poll, 2000);
      } catch {
        pollTimer = setTimeout(poll, backoff);
        backoff = Math.min(backoff * 2, 15000);
        setStatus("connecting", "Reconnecting…");
      }
    };
    poll();
    // Polling is the last resort: try the push channels again now and then.
    clearTimeout(retryWebSocketTimer);
    retryWebSocketTimer = setTimeout(() => { if (document.body.dataset.transport === "polling") connect(0); }, 60000);
  }

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

  connect(0);
  setUpDemo();
})();
