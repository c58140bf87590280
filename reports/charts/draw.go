package charts

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"
)

// drawPlan is the drawings that make a run's uncached slides: each slide's own, and the world
// outlines and large registers' points its maps share (outline_layer.go), queued first because
// each is the longest drawing.
type drawPlan struct {
	options [][]byte // what each drawing draws
	names   []string // what each drawing is, for errors
	own     []int    // by slide: its own drawing
	outline []int    // by slide: its outline's drawing, or -1
	points  []int    // by slide: its points' drawing (splitPoints), or -1
}

func planDrawings(todo []svgJob) (*drawPlan, error) {
	p := &drawPlan{own: make([]int, len(todo)), outline: make([]int, len(todo)), points: make([]int, len(todo))}
	rest := make([][]byte, len(todo))
	outlines := map[string]int{} // outlines and points layers, by option: each drawn once
	for k, j := range todo {
		outline, other, ok, err := splitOutline(j.option)
		if err != nil {
			return nil, fmt.Errorf("render charts: %s: %w", j.path, err)
		}
		p.outline[k], p.points[k], rest[k] = -1, -1, j.option
		if !ok {
			continue
		}
		layer := func(option []byte, name string) int {
			i, seen := outlines[string(option)]
			if !seen {
				i = len(p.options)
				outlines[string(option)] = i
				p.options, p.names = append(p.options, option), append(p.names, name+" for "+j.path)
			}
			return i
		}
		p.outline[k], rest[k] = layer(outline, "world outline"), other
		points, other, ok, err := splitPoints(other)
		if err != nil {
			return nil, fmt.Errorf("render charts: %s: %w", j.path, err)
		}
		if ok {
			p.points[k], rest[k] = layer(points, "map points"), other
		}
	}
	for k, j := range todo {
		p.own[k] = len(p.options)
		p.options, p.names = append(p.options, rest[k]), append(p.names, j.path)
	}
	return p, nil
}

// engineSources prepares what every engine loads (newSVGSources: ECharts compiled, about 0.3 s)
// in the background, from the first slide the cache lacks, while the other pages are made.
type engineSources struct {
	a     *assets
	once  sync.Once
	ready chan struct{}
	src   *svgSources
	err   error
}

func newEngineSources(a *assets) *engineSources {
	return &engineSources{a: a, ready: make(chan struct{})}
}

func (e *engineSources) start() {
	e.once.Do(func() {
		go func() {
			defer close(e.ready)
			e.src, e.err = newSVGSources(e.a)
		}()
	})
}

func (e *engineSources) wait() (*svgSources, error) {
	e.start()
	<-e.ready
	return e.src, e.err
}

// lookUp reads a job's slide from the cache into it, or starts preparing the engines to draw it.
func (e *engineSources) lookUp(j *svgJob, cache slideCache) {
	if svg, ok := cache.get(*j); ok {
		j.cached = svg
		return
	}
	e.start()
}

// drawSVGs draws the slides of jobs into files (found by path): a job the cache had (lookUp) is
// copied, the others drawn by as many engines as there are processors (goja is single-threaded,
// and a world outline takes about half a second in it), each taking the next drawing. A slide's
// bytes depend on its chart alone (renumberIDs), not on which engine drew it or after what.
func drawSVGs(ctx context.Context, srcs *engineSources, jobs []svgJob, files []File, cache slideCache) error {
	at := make(map[string]int, len(files))
	for i, f := range files {
		at[f.Path] = i
	}
	var todo []svgJob
	for _, j := range jobs {
		if j.cached != nil {
			files[at[j.path]].Data = j.cached
			continue
		}
		todo = append(todo, j)
	}
	if len(todo) == 0 {
		return nil
	}
	plan, err := planDrawings(todo)
	if err != nil {
		return err
	}
	src, err := srcs.wait()
	if err != nil {
		return fmt.Errorf("render charts: %w", err)
	}
	drawn, err := draw(ctx, src, plan)
	if err != nil {
		return err
	}
	shapes := map[int]string{} // by drawing: an outline's or points layer's shapes
	layer := func(i int, extract func(string) (string, error)) (string, error) {
		if i < 0 {
			return "", nil
		}
		if _, ok := shapes[i]; !ok {
			s, err := extract(drawn[i])
			if err != nil {
				return "", err
			}
			shapes[i] = s
		}
		return shapes[i], nil
	}
	for k, j := range todo {
		svg := drawn[plan.own[k]]
		if o := plan.outline[k]; o >= 0 {
			outline, err := layer(o, outlineShapes)
			if err != nil {
				return fmt.Errorf("render charts: %s: %w", j.path, err)
			}
			points, err := layer(plan.points[k], pointShapes)
			if err != nil {
				return fmt.Errorf("render charts: %s: %w", j.path, err)
			}
			if svg, err = spliceOutline(svg, outline, points); err != nil {
				return fmt.Errorf("render charts: %s: %w", j.path, err)
			}
		}
		b, err := accessibleSVG(svg, j.slide)
		if err != nil {
			return fmt.Errorf("render charts: %s: %w", j.path, err)
		}
		cache.put(j, b)
		files[at[j.path]].Data = b
	}
	return nil
}

// draw runs a plan's drawings on a pool of engines and returns ECharts' SVG of each.
func draw(ctx context.Context, src *svgSources, plan *drawPlan) ([]string, error) {
	drawn := make([]string, len(plan.options))
	next := make(chan int)
	g, gctx := errgroup.WithContext(ctx) // an engine that fails stops the others, and the feed
	for range min(runtime.GOMAXPROCS(0), len(plan.options)) {
		g.Go(func() error {
			r, err := newSVGRenderer(src)
			if err != nil {
				return fmt.Errorf("render charts: %w", err)
			}
			for i := range next {
				if drawn[i], err = r.render(plan.options[i]); err != nil { // each slot written once
					return fmt.Errorf("render charts: %s: %w", plan.names[i], err)
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(next)
		for i := range plan.options {
			select {
			case next <- i:
			case <-gctx.Done():
				return fmt.Errorf("render charts: %w", context.Cause(gctx))
			}
		}
		return nil
	})
	return drawn, g.Wait()
}
