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
// shapes then take the rectangle's place, below everything else, as ECharts orders them. A large
// register's points, the same in every language too, are a third layer (splitPoints).

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

// pointsLayerMin is the fewest points of a map slide's large series (a large register's, merged
// per square) that are drawn as a layer of their own. The points are the same in every language,
// and thousands take goja seconds (about 0.2 ms each): drawn once, not once per language. Below
// it a map is drawn as before, in two layers.
const pointsLayerMin = mapTableMax

// splitPoints splits a map's option on the stand-in box (splitOutline's rest) whose large series
// has at least pointsLayerMin points into the points' own option (the box and that series alone,
// nameless, so every language's is the same) and the option drawn without them. ok is false for
// an option with fewer points, drawn with them.
func splitPoints(option []byte) (points, rest []byte, ok bool, err error) {
	var opt map[string]any
	if err := json.Unmarshal(option, &opt); err != nil {
		return nil, nil, false, fmt.Errorf("svg: chart option: %w", err)
	}
	series, _ := opt["series"].([]any)
	for _, s := range series {
		sm, _ := s.(map[string]any)
		if data, _ := sm["data"].([]any); sm["large"] != true || len(data) < pointsLayerMin {
			continue
		}
		layer := map[string]any{}
		for k, v := range sm {
			layer[k] = v
		}
		delete(layer, "name")
		if points, err = json.Marshal(map[string]any{"animation": false, "geo": opt["geo"], "series": []any{layer}}); err != nil {
			return nil, nil, false, fmt.Errorf("svg: points option: %w", err)
		}
		// An empty series keeps its legend entry; large mode reads every point, so it goes too.
		sm["data"] = []any{}
		delete(sm, "large")
		delete(sm, "largeThreshold")
		delete(sm, "progressive")
		if rest, err = json.Marshal(opt); err != nil {
			return nil, nil, false, fmt.Errorf("svg: chart option: %w", err)
		}
		return points, rest, true, nil
	}
	return nil, nil, false, nil
}

// zrClass is the class ECharts gives a shape for its hover style, which a slide has no use for.
var zrClass = regexp.MustCompile(` class="zr\d+-cls-\d+"`)

// outlineShapes returns the outline's drawn shapes: every <path> of its SVG, without its hover
// class, whose rule is in the outline's own <style> (spliceOutline gives them the rectangle's).
func outlineShapes(svg string) (string, error) {
	shapes, err := paths(svg, "")
	if err != nil {
		return "", fmt.Errorf("svg: outline: %w", err)
	}
	return shapes, nil
}

// pointShapes returns the points layer's drawn shapes (splitPoints): its <path>s but the
// stand-in rectangle's.
func pointShapes(svg string) (string, error) {
	shapes, err := paths(svg, `fill="`+boxFill+`"`)
	if err != nil {
		return "", fmt.Errorf("svg: points: %w", err)
	}
	return shapes, nil
}

// paths returns every <path> of svg but those holding skip ("": none), without hover classes,
// one a line.
func paths(svg, skip string) (string, error) {
	var b strings.Builder
	for rest := svg; ; {
		i := strings.Index(rest, "<path ")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "</path>")
		if j < 0 {
			return "", fmt.Errorf("unclosed <path>")
		}
		if path := rest[i : i+j+len("</path>")]; skip == "" || !strings.Contains(path, skip) {
			b.WriteString(zrClass.ReplaceAllString(path, ""))
			b.WriteByte('\n')
		}
		rest = rest[i+j+len("</path>"):]
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("ECharts drew no shape")
	}
	return b.String(), nil
}

// spliceOutline puts the outline's shapes where the stand-in rectangle was drawn, with its hover
// class: both are the geo component's regions, and the class's rule is in this SVG's <style>.
// points (pointShapes, or "") follow them, where ECharts draws a series' shapes after the geo's.
func spliceOutline(svg, shapes, points string) (string, error) {
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
	if points != "" {
		b.WriteString("\n" + strings.TrimSuffix(points, "\n"))
	}
	b.WriteString(svg[end:])
	return b.String(), nil
}
