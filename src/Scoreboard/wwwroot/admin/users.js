// User lookup: standings on each board, flags, and the ledger with before/after, IP and user agent; reversal of
// chosen credits, of all credits since a time, or of all of them.
import { admin, el, time, number } from "./api.js";

const MaxRows = 200;
const $ = id => document.getElementById(id);

export async function showUser(userId) {
  $("lookup-id").value = userId;
  const target = $("user");
  try {
    const [profile, events] = await Promise.all([
      admin(`/users/${encodeURIComponent(userId)}`), admin(`/users/${encodeURIComponent(userId)}/events`)]);
    target.replaceChildren(render(profile, events));
    target.dataset.user = userId;
  } catch (e) {
    target.replaceChildren(el("p", { class: "message" }, e.message));
  }
  target.scrollIntoView({ block: "start" });
}

function render(profile, events) {
  const reversed = new Set(events.filter(e => e.actionId.startsWith("reversal:")).map(e => e.actionId.slice("reversal:".length)));
  const reversible = e => e.points > 0 && !reversed.has(String(e.id));
  const newest = events.slice().reverse().slice(0, MaxRows);
  return el("div", { class: "profile" },
    el("h3", {}, profile.displayName ?? profile.userId, " ", el("span", { class: "meta" }, profile.userId)),
    el("p", { class: profile.frozen ? "frozen" : "meta", id: "user-frozen" },
      profile.frozen ? "Frozen: credits are refused pending review." : "Not frozen."),
    el("table", { id: "standings" },
      el("thead", {}, el("tr", {}, el("th", {}, "Board"), el("th", {}, "Period"), el("th", { class: "num" }, "Rank"), el("th", { class: "num" }, "Score"))),
      el("tbody", {}, profile.standings.length ? profile.standings.map(s => el("tr", { "data-board": s.board },
        el("td", {}, s.title), el("td", {}, s.period), el("td", { class: "num" }, s.rank), el("td", { class: "num score" }, number(s.score))))
        : el("tr", { class: "empty" }, el("td", { colspan: 4 }, "No standing on any board.")))),
    el("h4", {}, `Ledger (${events.length} events${events.length > MaxRows ? `, newest ${MaxRows} shown` : ""})`),
    reversal(profile.userId),
    el("table", { id: "ledger" },
      el("thead", {}, el("tr", {}, ...["", "#", "Time", "Type", "Points", "Before → after", "Caller", "IP", "User agent"].map(h => el("th", {}, h)))),
      el("tbody", {}, newest.map(e => el("tr", { "data-event": e.id, class: reversible(e) ? "" : "settled" },
        el("td", {}, reversible(e) ? el("input", { type: "checkbox", name: "event", value: e.id, "aria-label": `Select event ${e.id}` }) : ""),
        el("td", {}, e.id), el("td", {}, time(e.createdAt)), el("td", {}, e.actionType),
        el("td", { class: "num" }, number(e.points)), el("td", { class: "num" }, `${number(e.scoreBefore)} → ${number(e.scoreAfter)}`),
        el("td", {}, e.caller), el("td", { class: "ip" }, e.ip ?? "—"), el("td", { class: "agent" }, e.userAgent ?? "—"))))));
}

function reversal(userId) {
  const message = el("p", { class: "message", id: "reverse-message", role: "status" });
  const since = el("input", { type: "text", name: "since", placeholder: "since (UTC, e.g. 2026-11-30T19:00:00Z)", "aria-label": "Reverse since" });
  const reverse = async (body, what) => {
    if (!confirm(`Reverse ${what} of ${userId}?`)) return;
    try {
      const result = await admin(`/users/${encodeURIComponent(userId)}/reverse`, { method: "POST", body });
      message.textContent = `Reversed ${result.reversedEvents} credits (${number(result.reversedPoints)} points); score now ${number(result.newScore)}.`;
      const kept = message.textContent;
      await showUser(userId);
      $("reverse-message").textContent = kept;
    } catch (e) {
      message.textContent = e.message;
    }
  };
  return el("div", { class: "reversal" },
    el("button", { type: "button", id: "reverse-selected", onclick: () => {
      const ids = [...document.querySelectorAll("#ledger input[name=event]:checked")].map(c => Number(c.value));
      if (ids.length) reverse({ eventIds: ids }, `${ids.length} chosen credits`);
      else message.textContent = "Choose credits in the ledger first.";
    } }, "Reverse chosen"),
    since,
    el("button", { type: "button", id: "reverse-since", onclick: () => reverse({ since: since.value.trim() }, `every credit since ${since.value}`) }, "Reverse since"),
    el("button", { type: "button", id: "reverse-all", class: "danger", onclick: () => reverse({}, "every credit") }, "Reverse all"),
    message);
}

$("lookup").addEventListener("submit", event => {
  event.preventDefault();
  const id = $("lookup-id").value.trim();
  if (id) showUser(id);
});
