package charts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"gnlc/internal/atomicfile"
)

// Slides are 16:9; 1920×1080 is what PowerPoint, Keynote and Impress call full HD.
const (
	slideWidth  = 1920
	slideHeight = 1080
)

// Text sizes on a slide, in pixels at 1920 wide: a title read from the back of a hall, labels
// from the middle.
const (
	slideTitlePx    = 48
	slideSubtitlePx = 28
	slideLabelPx    = 24
	slideSourcePx   = 22
)

// slideFonts is a font stack found on Windows, macOS and Linux: the SVG names fonts, it does
// not carry them, so its text stays text a slide program can search and restyle. Single quotes:
// ECharts writes the stack into a double-quoted style attribute.
const slideFonts = `'Segoe UI', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif`

// svgRenderer draws chart options as SVG with ECharts' own server-side renderer, in goja, a
// JavaScript engine in pure Go: no browser, no network. Loading ECharts into one takes about
// 0.1 s, so each renderer draws many charts, one at a time (goja is not safe for concurrent
// use); drawSVGs runs one per processor.
type svgRenderer struct {
	vm   *goja.Runtime
	draw goja.Callable
}

// drawScript renders one option: init without a DOM (ssr), the option, the SVG string.
const drawScript = `(function (optionJSON, width, height) {
  var chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: width, height: height });
  try {
    chart.setOption(JSON.parse(optionJSON));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
})`

// svgSources are what every renderer of a run loads, prepared once: ECharts compiled (a goja
// Program runs in any number of engines) and the slide's world outline.
type svgSources struct {
	echarts      *goja.Program
	outline, box string
}

func newSVGSources(a *assets) (*svgSources, error) {
	prog, err := goja.Compile("echarts.min.js", a.echarts, false)
	if err != nil {
		return nil, fmt.Errorf("svg renderer: compile ECharts: %w", err)
	}
	outline, box, err := simplifyOutline(a.world, slideOutlineTolerance)
	if err != nil {
		return nil, fmt.Errorf("svg renderer: %w", err)
	}
	return &svgSources{echarts: prog, outline: outline, box: box}, nil
}

// newSVGRenderer loads ECharts (and the world outline, for the map) into a fresh engine.
func newSVGRenderer(src *svgSources) (*svgRenderer, error) {
	vm := goja.New()
	// ECharts schedules its animation frames with these; with animation off and SSR, nothing
	// runs later, so they do nothing.
	noop := func(goja.FunctionCall) goja.Value { return goja.Undefined() }
	for _, name := range []string{"setTimeout", "clearTimeout", "setInterval", "clearInterval"} {
		if err := vm.Set(name, noop); err != nil {
			return nil, fmt.Errorf("svg renderer: %w", err)
		}
	}
	if _, err := vm.RunProgram(src.echarts); err != nil {
		return nil, fmt.Errorf("svg renderer: load ECharts: %w", err)
	}
	if err := vm.Set("gnlcMeasureText", measureText); err != nil {
		return nil, fmt.Errorf("svg renderer: %w", err)
	}
	if _, err := vm.RunString(`echarts.setPlatformAPI({ measureText: function (text, font) { return { width: gnlcMeasureText(String(text), String(font || "")) }; } });`); err != nil {
		return nil, fmt.Errorf("svg renderer: text measure: %w", err)
	}
	for name, geo := range map[string]string{worldMap: src.outline, boxMap: src.box} {
		if _, err := vm.RunString(`echarts.registerMap("` + name + `", ` + geo + `);`); err != nil {
			return nil, fmt.Errorf("svg renderer: load the world outline: %w", err)
		}
	}
	fn, err := vm.RunString(drawScript)
	if err != nil {
		return nil, fmt.Errorf("svg renderer: %w", err)
	}
	draw, ok := goja.AssertFunction(fn)
	if !ok {
		return nil, fmt.Errorf("svg renderer: the draw script is not a function")
	}
	return &svgRenderer{vm: vm, draw: draw}, nil
}

// slide is what a chart's SVG says besides its option: the texts of its <title> and <desc>, and
// its source line.
type slide struct {
	Title, Description, Source string
}

// slideJSON is a page's option (JSON) restyled for a slide (slideOption), with the source line.
func slideJSON(option []byte, source string) ([]byte, error) {
	var opt map[string]any
	if err := json.Unmarshal(option, &opt); err != nil {
		return nil, fmt.Errorf("svg: chart option: %w", err)
	}
	slideOption(opt, source)
	b, err := json.Marshal(opt)
	if err != nil {
		return nil, fmt.Errorf("svg: chart option: %w", err)
	}
	return b, nil
}

// render draws an option (slideJSON, or a layer of one) as ECharts' 1920×1080 SVG.
func (r *svgRenderer) render(option []byte) (string, error) {
	v, err := r.draw(goja.Undefined(), r.vm.ToValue(string(option)), r.vm.ToValue(slideWidth), r.vm.ToValue(slideHeight))
	if err != nil {
		return "", fmt.Errorf("svg: ECharts: %w", err)
	}
	return v.String(), nil
}

