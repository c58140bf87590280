// Package delegation renders the delegation workbooks from a reports.Dataset: one .xlsx per
// member country, in the delegation's language, at <out>/delegations/<lang>/<ISO3>-<slug>.xlsx.
// This file runs the batch (parallel rendering, all-or-nothing publication, file names);
// plan.go validates the Dataset and gathers each country's rows, sheets.go draws the four
// sheets. It reads typed rows, never the database.
package delegation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"gnlc/internal/atomicfile"
	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/locale"
)

// Options select what Write writes.
type Options struct {
	// Lang, when set (en, fr or es), writes every workbook in that language instead of each
	// country's delegation language from the reference table.
	Lang string
	// Countries are the ISO3 codes to write; empty writes every member country. cmd/gnlc
	// resolves what the user typed (a name in any language, an alias, a code) to ISO3.
	Countries []string
	// Logger receives one debug line per workbook; nil discards.
	Logger *slog.Logger
}

// ErrNotMember is returned when a requested country is not among the Dataset's member
// countries. A Dataset that cannot give safe, complete workbooks (bad code, language or name,
// duplicate country, missing rule) gives reports.ErrInvalidDataset; either way nothing is written.
var ErrNotMember = errors.New("not a member country")

// CountryError names the country whose workbook failed.
type CountryError struct {
	ISO3 string
	Err  error
}

func (e *CountryError) Error() string {
	return fmt.Sprintf("delegation workbook %s: %v", e.ISO3, e.Err)
}
func (e *CountryError) Unwrap() error { return e.Err }

var _ error = (*CountryError)(nil)

// delegationMemberBudget bounds the members of the workbooks drawn at the same time (one
// workbook is always drawn, however large its country).
const delegationMemberBudget = 20_000

// iso3RE is what a country code must look like before it becomes part of a file name.
var iso3RE = regexp.MustCompile(`^[A-Z]{3}$`)

// memberReport is a member's reporting obligation on the day, when it has one (ok).
type memberReport struct {
	row queries.ReportingRow
	ok  bool
}

// delegationJob is one country's workbook: everything needed to draw it, gathered before
// rendering so goroutines share nothing mutable.
type delegationJob struct {
	country   queries.CountryRow
	lang      string
	cat       *locale.Catalog
	rel       string // path under <out>/delegations: "<lang>/<ISO3>-<slug>.xlsx"
	members   []queries.Member
	reporting []memberReport // members[i]'s obligation is reporting[i]
	quota     []queries.QuotaRow
	next      queries.QuotaNext
	ranked    int // member countries in the ranking (for "3 of 61")
}

// Write writes one workbook per member country of ds (or per opts.Countries) under
// outDir/delegations/<lang>/ and returns the paths written, sorted.
//
// It validates everything first, then renders countries in parallel (at most GOMAXPROCS at a
// time, large countries one at a time: delegationMemberBudget) into a staging folder inside
// outDir/delegations, and publishes them by renaming only when all succeeded: a failure (or ctx's cancellation) stops the run, returns the first
// error and leaves neither partial nor new files, only what was there before.
// ds.MembersReporting is consumed once, in its (country, city) order; countries are handed to
// the renderers as soon as their members and obligations are read, so memory holds a few
// countries' members, not the register.
// It reads ds and does not change it.
func Write(ctx context.Context, outDir string, ds *reports.Dataset, opts Options) (paths []string, err error) {
	jobs, _, err := planDelegations(ds, opts)
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return nil, nil
	}

	// One staging folder per run, beside the final folders (same file system: renames are
	// atomic), removed whatever happens.
	stage, err := atomicfile.NewStaging(filepath.Join(outDir, "delegations"))
	if err != nil {
		return nil, err
	}
	defer func() {
		if rerr := stage.Remove(); rerr != nil && err == nil {
			err = rerr
		}
	}()

	b := &delegationBatch{ds: ds, jobs: jobs, stage: stage, log: logger(opts.Logger)}
	if err := b.render(ctx); err != nil {
		return nil, err
	}
	return b.publish()
}

// delegationBatch is one run of Write once planned: its jobs and where they are drawn. It
// holds no context: each method that waits takes one.
type delegationBatch struct {
	ds    *reports.Dataset
	jobs  []*delegationJob
	stage *atomicfile.Staging
	log   *slog.Logger
}

