// The admin API, with the key the operator signed in with. The key lives in sessionStorage (gone with the tab) and
// travels only in the X-ADMIN-KEY header: never in a URL, a cookie or the page.
const KeyName = "scoreboard.adminKey";

export const key = {
  get: () => sessionStorage.getItem(KeyName),
  set: value => sessionStorage.setItem(KeyName, value),
  clear: () => sessionStorage.removeItem(KeyName),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Calls /api/v1/admin + path; resolves to the envelope's data, or throws ApiError with the server's message.
export async function admin(path, { method = "GET", body, signInKey } = {}) {
  const headers = { "X-ADMIN-KEY": signInKey ?? key.get() ?? "" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch("/api/v1/admin" + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit", cache: "no-store",
  });
  const reply = await response.json().catch(() => null);
  if (!response.ok || reply?.success === false) {
    throw new ApiError(response.status, reply?.error?.message ?? `The server answered ${response.status}.`);
  }
  return reply.data;
}

// Builds an element; strings become text nodes, so data is never parsed as markup.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const time = iso => iso ? new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "—";

export const number = n => n === null || n === undefined ? "—" : Number(n).toLocaleString("en");
