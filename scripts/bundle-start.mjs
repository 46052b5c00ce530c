#!/usr/bin/env node
// Compiles `npm start`'s TypeScript (scripts/start.ts with the server and the seed it uses) into
// dist/start.mjs, so the production server runs as plain JavaScript: no TypeScript loader in the
// serving process (tsx alone cost 34 MB of memory and slowed every module loaded later).
// Packages stay external; only our own files are bundled. Skipped when the bundle is newer than its sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const output = path.join(root, "dist/start.mjs");

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

const sources = ["app", "server", "prisma", "scripts/start.ts", "package-lock.json"].map((name) => path.join(root, name));
if (!existsSync(output) || statSync(output).mtimeMs < Math.max(...sources.map(newestMtime))) {
  await build({
    configFile: false,
    root,
    logLevel: "warn",
    publicDir: false,
    resolve: { alias: { "~": path.join(root, "app") } },
    build: {
      ssr: path.join(root, "scripts/start.ts"),
      outDir: path.join(root, "dist"),
      emptyOutDir: true,
      target: "node20",
      minify: false,
      rollupOptions: { output: { format: "esm", entryFileNames: "start.mjs", chunkFileNames: "start-[name]-[hash].mjs" } },
    },
  });
}
