// The board picker and period tabs: which board and period the page shows (the "view"), kept in the page's URL
// (`/?board=weekly&period=current`) so a link shares it. The server renders both for the first paint; these
// functions refresh them from the API when the visitor picks another board.
import { readOptions } from "./token.js";

const $ = (id) => document.getElementById(id);
const maxTabs = 5; // as the server renders them (Live/PageView.cs); older periods stay reachable by link
const words = { daily: ["Today", "Yesterday"], weekly: ["This week", "Last week"], monthly: ["This month", "Last month"] };
const titles = new Map(); // board id -> its definition, from the last board list
let rollover = 0;
let tabsAsked = 0; // each tab read's number: a reply for a board the visitor has left is dropped

// The view a URL names; the server answers the same URL with the same view.
export function viewOf(url) {
  const query = new URL(url, location.origin).searchParams;
  return { board: query.get("board") || "global", period: query.get("period") || "current" };
}

export function linkOf(view) {
  return "/?" + new URLSearchParams({ board: view.board, period: view.period });
}

export async function loadBoards(view) {
  const reply = await fetch("/api/v1/boards", readOptions()).catch(() => null);
  if (!reply?.ok) return;
  const { boards } = await reply.json();
  titles.clear();
  const options = boards.map((board) => {
    titles.set(board.id, board);
    const option = document.createElement("option");
    option.value = board.id;
    option.textContent = board.title; // textContent, never innerHTML: titles are whatever admins chose
    option.selected = board.id === view.board;
    return option;
  });
  $("board-picker").replaceChildren(...options);
  caption(view);
}

// The board's recent periods as links, newest first; the one shown is aria-current. Reloaded when the current period ends.
export async function loadTabs(view, onRollover) {
  const ask = ++tabsAsked;
  const reply = await fetch(`/api/v1/boards/${encodeURIComponent(view.board)}/periods`, readOptions()).catch(() => null);
  const periods = reply?.ok ? (await reply.json()).periods : null;
  if (!periods || ask !== tabsAsked) return;
  clearTimeout(rollover);
  const running = periods.find((p) => p.current);
  const shown = view.period === "current" ? running?.key : view.period === "previous" ? periods[periods.indexOf(running) + 1]?.key : view.period;
  const tabs = periods.slice(0, maxTabs);
  if (shown && !tabs.some((p) => p.key === shown)) tabs.push({ key: shown, current: false });
  const period = titles.get(view.board)?.period;
  const items = tabs.map((p) => {
    const link = document.createElement("a");
    link.href = linkOf({ board: view.board, period: p.current ? "current" : p.key });
    link.dataset.period = p.key;
    link.textContent = label(period, p, tabs);
    if (p.key === shown) link.setAttribute("aria-current", "page");
    const item = document.createElement("li");
    item.append(link);
    return item;
  });
  $("periods").replaceChildren(...items);
  caption(view);

  // At the end of the current period the tabs move on: "Today" becomes "Yesterday".
  const left = running?.endsAt ? Date.parse(running.endsAt) - Date.now() : NaN;
  if (left > 0 && left < 2 ** 31 - 1000) rollover = setTimeout(() => { loadTabs(view, onRollover); onRollover(); }, left + 1000);
}

function label(period, p, tabs) {
  if (period === "all-time" || p.key === "all") return "All time";
  const [now, before] = words[period] ?? [];
  if (!now) return p.key; // seasons and cron periods are named by their key
  if (p.current) return now;
  return tabs.indexOf(p) === 1 && tabs[0].current ? before : p.key;
}

function caption(view) {
  const title = titles.get(view.board)?.title ?? view.board;
  const tab = document.querySelector("#periods a[aria-current]");
  $("board").setAttribute("aria-label", tab ? `Top 10: ${title}, ${tab.textContent}` : `Top 10: ${title}`);
}
