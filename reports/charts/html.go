package charts

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"gnlc/reports/internal/palette"
)

//go:embed templates/chart_*.tmpl
var templateFS embed.FS

// templates are gnlc's own page, snippet and gallery templates; go-echarts' templates (which
// load ECharts from a CDN) are not used.
var templates = template.Must(template.ParseFS(templateFS, "templates/chart_*.tmpl"))

// view is one chart in one language, as the templates render it.
type view struct {
	Kind        string
	ID          string // element id, also the go-echarts ChartID
	Lang        string
	Title       string
	Description string // the chart's text alternative (aria-label)
	Height      int    // px
	Notes       []string
	Table       table
	Option      template.JS // the ECharts option, JSON with <, >, & escaped
	// SlideOption is the option of the chart's slide (SVG) when it differs from the page's: the
	// same rows, laid out for one 16:9 slide (the cohort's largest countries and the others).
	SlideOption template.JS
	Labels      map[string]string // texts the page script needs (the map's tooltip)

	// Set by attach: the scripts inlined before the chart's own (scripts.go).
	ELocale    string      // ECharts locale name: EN, FR, ES
	ECharts    template.JS // echarts.min.js, wrapped
	Locale     template.JS // ECharts' locale, wrapped; empty for English
	World      template.JS // world outline, wrapped; map only
	NavAll     string
	NavSnippet string
	// Set by share instead: the same scripts as files to load, relative to the page.
	Scripts []string
}

// table is the data table fallback of a chart: the figures as text, for screen readers and
// for anyone who wants the numbers.
type table struct {
	Summary string
	Caption string
	Head    []string
	Rows    [][]cell
}

type cell struct {
	Text string
	Num  bool // right-aligned
}

func num(s string) cell { return cell{Text: s, Num: true} }
func str(s string) cell { return cell{Text: s} }

func (v *view) attach(a *assets, tr *text) {
	v.ELocale = strings.ToUpper(v.Lang)
	v.ECharts = a.echartsJS
	v.Locale = localeScript(a.locales[v.Lang])
	if v.Kind == Map {
		v.World = worldScript(a.world)
	}
	v.NavAll = tr.T("charts.nav.all")
	v.NavSnippet = tr.T("charts.nav.snippet")
}

// snippetRenderer is what every go-echarts chart provides.
type snippetRenderer interface {
	RenderSnippet() render.ChartSnippet
}

// optionJS renders c with go-echarts' RenderSnippet and returns its option as JSON that is safe
// inside an inline <script>. go-echarts writes the option without HTML escaping, so a city named
// "</script><script>…" would end the script element; decoding and re-encoding it with
// encoding/json escapes <, > and & (as \u003c…), which JavaScript reads back as the same text.
// Re-encoding also refuses anything that is not plain JSON, such as a go-echarts JavaScript
// function: the charts keep their code in gnlc's templates.
func optionJS(c snippetRenderer) (template.JS, error) {
	raw := c.RenderSnippet().Option
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("chart option is not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", fmt.Errorf("chart option is not one JSON value")
	}
	if o, ok := v.(map[string]any); ok {
		darkAxes(o)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode chart option: %w", err)
	}
	return template.JS(b), nil
}

// patch is a go-echarts ConfigurationVisitor that sets option keys go-echarts has no field
// for (geo layout, axis details). It runs when the option is rendered.
type patch struct {
	charts.BaseConfigurationVisitor
	fn func(option map[string]any)
}

func (p patch) Visit(option map[string]any) { p.fn(option) }

// globalOpts are the options every chart shares.
func globalOpts(id, title, subtitle, fileStem string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		// Width and height are the template's (the element fills its container); go-echarts only
		// needs the id, which it would otherwise draw at random.
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%"}),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center"}),
		// Titles come from ECharts' own locale (FR, ES).
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "12", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Name: fileStem},
		}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
	}
}

// rule is one responsive rule of an option (ECharts' media): below maxWidth pixels of chart,
// option is merged over the option's own keys.
type rule struct {
	maxWidth int
	option   map[string]any
}

// withMedia adds rules to an option (JSON, as optionJS makes it): a flat option with a "media"
// list is its own base, and ECharts applies the rules whose query the chart's width meets, as
// the page resizes. Rules are listed widest first: the narrower ones apply over them.
func withMedia(option template.JS, rules ...rule) (template.JS, error) {
	return patchOption(option, func(o map[string]any) { setMedia(o, rules...) })
}

// setMedia sets an option's rules (see withMedia).
func setMedia(o map[string]any, rules ...rule) {
	media := make([]any, len(rules))
	for i, r := range rules {
		media[i] = map[string]any{"query": map[string]any{"maxWidth": r.maxWidth}, "option": r.option}
	}
	o["media"] = media
}

// patchOption changes an option (JSON, as optionJS makes it) with fn, for the keys go-echarts
// has no field for, and encodes it again as safely as optionJS does.
func patchOption(option template.JS, fn func(map[string]any)) (template.JS, error) {
	var o map[string]any
	dec := json.NewDecoder(strings.NewReader(string(option)))
	dec.UseNumber()
	if err := dec.Decode(&o); err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	fn(o)
	b, err := json.Marshal(o)
	if err != nil {
		return "", fmt.Errorf("encode chart option: %w", err)
	}
	return template.JS(b), nil
}

// narrowSubtitle wraps a title's subtitle at a word within width pixels.
func narrowSubtitle(width int) map[string]any {
	return map[string]any{"subtextStyle": map[string]any{"width": width, "overflow": "break", "lineHeight": 16}}
}

// darkAxes draws every axis's labels and name in the charts' text colour: ECharts' default grey
// is hard to read projected in a hall.
func darkAxes(o map[string]any) {
	for _, key := range []string{"xAxis", "yAxis"} {
		each(o, key, func(a map[string]any) {
			a["axisLabel"] = merge(a["axisLabel"], map[string]any{"color": palette.Axis})
			a["nameTextStyle"] = merge(a["nameTextStyle"], map[string]any{"color": palette.Axis})
		})
	}
}
