package delegation

// Planning a run: every check on the Dataset and the Options happens here, before a byte is
// written, and each country's rows are gathered into its job.

import (
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"strings"

	"gnlc/queries"
	"gnlc/reports"
	"gnlc/reports/locale"
)

// delegationPlan collects a run's jobs and problems while planDelegations checks the Dataset.
// Problems are listed, not returned one by one, so that one error names every bad country.
type delegationPlan struct {
	ds    *reports.Dataset
	opts  Options
	probs []string
	jobs  []*delegationJob
	found map[string]bool // the requested countries met in ds.Countries
}

// planDelegations validates ds and opts as a whole, listing every problem (nothing is written
// when one country is wrong), and returns one job per workbook, in ds.Countries order, and the
// catalogs in use.
func planDelegations(ds *reports.Dataset, opts Options) ([]*delegationJob, map[string]*locale.Catalog, error) {
	if ds == nil {
		return nil, nil, fmt.Errorf("delegation workbooks: %w: no dataset", reports.ErrInvalidDataset)
	}
	if opts.Lang != "" && !slices.Contains(locale.Languages[:], opts.Lang) {
		return nil, nil, fmt.Errorf("delegation workbooks: language %q: %w (want en, fr or es)", opts.Lang, locale.ErrUnknownLanguage)
	}
	p := &delegationPlan{ds: ds, opts: opts, found: map[string]bool{}}
	p.checkDataset()
	p.chooseCountries()
	if len(p.probs) > 0 {
		return nil, nil, fmt.Errorf("delegation workbooks: %w: %s", reports.ErrInvalidDataset, strings.Join(p.probs, "; "))
	}
	for _, iso := range opts.Countries {
		if !p.found[iso] {
			return nil, nil, fmt.Errorf("delegation workbook %q: %w", iso, ErrNotMember)
		}
	}
	cats, err := loadCatalogs(p.jobs)
	if err != nil {
		return nil, nil, err
	}
	if err := p.gatherRows(); err != nil {
		return nil, nil, err
	}
	return p.jobs, cats, nil
}

// add notes a problem; planDelegations reports them all at once.
func (p *delegationPlan) add(format string, args ...any) {
	p.probs = append(p.probs, fmt.Sprintf(format, args...))
}

// checkDataset checks what every workbook needs, whichever countries are written.
func (p *delegationPlan) checkDataset() {
	ds := p.ds
	if ds.AsOf.IsZero() {
		p.add("as-of date is not set")
	}
	if ds.Members == nil {
		p.add("no member rows")
	}
	if ds.NextCall.Opens.IsZero() || ds.NextCall.Closes.Before(ds.NextCall.Opens) {
		p.add("next application window %v–%v is not a pair of days", ds.NextCall.Opens, ds.NextCall.Closes)
	}
	if ds.Rules.ReportEveryYears <= 0 {
		p.add("rules: reporting period of %d years", ds.Rules.ReportEveryYears)
	}
}

// chooseCountries makes a job for each country to write (opts.Countries, or all). Every
// country's code is checked, written or not: a bad code or a duplicate makes the Dataset unsafe
// as a whole.
func (p *delegationPlan) chooseCountries() {
	want := map[string]bool{}
	for _, iso := range p.opts.Countries {
		want[iso] = true
	}
	seen := map[string]bool{}
	for _, c := range p.ds.Countries {
		if !iso3RE.MatchString(c.ISO3) {
			p.add("country code %q is not three capital letters", c.ISO3)
			continue
		}
		if seen[c.ISO3] {
			p.add("country %s listed twice", c.ISO3)
			continue
		}
		seen[c.ISO3] = true
		if len(want) > 0 && !want[c.ISO3] {
			continue
		}
		p.found[c.ISO3] = true
		if j := p.newJob(c); j != nil {
			p.jobs = append(p.jobs, j)
		}
	}
}

// newJob is c's job in its delegation language (or opts.Lang), or nil, with a problem noted,
// when that language or c's name in it is missing: neither could name the file.
func (p *delegationPlan) newJob(c queries.CountryRow) *delegationJob {
	lang := p.opts.Lang
	if lang == "" {
		lang = c.Language
	}
	if !slices.Contains(locale.Languages[:], lang) {
		p.add("country %s: delegation language %q is not en, fr or es", c.ISO3, c.Language)
		return nil
	}
	name := c.Name(lang)
	if strings.TrimSpace(name) == "" {
		p.add("country %s has no name in %s", c.ISO3, lang)
		return nil
	}
	return &delegationJob{
		country: c,
		lang:    lang,
		rel:     filepath.Join(lang, delegationFileName(c.ISO3, name)),
	}
}

// loadCatalogs loads and checks each language's catalog once and hands it to its jobs, so a
// missing key fails the run before anything is drawn.
func loadCatalogs(jobs []*delegationJob) (map[string]*locale.Catalog, error) {
	cats := map[string]*locale.Catalog{}
	for _, j := range jobs {
		if cats[j.lang] == nil {
			cat, err := locale.Load(j.lang)
			if err != nil {
				return nil, fmt.Errorf("delegation workbooks: %w", err)
			}
			if err := cat.Check(delegationKeys...); err != nil {
				return nil, fmt.Errorf("delegation workbooks: %w", err)
			}
			cats[j.lang] = cat
		}
		j.cat = cats[j.lang]
	}
	return cats, nil
}

// gatherRows hands each job its country's reporting, quota and next-cohort rows. Members are
// not gathered here: Write streams them (feedMembers).
func (p *delegationPlan) gatherRows() error {
	ds := p.ds
	byISO := make(map[string]*delegationJob, len(p.jobs))
	for _, j := range p.jobs {
		byISO[j.country.ISO3] = j
		j.ranked = len(ds.Countries)
		j.next = queries.QuotaNext{
			// No row for the country: nothing used yet in the next cohort.
			ISO3: j.country.ISO3, Year: ds.NextCall.Cohort,
			Limit: int64(ds.Rules.QuotaLimit), Remaining: int64(ds.Rules.QuotaLimit),
		}
	}
	for _, q := range ds.Quota {
		if j := byISO[q.ISO3]; j != nil {
			j.quota = append(j.quota, q)
		}
	}
	for _, q := range ds.NextCallQuota {
		if j := byISO[q.ISO3]; j != nil {
			j.next = q
		}
	}
	return nil
}

// membersReporting is what feedMembers reads: ds.MembersReporting, or for a Dataset built
// without it, ds.Members each beside its obligation among ds.Compliance's rows (gathered first,
// for the whole register: such Datasets are small).
func membersReporting(ds *reports.Dataset) iter.Seq2[queries.MemberReporting, error] {
	if ds.MembersReporting != nil {
		return ds.MembersReporting
	}
	return func(yield func(queries.MemberReporting, error) bool) {
		type key struct{ iso3, city string }
		owed := map[key]*queries.ReportingRow{}
		if ds.Compliance != nil {
			for c, err := range ds.Compliance {
				if err != nil {
					yield(queries.MemberReporting{}, err)
					return
				}
				if r := c.Reporting; r != nil {
					owed[key{r.ISO3, r.City}] = r
				}
			}
		}
		if ds.Members == nil {
			return
		}
		for m, err := range ds.Members {
			if err != nil {
				yield(queries.MemberReporting{}, err)
				return
			}
			if !yield(queries.MemberReporting{Member: m, Reporting: owed[key{m.ISO3, m.City}]}, nil) {
				return
			}
		}
	}
}
