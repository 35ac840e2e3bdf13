// Webhook subscriptions and their dead letters: the list from the admin API, and a re-send per dead delivery.
import { admin, el, time } from "./api.js";

const $ = id => document.getElementById(id);

export async function loadWebhooks() {
  try {
    const subscriptions = await admin("/webhooks");
    const rows = [];
    for (const s of subscriptions) {
      const dead = await admin(`/webhooks/${encodeURIComponent(s.id)}/deliveries?status=dead`);
      rows.push(el("tr", { "data-webhook": s.id },
        el("td", {}, el("strong", {}, s.id), " ", el("span", { class: "meta" }, s.url)),
        el("td", {}, s.events.join(", ")),
        el("td", {}, dead.length ? "" : "none"),
      ));
      for (const d of dead) {
        rows.push(el("tr", { "data-delivery": String(d.id) },
          el("td", { class: "meta" }, `${d.type} · ${d.eventId}`),
          el("td", {}, `${d.attempts} attempts · last ${d.lastStatus ?? d.lastError ?? "—"} · ${time(d.createdAt)}`),
          el("td", {}, el("button", { type: "button", onclick: () => resend(s.id, d.id) }, "Re-send"))));
      }
    }
    $("webhooks-table").tBodies[0].replaceChildren(...rows);
  } catch (e) {
    $("webhooks-message").textContent = e.message;
  }
}

async function resend(subscription, delivery) {
  try {
    await admin(`/webhooks/${encodeURIComponent(subscription)}/deliveries/${delivery}/retry`, { method: "POST" });
    $("webhooks-message").textContent = `Delivery ${delivery} queued again.`;
    await loadWebhooks();
  } catch (e) {
    $("webhooks-message").textContent = e.message;
  }
}

export function wireWebhooks() {
  $("webhooks-refresh").addEventListener("click", () => loadWebhooks());
}