// render draws every job into the staging folder, feeding them ds.MembersReporting as it goes, and
// returns when all are drawn or the first failure (or ctx's cancellation) has stopped the rest.
func (b *delegationBatch) render(ctx context.Context) error {
	feedCtx, stopFeed := context.WithCancel(ctx)
	defer stopFeed()
	g, gctx := errgroup.WithContext(feedCtx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	// A workbook's long sheets are streamed (stream.go): excelize holds at
	// most a 16 MB buffer per sheet, not every cell. What still grows with a country is its own
	// rows (members, reporting, the lists of reports due: about 1 KB per member), so large
	// countries are drawn one after another, not side by side: the members being drawn stay
	// within delegationMemberBudget, whatever the register's size.
	budget := semaphore.NewWeighted(delegationMemberBudget)
	start := func(j *delegationJob) {
		w := min(max(int64(len(j.members)), 1), delegationMemberBudget)
		if budget.Acquire(gctx, w) != nil {
			return // cancelled: feedMembers reports it
		}
		g.Go(func() error {
			defer budget.Release(w)
			return b.draw(gctx, j)
		})
	}
	ferr := feedMembers(gctx, b.ds, b.jobs, start)
	if ferr != nil {
		stopFeed() // the run has failed: renderers still waiting need not start
	}
	// Wait even when feeding failed: started renderers stop before the staging folder goes.
	// Report the cause, not its echo: a renderer's failure cancels the feeding and a feeding
	// failure cancels the renderers, and the other side then only says "context canceled".
	werr := g.Wait()
	switch {
	case werr != nil && (ferr == nil || errors.Is(ferr, context.Canceled)):
		return fmt.Errorf("write delegation workbooks: %w", werr)
	case ferr != nil:
		return fmt.Errorf("write delegation workbooks: %w", ferr)
	}
	return ctx.Err()
}

// draw draws one job's workbook into the staging folder; it runs on a renderer goroutine, and
// then drops the job's members.
func (b *delegationBatch) draw(ctx context.Context, j *delegationJob) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	start, n := time.Now(), len(j.members)
	err := writeDelegation(b.ds, j, b.stage)
	j.members, j.reporting = nil, nil // drawn: let the register go, country by country
	if err != nil {
		return &CountryError{ISO3: j.country.ISO3, Err: err}
	}
	b.log.Debug("delegation workbook", "iso3", j.country.ISO3, "lang", j.lang, "members", n, "took", time.Since(start))
	return nil
}

// publish renames the drawn workbooks into place and returns their paths, sorted. A rename
// fails only for reasons outside the run (disk, permissions); the files already renamed are
// complete, so they stay.
func (b *delegationBatch) publish() ([]string, error) {
	rels := make([]string, len(b.jobs))
	for i, j := range b.jobs {
		rels[i] = j.rel
	}
	paths, err := b.stage.Publish(rels)
	if err != nil {
		return paths, err
	}
	slices.Sort(paths)
	return paths, nil
}

// feedMembers reads the members and their obligations once (membersReporting) and calls render
// for each job once its members are all read. Members arrive grouped by country; a country met again after its group ended is an
// error, as its workbook would already be drawn without them.
func feedMembers(ctx context.Context, ds *reports.Dataset, jobs []*delegationJob, render func(*delegationJob)) error {
	byISO := make(map[string]*delegationJob, len(jobs))
	for _, j := range jobs {
		byISO[j.country.ISO3] = j
	}
	done := make(map[string]bool, len(jobs))
	var cur *delegationJob
	curISO := ""
	flush := func() {
		if cur != nil {
			render(cur)
		}
		cur = nil
	}
	n := 0
	for mr, err := range membersReporting(ds) {
		if err != nil {
			return fmt.Errorf("read members: %w", err)
		}
		m := mr.Member
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if m.ISO3 != curISO {
			flush()
			if done[m.ISO3] {
				return fmt.Errorf("read members: %w: members of %s are not grouped by country", reports.ErrInvalidDataset, m.ISO3)
			}
			done[m.ISO3] = true
			curISO = m.ISO3
			cur = byISO[m.ISO3] // nil for countries not written
		}
		if cur != nil {
			cur.members = append(cur.members, m)
			var rep memberReport
			if r := mr.Reporting; r != nil {
				rep = memberReport{row: *r, ok: true}
				// The job's own strings: one copy per country, not one per member.
				if rep.row.Country == cur.country.NameEN {
					rep.row.Country = cur.country.NameEN
				}
				rep.row.ISO3 = cur.country.ISO3
			}
			cur.reporting = append(cur.reporting, rep)
		}
	}
	flush()
	for _, j := range jobs {
		if !done[j.country.ISO3] {
			render(j) // a member country whose members the register does not list (yet)
		}
	}
	return ctx.Err()
}

// maxSlug bounds a file name's slug; names stay readable and far below any file system limit.
const maxSlug = 60

// delegationFileName is "<ISO3>-<slug>.xlsx" ("CIV-cote-d-ivoire.xlsx"), or "<ISO3>.xlsx"
// when the name has no ASCII letter or digit. iso3 must already match iso3RE; the slug holds
// only a-z, 0-9 and inner hyphens, so no separator, "..", control or reserved character can
// reach the file system whatever the name holds.
func delegationFileName(iso3, name string) string {
	if s := slug(name); s != "" {
		return iso3 + "-" + s + ".xlsx"
	}
	return iso3 + ".xlsx"
}

// slugFold spells the Latin letters that do not decompose into a base letter and marks.
var slugFold = strings.NewReplacer("đ", "d", "Đ", "d", "ø", "o", "Ø", "o", "ł", "l", "Ł", "l",
	"æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe", "ß", "ss", "ı", "i", "þ", "th", "Þ", "th", "ð", "d", "Ð", "d")

// slug lower-cases name, drops accents ("Côte d'Ivoire" → "cote-d-ivoire", "Türkiye" →
// "turkiye") and joins the remaining ASCII letters and digits with single hyphens.
func slug(name string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, slugFold.Replace(name))
	if err != nil {
		plain = name
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(plain) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			if b.Len() >= maxSlug {
				// Cut a long name at a word boundary when there is one.
				if i := strings.LastIndexByte(b.String(), '-'); i > 0 {
					return b.String()[:i]
				}
				return b.String()
			}
			continue
		}
		hyphen = true
	}
	return b.String()
}

// logger is l, or a logger that discards when l is nil.
func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