// zrID is a name ECharts gives an element or a class: its engine's instance and a counter of
// the engine's life ("zr3-c12", "zr3-cls-7").
var zrID = regexp.MustCompile(`\bzr\d+-([a-z]+)(-?)(\d+)`)

// renumberIDs renames ECharts' element and class names in the order they appear, from 0 for
// each kind, so that a slide's bytes depend on its chart alone, not on how many charts the
// engine drew before it (drawn in a run, or read from the cache).
func renumberIDs(svg string) string {
	names := map[string]string{}
	next := map[string]int{}
	return zrID.ReplaceAllStringFunc(svg, func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		m := zrID.FindStringSubmatch(id)
		n := "zr0-" + m[1] + m[2] + strconv.Itoa(next[m[1]])
		next[m[1]]++
		names[id] = n
		return n
	})
}

// accessibleSVG gives the SVG ECharts drew a title and a description, first in the root as SVG
// wants them, and marks it as an image labelled by them.
func accessibleSVG(svg string, s slide) ([]byte, error) {
	end := strings.Index(svg, ">")
	if !strings.HasPrefix(svg, "<svg") || end < 0 {
		return nil, fmt.Errorf("svg: ECharts drew no <svg> root")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(svg[:end])
	b.WriteString(` role="img" aria-labelledby="gnlc-title gnlc-desc">`)
	b.WriteString("\n<title id=\"gnlc-title\">" + html.EscapeString(s.Title) + "</title>")
	b.WriteString("\n<desc id=\"gnlc-desc\">" + html.EscapeString(s.Description) + "</desc>")
	// ECharts names clip paths and the like after its engine's instance count ("zr3-c0"), which
	// depends on how many charts the engine drew before: numbered from 0 in every file, a slide's
	// bytes depend on its chart alone, drawn or read from the cache.
	b.WriteString(renumberIDs(svg[end+1:]))
	if !strings.HasSuffix(svg, "\n") {
		b.WriteByte('\n')
	}
	return []byte(b.String()), nil
}

// slideOption restyles a page's option for a slide, in place: no animation or toolbox, the slide
// fonts and sizes, labels kept inside the grid, and the source line. The data, names and colours
// stay the page's.
func slideOption(opt map[string]any, source string) {
	opt["animation"] = false
	delete(opt, "media") // a slide is wide: the page's rules for narrow charts do not apply
	delete(opt, "toolbox")
	delete(opt, "dataZoom")
	opt["textStyle"] = map[string]any{"fontFamily": slideFonts, "fontSize": slideLabelPx, "color": "#1d2733"}
	each(opt, "title", func(t map[string]any) {
		t["top"] = 28
		t["textStyle"] = merge(t["textStyle"], map[string]any{"fontSize": slideTitlePx, "fontWeight": "bold", "color": "#1d2733"})
		t["subtextStyle"] = merge(t["subtextStyle"], map[string]any{"fontSize": slideSubtitlePx, "color": "#46525e"})
		t["itemGap"] = 14
	})
	each(opt, "legend", func(l map[string]any) {
		l["type"] = "plain"
		l["bottom"] = 96
		l["itemWidth"], l["itemHeight"], l["itemGap"] = 36, 20, 32
		l["textStyle"] = merge(l["textStyle"], map[string]any{"fontSize": slideLabelPx})
	})
	each(opt, "grid", func(g map[string]any) {
		g["top"] = 190
		g["bottom"] = 215 // room for a legend of two rows (Spanish growth) above the source line
		if left, _ := g["left"].(string); !strings.HasSuffix(left, "%") {
			g["left"] = 80 // a share of the width (regions' bars) keeps its place
		}
		g["right"] = 100
		g["containLabel"] = true
	})
	for _, ax := range []string{"xAxis", "yAxis"} {
		each(opt, ax, func(a map[string]any) {
			a["axisLabel"] = merge(a["axisLabel"], map[string]any{"fontSize": slideLabelPx, "color": "#262626"})
			a["nameTextStyle"] = merge(a["nameTextStyle"], map[string]any{"fontSize": slideLabelPx, "color": "#262626"})
			if gap, ok := a["nameGap"].(float64); ok {
				a["nameGap"] = gap * 2
			}
		})
	}
	each(opt, "series", func(s map[string]any) {
		slideLabel(s)
		each(s, "data", slideLabel) // a pie's labels are its items'
		if s["type"] == "pie" {
			// Labels wrap at a word rather than end in "…"; the pie gives them room.
			s["label"] = merge(s["label"], map[string]any{"overflow": "break", "width": 260})
			s["radius"], s["center"] = "44%", []any{"29%", "56%"}
		}
		if s["type"] == "line" {
			s["lineStyle"] = merge(s["lineStyle"], map[string]any{"width": 4})
			s["symbolSize"] = 12
		}
		if ml, ok := s["markLine"].(map[string]any); ok {
			if l, ok := ml["label"].(map[string]any); ok {
				l["fontSize"] = slideLabelPx
			}
		}
		if s["type"] == "bar" {
			delete(s, "barMaxWidth")
		}
	})
	// Hundreds of points, each its own element, are slow to draw in goja: as one path ("large"
	// mode) they look the same on a slide, which has no tooltip to show. Not hollow symbols:
	// large mode fills them, and the map's hollow points (members at their country's centre)
	// would look located.
	each(opt, "series", func(s map[string]any) {
		// Large mode reads every point's value as [lon, lat, ...]: an empty series stays as it is.
		hollow := strings.HasPrefix(fmt.Sprint(s["symbol"]), "empty")
		if data, ok := s["data"].([]any); ok && s["type"] == "scatter" && len(data) > 0 && !hollow {
			// ECharts draws a large series 5,000 points a frame, and drawn without a browser it
			// gets no next frame: progressive 0 draws every point at once.
			s["large"], s["largeThreshold"], s["progressive"] = true, 0, 0
			// A slide has no tooltip: a point's value is all it draws, and goja then parses a
			// third of the JSON (a large register's map has thousands of points).
			for i, d := range data {
				if p, ok := d.(map[string]any); ok && p["value"] != nil {
					data[i] = p["value"]
				}
			}
		}
	})
	each(opt, "geo", func(g map[string]any) {
		g["silent"] = true // no hover on a slide: the outline is one shape (simplifyOutline)
		// Below the title and above the legend and the source line, which the page's layout
		// (made for a narrow frame) let the map run under.
		g["top"], g["bottom"] = 150, 150
	})
	each(opt, "visualMap", func(v map[string]any) {
		v["textStyle"] = merge(v["textStyle"], map[string]any{"fontSize": slideLabelPx})
		v["itemWidth"], v["itemHeight"] = 28, 220
	})
	opt["graphic"] = []any{map[string]any{
		"type": "text", "left": 48, "bottom": 28,
		// Two lines when it must, broken at a word, within the slide's margins.
		"style": map[string]any{"text": breakLines(source, slideSourcePx, slideWidth-2*48), "fontSize": slideSourcePx,
			"fill": "#46525e", "fontFamily": slideFonts, "lineHeight": slideSourcePx * 5 / 4},
	}}
}

// breakLines breaks s at spaces into lines no wider than width pixels at px (measureText).
func breakLines(s string, px, width float64) string {
	font := strconv.FormatFloat(px, 'f', -1, 64) + "px"
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case measureText(line+" "+w, font) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// slideLabel sets the slide's label size on an object (a series or a data item) that has a
// label, its line height with it.
func slideLabel(o map[string]any) {
	l, ok := o["label"].(map[string]any)
	if !ok {
		return
	}
	l["fontSize"] = slideLabelPx
	if _, ok := l["lineHeight"]; ok {
		l["lineHeight"] = slideLabelPx * 5 / 4
	}
}

// each calls fn on opt[key], an object or an array of objects, as ECharts allows either.
func each(opt map[string]any, key string, fn func(map[string]any)) {
	switch v := opt[key].(type) {
	case map[string]any:
		fn(v)
	case []any:
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				fn(m)
			}
		}
	}
}

