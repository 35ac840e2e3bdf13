// The console: sign-in, then every second this instance's stats and the flag feed. Nothing is shown before the
// admin API has accepted the key, and signing out (or a refused key) clears the page and the stored key.
import { admin, key, el, time, ApiError } from "./api.js";
import { LineChart } from "./chart.js";
import { showUser } from "./users.js";
import { loadBoards, wireBoards } from "./boards.js";
import { loadWebhooks, wireWebhooks } from "./webhooks.js";

const $ = id => document.getElementById(id);
let stats = null, timer = null, points = [], freezeFlagged = false;

function charts(window) {
  return [
    new LineChart($("chart-credits"), "Credits per second", [
      { name: "applied", unit: "/s", pick: p => p.applied, className: "applied" },
      { name: "refused", unit: "/s", pick: p => p.refused, className: "refused" }], window),
    new LineChart($("chart-connections"), "Live connections", [
      { name: "open", unit: "", pick: p => p.liveConnections, className: "connections" }], window),
    new LineChart($("chart-ratelimit"), "Rate-limit hits", [
      { name: "hits", unit: "/s", pick: p => p.rateLimitHits, className: "refused" }], window),
    new LineChart($("chart-latency"), "Credit latency p95", [
      { name: "p95", unit: " ms", pick: p => p.creditP95Ms, className: "latency" }], window),
  ];
}

async function signIn(candidate) {
  const message = $("signin-message");
  message.textContent = "";
  try {
    const snapshot = await admin("/stats", { signInKey: candidate });
    key.set(candidate);
    start(snapshot);
  } catch (e) {
    key.clear();
    message.textContent = e instanceof ApiError && e.status === 401
      ? "The admin key was refused." : "The server could not be reached: " + e.message;
  }
}

function start(snapshot) {
  $("signin").hidden = true;
  $("console").hidden = false;
  $("key").value = "";
  stats = charts(snapshot.historySeconds / snapshot.intervalSeconds);
  points = [];
  absorb(snapshot);
  loadBoards();
  loadWebhooks();
  tick();
}

function absorb(snapshot) {
  $("instance").textContent = `Instance ${snapshot.instance} · ${snapshot.mode} mode · ${snapshot.appliedTotal.toLocaleString("en")} applied, `
    + `${snapshot.refusedTotal.toLocaleString("en")} refused since start`;
  freezeFlagged = snapshot.freezeFlagged;
  $("freeze-note").textContent = freezeFlagged
    ? "Open and confirmed flags hold the user's credits (frozen); clearing the flag unfreezes."
    : "Freezing is off (Scoreboard:AntiCheat:FreezeFlagged): confirm and clear record the review only.";
  points = points.concat(snapshot.points).slice(-snapshot.historySeconds);
  stats.forEach(chart => chart.draw(points));
  document.body.dataset.points = String(points.length);
}

// One request of each kind at a time; a slow server slows the console rather than piling requests up.
async function tick() {
  try {
    const since = points.length ? `?since=${new Date(points[points.length - 1].at).getTime()}` : "";
    absorb(await admin("/stats" + since));
    renderFlags(await admin("/flags"));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return signOut("The admin key is no longer accepted.");
  }
  timer = setTimeout(tick, 1000);
}

export function refresh() {
  clearTimeout(timer);
  tick();
}

function renderFlags(flags) {
  const rows = flags.slice(0, 50).map(f => el("tr", { "data-flag": f.id, "data-user": f.userId, class: f.status },
    el("td", {}, f.id),
    el("td", {}, time(f.createdAt)),
    el("td", { class: "user" }, el("button", { type: "button", class: "link", onclick: () => showUser(f.userId) }, f.userId)),
    el("td", {}, f.reason),
    el("td", { class: "status" }, f.status === "cleared" ? "cleared" : freezeFlagged ? `${f.status} · frozen` : f.status),
    el("td", { class: "actions" },
      el("button", { type: "button", class: "ledger", onclick: () => showUser(f.userId) }, "Ledger"),
      f.status === "open" ? action(f, "confirm", "Confirm") : null,
      f.status === "cleared" ? action(f, "confirm", "Freeze") : action(f, "clear", freezeFlagged ? "Unfreeze" : "Clear"))));
  $("flags").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: 6 }, "No flags."))]));
}

function action(flag, verb, label) {
  return el("button", { type: "button", class: verb, onclick: async () => {
    await admin(`/flags/${flag.id}/${verb}`, { method: "POST" });
    refresh();
  } }, label);
}

function signOut(message) {
  clearTimeout(timer);
  key.clear();
  location.hash = "";
  $("console").hidden = true;
  for (const id of ["user", "instance", "freeze-note", "boards-message"]) $(id).replaceChildren();
  for (const table of ["flags", "boards"]) $(table).tBodies[0].replaceChildren();
  for (const figure of document.querySelectorAll(".chart")) figure.replaceChildren();
  $("signin").hidden = false;
  $("signin-message").textContent = message ?? "";
}

$("signin-form").addEventListener("submit", event => {
  event.preventDefault();
  signIn($("key").value);
});
$("signout").addEventListener("click", () => signOut("Signed out."));
wireBoards();
wireWebhooks();
if (key.get()) signIn(key.get());
