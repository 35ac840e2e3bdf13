// Renders the OpenAPI document as a plain list; text only, never HTML from the document.
"use strict";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function describe(operation) {
  const params = (operation.parameters || []).map(p => `${p.in} ${p.name}${p.required ? "" : "?"}`);
  const body = operation.requestBody && operation.requestBody.content;
  if (body) params.push(`body: ${Object.keys(body).join(", ")}`);
  return params.join(" · ");
}

async function render() {
  const target = document.getElementById("endpoints");
  const response = await fetch("/openapi/v1.json");
  const spec = await response.json();
  const groups = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const [method, operation] of Object.entries(item)) {
      const tag = (operation.tags && operation.tags[0]) || "Other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({ path, method: method.toUpperCase(), operation });
    }
  }

  target.replaceChildren();
  for (const tag of [...groups.keys()].sort()) {
    target.append(element("h2", "", tag));
    for (const { path, method, operation } of groups.get(tag)) {
      const row = element("div", "endpoint");
      row.append(element("span", "method", method), element("span", "path", path));
      const details = describe(operation);
      if (details) row.append(element("div", "params", details));
      target.append(row);
    }
  }
}

render().catch(error => {
  document.getElementById("endpoints").replaceChildren(element("p", "", `Could not load the API description: ${error}`));
});