// merge sets the keys of with over base (an object, or nothing) and returns it.
func merge(base any, with map[string]any) map[string]any {
	m, ok := base.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	for k, v := range with {
		m[k] = v
	}
	return m
}

// svgJob is one chart's slide to draw into the file at path.
type svgJob struct {
	path   string
	option []byte // the slide's option (slideJSON)
	slide  slide
	cached []byte // the slide, when the cache had it
}

// slideRenderVersion names how gnlc draws a slide's option (measureText, simplifyOutline,
// accessibleSVG, renumberIDs): part of the cache key, so a change there, with this name bumped,
// redraws every slide. The option itself, slideOption's work included, is in the key.
const slideRenderVersion = "slides-4"

// slideCache keeps drawn slides on disk by the SHA-256 of everything that makes them: ECharts'
// version, gnlc's way of drawing, the option and the texts. Drawing takes seconds in goja, and
// most runs draw what an earlier run drew; an entry is a pure function of its key, so reading
// one gives the same bytes drawing would. dir "" keeps nothing.
type slideCache struct{ dir string }

func (c slideCache) key(j svgJob) string {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(EChartsVersion), []byte(slideRenderVersion), j.option,
		[]byte(j.slide.Title), []byte(j.slide.Description), []byte(j.slide.Source)} {
		fmt.Fprintf(h, "%d:", len(part))
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c slideCache) get(j svgJob) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(c.dir, c.key(j)+".svg"))
	return b, err == nil && bytes.HasPrefix(b, []byte("<?xml"))
}

// put stores a drawn slide; a cache that cannot be written is no cache, never an error.
func (c slideCache) put(j svgJob, svg []byte) {
	if c.dir == "" || os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	_ = atomicfile.WriteFile(filepath.Join(c.dir, c.key(j)+".svg"), svg, 0o644)
}
