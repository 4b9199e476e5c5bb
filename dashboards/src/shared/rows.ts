// Applying a site topic's delta in place: rows replaced by code, removed codes dropped, the head's fields copied.
// The state never holds more than the rows the server currently has, so a board left open for days stays the same size.

type RowList<T, K extends keyof T> = T[K] extends { code: string }[] ? K : never;

/** Merges `delta` (the snapshot's shape with changed rows only, plus `removed` codes) into `state`, in place. */
export function applyDelta<T extends { removed?: string[] }, K extends keyof T>(state: T, delta: T, key: RowList<T, K>): T {
  const rows = state[key] as unknown as { code: string }[];
  const index = new Map(rows.map((r, i) => [r.code, i]));
  for (const row of delta[key] as unknown as { code: string }[]) {
    const at = index.get(row.code);
    if (at === undefined) {
      index.set(row.code, rows.length);
      rows.push(row);
    } else rows[at] = row;
  }
  const removed = new Set(delta.removed ?? []);
  const kept = removed.size > 0 ? rows.filter((r) => !removed.has(r.code)) : rows;
  Object.assign(state, delta, { [key]: kept, removed: [] });
  return state;
}
