// "Your standing": the visitor's rank, score and top percentage on the board shown, when the embedding site handed
// over a user token (token.js). Hidden without one.
import { onTokenChange, readOptions, userIdOf, userToken } from "./token.js";

const $ = (id) => document.getElementById(id);
let wanted = null; // the view to show the standing for, once the pending read starts
let timer = 0;
let asked = 0; // each read's number: a reply for a view the visitor has left is dropped

// At most one read per 300 ms, however fast the board changes; the last view asked for wins.
export function refreshStanding(view) {
  wanted = view;
  if (!timer) timer = setTimeout(() => { timer = 0; load(wanted); }, 300);
}

onTokenChange(() => wanted && refreshStanding(wanted));

async function load(view) {
  const ask = ++asked;
  const token = userToken();
  const user = token && userIdOf(token);
  if (!user) {
    $("standing").hidden = true;
    return;
  }

  const period = view.period === "current" ? "" : "?period=" + encodeURIComponent(view.period);
  const path = `/api/v1/boards/${encodeURIComponent(view.board)}/users/${encodeURIComponent(user)}${period}`;
  let reply = null;
  try {
    const response = await fetch(path, readOptions());
    reply = { status: response.status, body: response.ok ? await response.json() : null };
  } catch {
    reply = { status: 0, body: null };
  }

  if (ask !== asked) return;
  show(reply);
}

function show({ status, body }) {
  const text = $("standing-text");
  $("standing").hidden = false;
  if (status === 200) {
    const facts = [["Rank", "#" + body.rank + " of " + body.total], ["Score", body.score.toLocaleString()], ["Top", body.topPercent + "%"]];
    const list = document.createElement("dl");
    for (const [name, value] of facts) {
      const term = document.createElement("dt");
      const detail = document.createElement("dd");
      term.textContent = name;
      detail.textContent = value;
      detail.dataset.fact = name.toLowerCase();
      list.append(term, detail);
    }
    text.replaceChildren(list);
  } else {
    text.textContent = status === 404 ? "No score yet." : status === 401 ? "Sign in again to see your standing." : "Your standing is not available right now.";
  }
}
