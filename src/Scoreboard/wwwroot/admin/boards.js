// Boards and seasons: the list from the admin API, and its create/change, delete and season endpoints.
import { admin, el, time } from "./api.js";

const $ = id => document.getElementById(id);

export async function loadBoards() {
  try {
    const boards = await admin("/boards");
    $("boards").tBodies[0].replaceChildren(...boards.map(({ board: b, seasons }) => el("tr", { "data-board": b.id },
      el("td", {}, el("strong", {}, b.title), " ", el("span", { class: "meta" }, b.id)),
      el("td", {}, `${b.operator} · ${b.order} · ${b.period} · ${b.timeZone} · ${b.actionTypes.join(", ")}`),
      el("td", {}, b.currentPeriod ? b.currentPeriod.key : "—"),
      el("td", {}, seasons.length ? seasons.map(s => `${s.id}: ${time(s.startsAt)} – ${time(s.endsAt)}`).join("; ") : "—"),
      el("td", {}, b.source),
      el("td", {}, b.source === "api" ? el("button", { type: "button", class: "danger", onclick: () => remove(b.id) }, "Delete") : ""))));
  } catch (e) {
    $("boards-message").textContent = e.message;
  }
}

async function remove(id) {
  if (!confirm(`Delete board ${id} and its standings? The ledger keeps every event.`)) return;
  await act(() => admin(`/boards/${encodeURIComponent(id)}`, { method: "DELETE" }), `Board ${id} deleted.`);
}

async function act(call, done) {
  try {
    await call();
    $("boards-message").textContent = done;
    await loadBoards();
  } catch (e) {
    $("boards-message").textContent = e.message;
  }
}

export function wireBoards() {
  $("board-form").addEventListener("submit", event => {
    event.preventDefault();
    const f = Object.fromEntries(new FormData(event.target));
    const body = { title: f.title, actionTypes: f.actionTypes.split(",").map(t => t.trim()).filter(Boolean),
      operator: f.operator, order: f.order, period: f.period, timeZone: f.timeZone };
    act(() => admin(`/boards/${encodeURIComponent(f.id)}`, { method: "PUT", body }), `Board ${f.id} saved.`);
  });
  $("season-form").addEventListener("submit", event => {
    event.preventDefault();
    const f = Object.fromEntries(new FormData(event.target));
    act(() => admin(`/boards/${encodeURIComponent(f.board)}/seasons/${encodeURIComponent(f.season)}`,
      { method: "PUT", body: { startsAt: f.startsAt, endsAt: f.endsAt } }), `Season ${f.season} saved.`);
  });
}
