// Builds BRIGHT's screens with esbuild: one bundle per screen in src/<screen>/main.ts, plus the static
// pages and styles beside them. Called by the server's build with the output folder as argument.
import { build } from "esbuild";
import { cp, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";

const outdir = process.argv[2] ?? "dist";
const src = "src";
const screens = [];
for (const name of await readdir(src)) {
  const dir = path.join(src, name);
  if ((await stat(dir)).isDirectory()) {
    try {
      await stat(path.join(dir, "main.ts"));
      screens.push(name);
    } catch {
      // a folder without main.ts (shared/) holds modules only
    }
  }
}

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: Object.fromEntries(screens.map((s) => [s, path.join(src, s, "main.ts")])),
  outdir,
  bundle: true,
  format: "esm",
  target: "es2022",
  sourcemap: true,
  minify: true,
  logLevel: "warning",
});
await cp("static", outdir, { recursive: true });
console.log(`dashboards: built ${screens.join(", ")} into ${outdir}`);
