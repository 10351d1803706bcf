// Bundle src/workbench.js into ../graph/static/vendor/workbench.js (one offline IIFE, global
// `Workbench`) and write the licences of every bundled package beside it.
import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";

const out = "../graph/static/vendor";
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: ["src/workbench.js"], bundle: true, minify: true, format: "iife", globalName: "Workbench",
  target: "es2020", outfile: join(out, "workbench.js"), metafile: true, legalComments: "none",
});

// Every package with a file in the bundle, with its licence text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.set(match[1], join("node_modules", match[1]));
}
let text = "Third-party packages bundled in workbench.js (built by web/build.mjs from web/package-lock.json)\n\n";
for (const [name, folder] of [...packages].sort()) {
  const meta = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const file = readdirSync(folder).find((f) => /^(licen[cs]e|copying)/i.test(f));
  text += "=".repeat(78) + `\n${name} ${meta.version} — ${meta.license}\n${meta.homepage || ""}\n\n`;
  text += file ? readFileSync(join(folder, file), "utf8").trim() + "\n\n" : `(no licence file; package.json says ${meta.license})\n\n`;
}
writeFileSync(join(out, "workbench.LICENSES.txt"), text);
console.log(`bundled ${packages.size} packages into ${out}/workbench.js`);
