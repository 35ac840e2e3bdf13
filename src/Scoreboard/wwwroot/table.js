// The table of the board shown: rows, with ▲ ▼ ★ and a flash for what moved since the board before.
const $ = (id) => document.getElementById(id);

// userId -> { rank, score } on the board shown; the server sent the page with the board already in it.
let previous = new Map([...$("rows").querySelectorAll("tr[data-user]")]
  .map((tr) => [tr.dataset.user, { rank: Number(tr.querySelector(".rank").textContent), score: Number(tr.dataset.score) }]));

// Another board: its first rows are not moves.
export function forget() {
  previous = new Map();
}

export function message(text) {
  const tr = document.createElement("tr");
  const td = document.createElement("td");
  tr.className = "empty";
  td.colSpan = 4;
  td.textContent = text;
  tr.append(td);
  $("rows").replaceChildren(tr);
}

export function fill(board) {
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
  if (board.rows.length === 0) message("No scores yet.");
  else $("rows").replaceChildren(fragment);
  previous = next;
  $("updated").textContent = new Date(board.at).toLocaleTimeString();
  $("updated").dateTime = board.at;
  $("sequence").textContent = String(board.seq);
}
