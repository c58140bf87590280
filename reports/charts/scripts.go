package charts

import (
	"html/template"
	"slices"
)

// The scripts a chart needs before its own: ECharts, its locale (French, Spanish) and the world
// outline (map). Each is wrapped so that it runs once per page however many snippets carry or
// load it, and the same wrapped text is either inlined (the default) or written once as a file
// that pages and snippets load (Options.SharedScript): both forms behave alike.

// Shared script files, written beside the language folders with Options.SharedScript.
const (
	sharedECharts = "echarts.min.js"
	sharedWorld   = "world.js"
)

// sharedBase is where a page or snippet finds the shared scripts: both sit in <lang>/, one
// folder below them. A snippet pasted into a page elsewhere needs its src edited (README).
const sharedBase = "../"

func sharedLocale(lang string) string { return "echarts-lang-" + lang + ".js" }

// echartsScript loads ECharts under its own name, gnlcECharts, once per page: a page's own
// ECharts or AMD loader is left alone (define, exports and module are shadowed while it runs).
func echartsScript(echarts string) template.JS {
	return template.JS(`// ECharts ` + EChartsVersion + ` (Apache License 2.0; its notice follows and is in licenses/), as
// window.gnlcECharts: loaded once per page, whatever the number of charts.
(function () {
  if (window.gnlcECharts) { return; }
  var hostECharts = window.echarts;
  (function (define, exports, module) {
` + echarts + `
  }).call(window);
  window.gnlcECharts = window.echarts;
  if (hostECharts) { window.echarts = hostECharts; }
})();
`)
}

// localeScript registers ECharts' own locale for a language (toolbox and tooltip texts).
// Registering it again is harmless, so it needs no guard.
func localeScript(locale string) template.JS {
	if locale == "" {
		return ""
	}
	return template.JS(`// ECharts' own locale (toolbox and tooltip texts).
(function (define, exports, module) {
` + locale + `
}).call({ echarts: window.gnlcECharts });
`)
}

// worldScript registers the world outline (already HTML-escaped JSON) once per page.
func worldScript(world string) template.JS {
	return template.JS(`// World outline: world-atlas countries-110m (Natural Earth, public domain), as GeoJSON.
(function (E) {
  if (!E.getMap("gnlc-world")) { E.registerMap("gnlc-world", ` + world + `); }
})(window.gnlcECharts);
`)
}

// share makes v load its scripts from the shared files instead of inlining them.
func (v *view) share() {
	v.Scripts = []string{sharedBase + sharedECharts}
	if v.Locale != "" {
		v.Scripts = append(v.Scripts, sharedBase+sharedLocale(v.Lang))
	}
	if v.World != "" {
		v.Scripts = append(v.Scripts, sharedBase+sharedWorld)
	}
	v.ECharts, v.Locale, v.World = "", "", ""
}

// sharedFiles are the script files of Options.SharedScript: ECharts, the locales of the
// languages written that have one, and the world outline.
func sharedFiles(a *assets, langs []string) []File {
	files := []File{{Path: sharedECharts, Data: []byte(a.echartsJS)}}
	for _, lang := range []string{"fr", "es"} {
		if slices.Contains(langs, lang) {
			files = append(files, File{Path: sharedLocale(lang), Data: []byte(localeScript(a.locales[lang]))})
		}
	}
	return append(files, File{Path: sharedWorld, Data: []byte(worldScript(a.world))})
}
