#!/usr/bin/env bash
# Refreshes the chart assets vendored in reports/charts/assets (embedded into gnlc with go:embed) from npm,
# at pinned versions, and checks every file against the committed manifest reports/charts/assets/SHA256SUMS.
#
#   scripts/assets.sh           fetch, convert, verify against SHA256SUMS, then install
#   scripts/assets.sh -update   same, but rewrite SHA256SUMS (after a deliberate version bump)
#
# What it vendors and why:
#   echarts.min.js, langFR.js, langES.js   ECharts (Apache-2.0) and its French/Spanish locale,
#                                          inlined into every chart page so pages work offline
#   LICENSE-echarts, NOTICE-echarts, LICENSE-d3   the licences that travel with ECharts
#   world.geo.json                         world outline: world-atlas countries-110m (Natural Earth,
#                                          public domain) converted ONCE from TopoJSON to GeoJSON,
#                                          features named by ISO 3166-1 alpha-3, Antarctica dropped
#   centroids.csv                          iso3,lon,lat: where the map puts a member whose own
#                                          coordinates are unknown (from countries-50m, which also
#                                          has small states such as Bahrain or Singapore)
#   LICENSE-world-atlas                    world-atlas's ISC licence
# topojson-client and i18n-iso-countries are used here only, at refresh time.
set -euo pipefail

ECHARTS_VERSION=5.5.1
WORLD_ATLAS_VERSION=2.0.2
TOPOJSON_CLIENT_VERSION=3.1.0
I18N_ISO_COUNTRIES_VERSION=7.14.0

update=0
case "${1:-}" in
  "") ;;
  -update) update=1 ;;
  *) echo "usage: $0 [-update]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/reports/charts/assets"
manifest="$dest/SHA256SUMS"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
# --ignore-scripts: nothing from the registry runs here; npm checks each tarball's integrity.
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "echarts@$ECHARTS_VERSION" "world-atlas@$WORLD_ATLAS_VERSION" \
  "topojson-client@$TOPOJSON_CLIENT_VERSION" "i18n-iso-countries@$I18N_ISO_COUNTRIES_VERSION" >&2

mkdir out
nm=node_modules
cp "$nm/echarts/dist/echarts.min.js" out/echarts.min.js
cp "$nm/echarts/i18n/langFR.js" out/langFR.js
cp "$nm/echarts/i18n/langES.js" out/langES.js
cp "$nm/echarts/LICENSE" out/LICENSE-echarts
cp "$nm/echarts/NOTICE" out/NOTICE-echarts
cp "$nm/echarts/licenses/LICENSE-d3" out/LICENSE-d3
cp "$nm/world-atlas/LICENSE" out/LICENSE-world-atlas

cat >convert.js <<'EOF'
// Converts world-atlas TopoJSON to the GeoJSON and centroid table gnlc embeds. Output is
// deterministic (sorted, rounded) so its sha256 can be pinned.
"use strict";
const fs = require("fs");
const topojson = require("topojson-client");
const iso = require("i18n-iso-countries");

const round = (x) => Math.round(x * 100) / 100;
// world-atlas keys countries by ISO 3166-1 numeric id; a few have none (Kosovo, N. Cyprus,
// Somaliland) and keep their Natural Earth name.
const key = (f) => (f.id !== undefined && iso.numericToAlpha3(f.id)) || f.properties.name;
const features = (file) => {
  const topo = JSON.parse(fs.readFileSync(require.resolve("world-atlas/" + file), "utf8"));
  return topojson.feature(topo, topo.objects.countries).features;
};
const polygons = (g) => (g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : []);

