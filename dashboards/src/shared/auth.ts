// The signed-in token: from ?access_token= (kiosk links) or what the user pasted on the sign-in page.

const key = "bright.token";

export function currentToken(): string | null {
  const fromQuery = new URLSearchParams(location.search).get("access_token");
  if (fromQuery) return fromQuery;
  return localStorage.getItem(key);
}

export function rememberToken(token: string): void {
  localStorage.setItem(key, token);
}

export function forgetToken(): void {
  localStorage.removeItem(key);
}

export async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = (await response.json()) as { detail?: string };
      if (problem.detail) detail = problem.detail;
    } catch {
      // not a problem+json body; keep the status line
    }
    throw new Error(detail);
  }
  return (await response.json()) as T;
}
