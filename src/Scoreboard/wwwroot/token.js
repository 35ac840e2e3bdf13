// The visitor's user token, as the site embedding the page hands it over. Never read from the page's URL: an address
// ends up in history, logs and Referer headers, and a link must not carry someone's identity.
//   - a site serving the page sets `window.scoreboardUserToken = "<jwt>"` before app.js runs (or later);
//   - a site framing the page posts `{ type: "scoreboard:token", token: "<jwt>" }` (token null signs out) to the frame.

let posted; // undefined until the framing page posts a token: then it wins over the global.
const listeners = new Set();

window.addEventListener("message", (e) => {
  // Only the page that frames this one may hand over a token, never another window that got hold of a reference.
  if (window.parent === window || e.source !== window.parent || e.data?.type !== "scoreboard:token") return;
  posted = typeof e.data.token === "string" ? e.data.token : null;
  listeners.forEach((listener) => listener());
});

export function userToken() {
  const token = posted === undefined ? window.scoreboardUserToken : posted;
  return typeof token === "string" && token.split(".").length === 3 ? token : null;
}

export function onTokenChange(listener) {
  listeners.add(listener);
}

// The token's user: its subject (`sub`, or seed 002's `userId`). Read, not verified: the server checks the token on
// every read that needs it, and the page only uses the id to ask for that user's standing.
export function userIdOf(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
    const id = claims.sub ?? claims.userId;
    return typeof id === "string" && id.length > 0 ? id : null;
  } catch {
    return null;
  }
}

// fetch options for a read: with the token as a bearer header when there is one (reads may require it).
export function readOptions() {
  const token = userToken();
  return { cache: "no-store", headers: token ? { Authorization: "Bearer " + token } : {} };
}

// Browsers cannot set headers on a WebSocket or an EventSource: when reads need a token, live channels take it in the
// query, as the server documents. Only then, so a token does not reach proxy logs for nothing.
export function liveTokenParam(params) {
  const token = userToken();
  if (token && document.body.dataset.readsNeedToken === "true") params.set("access_token", token);
  return params;
}
