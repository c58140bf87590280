package charts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The chart assets are vendored by `make assets` (scripts/assets.sh) from npm at pinned
// versions and checked against assets/SHA256SUMS, both there and here when they are loaded.
//
//go:embed assets
var assetFS embed.FS

// EChartsVersion is the vendored ECharts release (scripts/assets.sh pins the same one).
const EChartsVersion = "5.5.1"

// licenseFiles are written next to the charts: ECharts' licence and NOTICE travel with the
// copy of ECharts inlined in every page, and the map outline's licence with the outline.
var licenseFiles = []string{"LICENSE-echarts", "NOTICE-echarts", "LICENSE-d3", "LICENSE-world-atlas"}

// ErrAssets is wrapped by errors about the embedded chart assets: a build defect that
// `make assets` and the tests catch.
var ErrAssets = errors.New("chart assets")

// assets are the embedded scripts and data, checked and ready to inline into a page.
type assets struct {
	echarts   string            // echarts.min.js
	echartsJS template.JS       // echarts.min.js wrapped to load once per page (echartsScript)
	locales   map[string]string // ECharts locale scripts by gnlc language; English is built in
	world     string            // world.geo.json, compacted
	centroids map[string][2]float64
	licenses  map[string][]byte
}

// scriptBreakout matches what would end or corrupt an inline <script> element. Inlined code
// must not contain it: the HTML parser would leave the script there, whatever JavaScript thinks.
var scriptBreakout = regexp.MustCompile(`(?i)</script|<script|<!--`)

// loadAssets reads the embedded assets, verifies each against SHA256SUMS and checks that the
// scripts can be inlined. It is cheap (a few ms) and runs once per Write call.
func loadAssets() (*assets, error) {
	return loadAssetsFS(assetFS)
}

func loadAssetsFS(fsys fs.FS) (*assets, error) {
	files, err := verifyManifest(fsys)
	if err != nil {
		return nil, err
	}
	a := &assets{
		echarts:  string(files["echarts.min.js"]),
		locales:  map[string]string{"fr": string(files["langFR.js"]), "es": string(files["langES.js"])},
		licenses: map[string][]byte{},
	}
	if !strings.Contains(a.echarts, `.version="`+EChartsVersion+`"`) {
		return nil, fmt.Errorf("%w: echarts.min.js is not version %s", ErrAssets, EChartsVersion)
	}
	for name, js := range map[string]string{"echarts.min.js": a.echarts, "langFR.js": a.locales["fr"], "langES.js": a.locales["es"]} {
		if loc := scriptBreakout.FindStringIndex(js); loc != nil {
			return nil, fmt.Errorf("%w: %s cannot be inlined: it contains %q at byte %d", ErrAssets, name, js[loc[0]:loc[1]], loc[0])
		}
	}
	a.echartsJS = echartsScript(a.echarts) // once: every page inlines the same megabyte
	// The outline is compacted with HTML escaping, so it is safe as a JavaScript literal inside
	// <script> whatever names it holds.
	var buf bytes.Buffer
	if err := json.Compact(&buf, files["world.geo.json"]); err != nil {
		return nil, fmt.Errorf("%w: world.geo.json: %w", ErrAssets, err)
	}
	var geo struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(buf.Bytes(), &geo); err != nil || geo.Type != "FeatureCollection" || len(geo.Features) == 0 {
		return nil, fmt.Errorf("%w: world.geo.json is not a FeatureCollection with features (%v)", ErrAssets, err)
	}
	var esc bytes.Buffer
	json.HTMLEscape(&esc, buf.Bytes())
	a.world = esc.String()
	if a.centroids, err = parseCentroids(bytes.NewReader(files["centroids.csv"])); err != nil {
		return nil, err
	}
	for _, name := range licenseFiles {
		a.licenses[name] = files[name]
	}
	return a, nil
}

// verifyManifest reads SHA256SUMS (sha256sum's format) and every file it lists, and fails
// unless each file's hash matches and every embedded file is listed.
func verifyManifest(fsys fs.FS) (map[string][]byte, error) {
	manifest, err := fs.ReadFile(fsys, "assets/SHA256SUMS")
	if err != nil {
		return nil, fmt.Errorf("%w: read manifest: %w", ErrAssets, err)
	}
	files := map[string][]byte{}
	for i, line := range strings.Split(strings.TrimRight(string(manifest), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || name == "" {
			return nil, fmt.Errorf("%w: SHA256SUMS line %d: want \"<sha256>  <file>\", got %q", ErrAssets, i+1, line)
		}
		data, err := fs.ReadFile(fsys, "assets/"+name)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrAssets, err)
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			return nil, fmt.Errorf("%w: %s does not match SHA256SUMS (run make assets)", ErrAssets, name)
		}
		files[name] = data
	}
	entries, err := fs.ReadDir(fsys, "assets")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAssets, err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; !ok && e.Name() != "SHA256SUMS" {
			return nil, fmt.Errorf("%w: %s is not listed in SHA256SUMS", ErrAssets, e.Name())
		}
	}
	for _, need := range append([]string{"echarts.min.js", "langFR.js", "langES.js", "world.geo.json", "centroids.csv"}, licenseFiles...) {
		if _, ok := files[need]; !ok {
			return nil, fmt.Errorf("%w: %s is missing from SHA256SUMS", ErrAssets, need)
		}
	}
	return files, nil
}

// parseCentroids reads the iso3,lon,lat table that scripts/assets.sh computes from world-atlas.
func parseCentroids(r io.Reader) (map[string][2]float64, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: centroids.csv: %w", ErrAssets, err)
	}
	if !slices.Equal(head, []string{"iso3", "lon", "lat"}) {
		return nil, fmt.Errorf("%w: centroids.csv header %q, want iso3,lon,lat", ErrAssets, head)
	}
	out := map[string][2]float64{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: centroids.csv: %w", ErrAssets, err)
		}
		lon, err1 := strconv.ParseFloat(rec[1], 64)
		lat, err2 := strconv.ParseFloat(rec[2], 64)
		// Written so that NaN, which fails every comparison, is refused too.
		if err1 != nil || err2 != nil || len(rec[0]) != 3 || !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
			return nil, fmt.Errorf("%w: centroids.csv: bad row %q", ErrAssets, rec)
		}
		out[rec[0]] = [2]float64{lon, lat}
	}
}
