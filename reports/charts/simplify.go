package charts

import (
	"encoding/json"
	"fmt"
	"math"
)

// slideOutlineTolerance is the distance, in degrees, under which a slide's world outline drops a
// vertex: half a degree is two or three pixels on the slide's map. The outline keeps about 7,800
// of its 9,900 vertices, and the chart set draws about 0.2 s faster (BenchmarkRender). Most of
// the map's time went to its 176 regions, which simplifyOutline makes one.
const slideOutlineTolerance = 0.5

// simplifyOutline returns the GeoJSON world outline with each ring thinned: a vertex closer than
// tol (in degrees) to the last one kept is dropped, the first and last always kept, and a ring
// keeps four vertices at least (a closed triangle). box is the outline's bounding box as a map
// of its own (outlineBox).
func simplifyOutline(geo string, tol float64) (outline, box string, err error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string          `json:"type"`
			ID         any             `json:"id,omitempty"`
			Properties json.RawMessage `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(geo), &fc); err != nil {
		return "", "", fmt.Errorf("world outline: %w", err)
	}
	for i := range fc.Features {
		g := &fc.Features[i].Geometry
		switch g.Type {
		case "Polygon":
			var rings [][][2]float64
			if err = json.Unmarshal(g.Coordinates, &rings); err == nil {
				g.Coordinates, err = json.Marshal(thinRings(rings, tol))
			}
		case "MultiPolygon":
			var polys [][][][2]float64
			if err = json.Unmarshal(g.Coordinates, &polys); err == nil {
				for j := range polys {
					polys[j] = thinRings(polys[j], tol)
				}
				g.Coordinates, err = json.Marshal(polys)
			}
		}
		if err != nil {
			return "", "", fmt.Errorf("world outline: %w", err)
		}
	}
	// One feature, a MultiPolygon of every country: a slide has no region to hover, and ECharts
	// spends most of a map's time on each region's own elements.
	var all [][][][2]float64
	for _, f := range fc.Features {
		g := f.Geometry
		switch g.Type {
		case "Polygon":
			var rings [][][2]float64
			if err := json.Unmarshal(g.Coordinates, &rings); err != nil {
				return "", "", fmt.Errorf("world outline: %w", err)
			}
			all = append(all, rings)
		case "MultiPolygon":
			var polys [][][][2]float64
			if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
				return "", "", fmt.Errorf("world outline: %w", err)
			}
			all = append(all, polys...)
		}
	}
	one := map[string]any{"type": "FeatureCollection", "features": []any{map[string]any{
		"type": "Feature", "properties": map[string]any{"name": "world"},
		"geometry": map[string]any{"type": "MultiPolygon", "coordinates": all},
	}}}
	b, err := json.Marshal(one)
	if err != nil {
		return "", "", fmt.Errorf("world outline: %w", err)
	}
	box, err = outlineBox(all)
	return string(b), box, err
}

func thinRings(rings [][][2]float64, tol float64) [][][2]float64 {
	for i, r := range rings {
		if len(r) <= 4 {
			continue
		}
		out := [][2]float64{r[0]}
		for _, p := range r[1 : len(r)-1] {
			last := out[len(out)-1]
			if math.Hypot(p[0]-last[0], p[1]-last[1]) >= tol {
				out = append(out, p)
			}
		}
		out = append(out, r[len(r)-1])
		if len(out) >= 4 {
			rings[i] = out
		}
	}
	return rings
}