// Rings that cross the antimeridian (Russia, Fiji) jump by ~360° between points; unwrap makes
// their longitudes continuous (some then lie beyond ±180).
const unwrap = (r) => {
  const out = [];
  let shift = 0;
  for (let i = 0; i < r.length; i++) {
    if (i > 0) {
      const d = r[i][0] - r[i - 1][0];
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
    }
    out.push([r[i][0] + shift, r[i][1]]);
  }
  return out;
};
// ring rounds a ring's points to 0.01° (about 1 km, finer than the 110m data) and drops the
// repeats that rounding makes.
const ring = (r) => {
  const out = [];
  for (const [x, y] of r) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
};
// A few 110m rings (Russia's far east, Fiji) cross the antimeridian: their points jump from
// 180 to -180, which a flat map draws as a line across the whole world. Such a polygon is
// unwrapped, clipped into the bands [-540,-180], [-180,180], [180,540], and each piece shifted
// back into [-180, 180].
const crosses = (r) => r.some((p, i) => i > 0 && Math.abs(p[0] - r[i - 1][0]) > 180);
const clip = (pts, inside, x) => {
  const out = [];
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i], b = pts[(i + 1) % pts.length];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) out.push([x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])]);
  }
  return out;
};
const band = (r, k) => {
  const lo = -180 + 360 * k, hi = 180 + 360 * k;
  let pts = unwrap(r).slice(0, -1); // open ring
  pts = clip(pts, (p) => p[0] >= lo, lo);
  pts = clip(pts, (p) => p[0] <= hi, hi);
  if (pts.length < 3) return null;
  pts = pts.map(([x, y]) => [x - 360 * k, y]);
  return [...pts, pts[0]];
};
const split = (poly) => {
  if (!poly.some(crosses)) return [poly];
  const out = [];
  for (const k of [-1, 0, 1]) {
    const outer = band(poly[0], k);
    if (outer) out.push([outer, ...poly.slice(1).map((h) => band(h, k)).filter(Boolean)]);
  }
  return out;
};
// Outline: 110m, Antarctica (010) dropped as it only takes room below the members.
const outline = features("countries-110m.json")
  .filter((f) => f.id !== "010")
  .map((f) => {
    const polys = polygons(f.geometry)
      .flatMap(split)
      .map((p) => p.map(ring).filter((r) => r.length >= 4))
      .filter((p) => p.length > 0);
    return { type: "Feature", properties: { name: key(f) }, geometry: { type: "MultiPolygon", coordinates: polys } };
  })
  .filter((f) => f.geometry.coordinates.length > 0)
  .sort((a, b) => (a.properties.name < b.properties.name ? -1 : a.properties.name > b.properties.name ? 1 : 0));
fs.writeFileSync("out/world.geo.json", JSON.stringify({ type: "FeatureCollection", features: outline }) + "\n");

// Centroids: the area-weighted centroid of each country's largest polygon (its mainland), so
// France's point lies in France and not in the Atlantic between it and French Guiana.
// The centroid of an unwrapped ring is folded back into [-180, 180].
const fold = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
const shoelace = (ring) => {
  const r = unwrap(ring);
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const [x0, y0] = r[i], [x1, y1] = r[i + 1];
    const c = x0 * y1 - x1 * y0;
    a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c;
  }
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
};
const rows = [];
for (const f of features("countries-50m.json")) {
  const code = f.id !== undefined && iso.numericToAlpha3(f.id);
  if (!code) continue;
  let best = null;
  for (const p of polygons(f.geometry)) {
    const s = shoelace(p[0]);
    if (!best || s.area > best.area) best = s;
  }
  if (best && isFinite(best.x) && isFinite(best.y)) rows.push(`${code},${round(fold(best.x))},${round(best.y)}`);
}
rows.sort();
fs.writeFileSync("out/centroids.csv", "iso3,lon,lat\n" + [...new Set(rows)].join("\n") + "\n");
EOF
node convert.js

(cd out && sha256sum -- * | LC_ALL=C sort -k2) >SHA256SUMS.new
mkdir -p "$dest"
if [ "$update" = 1 ]; then
  cp SHA256SUMS.new "$manifest"
  echo "assets: wrote $manifest" >&2
elif [ ! -f "$manifest" ]; then
  echo "assets: $manifest is missing; run '$0 -update' to pin the current files" >&2
  exit 1
elif ! diff -u "$manifest" SHA256SUMS.new >&2; then
  echo "assets: the files fetched differ from $manifest (see diff above); if the change is intended, run '$0 -update'" >&2
  exit 1
fi
cp out/* "$dest/"
echo "assets: reports/charts/assets is up to date (echarts $ECHARTS_VERSION, world-atlas $WORLD_ATLAS_VERSION)" >&2
