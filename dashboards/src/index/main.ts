// Sign-in page: paste a token, see the dashboards it may open.
import { currentToken, forgetToken, getJson, rememberToken } from "../shared/auth";
import type { DashboardList } from "../shared/contract";
import { escapeHtml } from "../shared/format";

const form = document.querySelector<HTMLFormElement>("#sign-in")!;
const input = document.querySelector<HTMLInputElement>("#token")!;
const message = document.querySelector<HTMLElement>("#message")!;
const list = document.querySelector<HTMLElement>("#dashboards")!;

async function show(token: string): Promise<void> {
  try {
    const result = await getJson<DashboardList>("/api/dashboards", token);
    rememberToken(token);
    message.textContent = `Signed in as ${result.role}${result.sites.length ? ` for ${result.sites.join(", ")}` : ""}.`;
    message.className = "message ok";
    list.innerHTML = result.dashboards
      .map((d) => `<li><a href="/wallboard/${encodeURIComponent(d.id)}?access_token=${encodeURIComponent(token)}" data-dashboard="${escapeHtml(d.id)}">
          <strong>${escapeHtml(d.title)}</strong><span>${escapeHtml(d.description)}</span>
          <span class="tailor">${d.builtIn ? "built-in" : `${escapeHtml(d.scope)}${d.audience ? ` · ${escapeHtml(d.audience)}` : ""} · by ${escapeHtml(d.owner)}`}</span></a>
          ${result.role === "Wallboard" ? "" : `<a class="tailor" href="/designer?id=${encodeURIComponent(d.id)}">${d.editable ? "Edit" : "Copy and tailor"}</a>`}</li>`)
      .join("") + (result.role === "Wallboard" ? "" : `<li><a href="/designer" data-testid="new-dashboard"><strong>+ New dashboard</strong><span>Compose your own from tiles, KPIs, queries and forecasts.</span></a></li>`);
  } catch (error) {
    forgetToken();
    list.innerHTML = "";
    message.textContent = `Sign-in failed: ${(error as Error).message}`;
    message.className = "message error";
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = input.value.trim();
  if (token) void show(token);
});

const saved = currentToken();
if (saved) void show(saved);
