package charts

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// A map slide is drawn in two layers. The world outline is the same in every language and takes
// most of a map's time in goja (about 0.45 s of 0.55 s), so it is drawn once per run: an option
// with the geo component alone. Each language's map is then drawn on a stand-in map, the
// outline's bounding box as one invisible rectangle, which gives ECharts the same bounding box,
// hence the same projection, and its points land where they would on the outline. The outline's
// shapes then take the rectangle's place, below everything else, as ECharts orders them.

// worldMap and boxMap are the names the renderer registers the slide's outline and its bounding
// box under; worldMap is also the name the pages use.
const (
	worldMap = "gnlc-world"
	boxMap   = "gnlc-world-box"
)

// boxFill marks the stand-in rectangle, so its <path> can be found in the drawn SVG: no chart
// colour is this.
const boxFill = "#010203"

// outlineBox is a GeoJSON map of one rectangle: the bounding box of polygons' outer rings.
func outlineBox(polys [][][][2]float64) (string, error) {
	if len(polys) == 0 {
		return "", fmt.Errorf("world outline: no polygon")
	}
	minX, minY, maxX, maxY := polys[0][0][0][0], polys[0][0][0][1], polys[0][0][0][0], polys[0][0][0][1]
	for _, p := range polys {
		for _, pt := range p[0] {
			minX, maxX = min(minX, pt[0]), max(maxX, pt[0])
			minY, maxY = min(minY, pt[1]), max(maxY, pt[1])
		}
	}
	ring := [][2]float64{{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, {minX, minY}}
	b, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{
		"type": "Feature", "properties": map[string]any{"name": "world"},
		"geometry": map[string]any{"type": "Polygon", "coordinates": [][][2]float64{ring}},
	}}})
	return string(b), err
}

// splitOutline splits a slide option that draws the world outline into the outline's own
// option (its geo component, nothing else) and the option drawn on the stand-in box. ok is false
// for an option with no world outline, which is drawn whole.
func splitOutline(option []byte) (outline, rest []byte, ok bool, err error) {
	var opt map[string]any
	if err := json.Unmarshal(option, &opt); err != nil {
		return nil, nil, false, fmt.Errorf("svg: chart option: %w", err)
	}
	geo, isMap := opt["geo"].(map[string]any)
	if !isMap || geo["map"] != worldMap {
		return nil, nil, false, nil
	}
	// encoding/json writes map keys sorted: equal outlines give equal bytes, drawn once.
	if outline, err = json.Marshal(map[string]any{"animation": false, "geo": geo}); err != nil {
		return nil, nil, false, fmt.Errorf("svg: outline option: %w", err)
	}
	box := map[string]any{}
	for k, v := range geo {
		box[k] = v
	}
	box["map"] = boxMap
	box["itemStyle"] = map[string]any{"areaColor": boxFill, "borderWidth": 0}
	box["emphasis"] = map[string]any{"disabled": true}
	opt["geo"] = box
	if rest, err = json.Marshal(opt); err != nil {
		return nil, nil, false, fmt.Errorf("svg: chart option: %w", err)
	}
	return outline, rest, true, nil
}

// zrClass is the class ECharts gives a shape for its hover style, which a slide has no use for.
var zrClass = regexp.MustCompile(` class="zr\d+-cls-\d+"`)

// outlineShapes returns the outline's drawn shapes: every <path> of its SVG, without its hover
// class, whose rule is in the outline's own <style> (spliceOutline gives them the rectangle's).
func outlineShapes(svg string) (string, error) {
	var b strings.Builder
	for rest := svg; ; {
		i := strings.Index(rest, "<path ")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "</path>")
		if j < 0 {
			return "", fmt.Errorf("svg: outline: unclosed <path>")
		}
		b.WriteString(zrClass.ReplaceAllString(rest[i:i+j+len("</path>")], ""))
		b.WriteByte('\n')
		rest = rest[i+j+len("</path>"):]
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("svg: outline: ECharts drew no shape")
	}
	return b.String(), nil
}

// spliceOutline puts the outline's shapes where the stand-in rectangle was drawn, with its hover
// class: both are the geo component's regions, and the class's rule is in this SVG's <style>.
func spliceOutline(svg, shapes string) (string, error) {
	mark := strings.Index(svg, `fill="`+boxFill+`"`)
	if mark < 0 {
		return "", fmt.Errorf("svg: map: the stand-in rectangle was not drawn")
	}
	start := strings.LastIndex(svg[:mark], "<path ")
	end := strings.Index(svg[mark:], "</path>")
	if start < 0 || end < 0 || strings.Contains(svg[mark+end:], `fill="`+boxFill+`"`) {
		return "", fmt.Errorf("svg: map: the stand-in rectangle is not one <path>")
	}
	end += mark + len("</path>")
	class := zrClass.FindString(svg[start:end])
	var b strings.Builder
	b.WriteString(svg[:start])
	for _, path := range strings.SplitAfter(strings.TrimSuffix(shapes, "\n"), "</path>") {
		// ECharts writes the class last in the start tag, which has no other ">".
		if i := strings.Index(path, ">"); i >= 0 && strings.Contains(path, "<path ") {
			path = path[:i] + class + path[i:]
		}
		b.WriteString(path)
	}
	b.WriteString(svg[end:])
	return b.String(), nil
}
