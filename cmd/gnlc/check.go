package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gnlc/queries"
	"gnlc/rules"
)

// CheckOptions are the flags of gnlc check, parsed.
type CheckOptions struct {
	Deps   *Deps
	DB     string
	DBFrom string    // where DB came from: fromFlag, fromEnv or fromDefault (see resolveDB)
	AsOf   time.Time // from --as-of, or today by Deps.Now
	Rules  string    // rules file replacing the stored rules for this run; "" keeps them
	Format string    // table, tsv or json: --format, else table on a terminal and tsv piped
}

// checkItemsShown is how many offenders the table lists under a rule; JSON lists them all.
const checkItemsShown = 3

func newCheckCmd(deps *Deps, runF func(context.Context, *CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{Deps: deps}
	var asOf string
	cmd := &cobra.Command{
		Use:   "check [--db FILE] [--as-of DATE] [--rules FILE] [--format table|tsv|json]",
		Short: "Check the register against the network's rules",
		Long: `Check every rule of the network on the register and count what cannot be checked:

  quota                          more new cities for a country in one cohort than the limit
  application window             applied_on outside the member's call (listed calls, or the
                                 default window of the year before its cohort)
  reporting overdue              the next progress report was due before the as-of date
  cohort over-named              more new cities named than the cohort announced
  country in several regions     one country's members in different regions
  region differs from reference  a member's region is not its country's
  withdrawn without left year    a withdrawal with no year

and, for information only: unknown application dates, cohorts before the window rule,
unknown reporting (a register that holds no report at all), countries missing from the
reference table, unknown populations.

Each rule says ok, BROKEN or unknown. Unknown is not ok: the rule could check nothing, for
want of data (every application date or due date unknown, no published figure), so its count
of offenders is not known ("?"). A rule that checked some cases but not others says how many
it could not check.

The rules (limit and its effective-from cohort, default window, calls, reporting period and
cycles) come from the database, which holds the embedded default (see fixtures/rules.conf);
--rules FILE applies another rules file for this run only, without writing to the database.
A malformed rules file is refused with its line number.

The database is --db, or $GNLC_DB when set, or ` + defaultDB + `, opened read-only; until that
one exists, the embedded default register (a note on stderr says so). Output: an aligned table on a terminal, tab-separated rows
(with a header) when piped, JSON with --format json (every offender listed).
Exit status: 0 when every rule holds, 3 when one is broken, 1 on failure, 2 on usage.`,
		Example: `  # out/gnlc.duckdb (or, before any ingest, the embedded register), today
  gnlc check

  # a database of your own, as of the end of 2024, for a script
  gnlc check --db out/gnlc.duckdb --as-of 2024-12-31 --format json

  # what if the quota were 5?
  gnlc check --db out/gnlc.duckdb --rules my-rules.conf`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError(cmd, fmt.Errorf("unexpected argument %q: check takes flags only", args[0]))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = parseOutputFormat(deps, opts.Format, "table", "tsv", "json"); err != nil {
				return &FlagError{Err: err}
			}
			if opts.AsOf, err = parseAsOf(asOf, deps.Now()); err != nil {
				return &FlagError{Err: err}
			}
			if opts.DB, opts.DBFrom, err = resolveDB(cmd, deps, opts.DB); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runCheck(cmd.Context(), opts)
		},
	}
	addDBFlag(cmd, &opts.DB, "database file, opened read-only")
	addAsOfFlag(cmd, &asOf, "reporting compliance")
	cmd.Flags().StringVar(&opts.Rules, "rules", "", "rules file to apply instead of the database's rules")
	cmd.Flags().StringVar(&opts.Format, "format", "", "table, tsv or json (default: table on a terminal, tsv otherwise)")
	return cmd
}

func runCheck(ctx context.Context, opts *CheckOptions) error {
	deps := opts.Deps
	var overlay *rules.Rules
	if opts.Rules != "" {
		// Read the rules before opening the database: a bad file fails fast.
		r, err := rules.ReadFile(opts.Rules)
		if err != nil {
			return err
		}
		overlay = r
	}
	db, err := openForReading(ctx, deps, opts.DB, opts.DBFrom)
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection: a rules overlay is made of TEMP tables, which belong to it.
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer conn.Close()
	if overlay != nil {
		if err := queries.OverlayRules(ctx, conn, overlay); err != nil {
			return fmt.Errorf("apply rules %s: %w", opts.Rules, err)
		}
	}
	q := queries.New(conn)
	applied, err := q.Rules(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	checks, err := q.Checks(ctx, opts.AsOf)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	next, err := q.NextCall(ctx, opts.AsOf)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	broken := 0
	for _, c := range checks {
		if c.Broken {
			broken++
		}
	}
	report := checkReport{AsOf: opts.AsOf, Rules: applied, Next: next, Checks: checks, Broken: broken}
	switch opts.Format {
	case "json":
		err = report.writeJSON(deps.Stdout)
	case "table":
		err = report.writeTable(deps.Stdout)
	default:
		err = report.writeTSV(deps.Stdout)
	}
	if err != nil {
		return fmt.Errorf("write check results: %w", err)
	}
	if broken > 0 {
		return &RuleError{Broken: broken}
	}
	return nil
}

// checkReport is what gnlc check prints, in any format.
type checkReport struct {
	AsOf   time.Time
	Rules  *rules.Rules
	Next   queries.NextWindow // the next application window on AsOf (macro next_call_at)
	Checks []queries.CheckRow
	Broken int
}

// checkCount is a check's count as text, "?" when it is not known (nothing could be checked).
func checkCount(c queries.CheckRow, unknown string) string {
	if c.Count == nil {
		return unknown
	}
	return strconv.FormatInt(*c.Count, 10)
}

// uncheckedCases names, per rule, the cases it cannot check (one, many).
var uncheckedCases = map[string][2]string{
	"application window":            {"application date unknown", "application dates unknown"},
	"reporting overdue":             {"due date unknown (no report on record)", "due dates unknown (no report on record)"},
	"cohort over-named":             {"cohort with no published figure", "cohorts with no published figure"},
	"region differs from reference": {"member whose country is not in the reference", "members whose country is not in the reference"},
}

// checkUnchecked says what a rule could not check, "" when it checked every case: "nothing
// checked: 226 due dates unknown (no report on record)", "4 not checked: cohorts with no
// published figure".
func checkUnchecked(c queries.CheckRow) string {
	if c.Kind != queries.CheckRule || c.Unknown == nil || *c.Unknown == 0 {
		return ""
	}
	n := *c.Unknown
	what := fmt.Sprintf("%s unknown", plural(int(n), "case", "cases"))
	if w, ok := uncheckedCases[c.Rule]; ok {
		what = plural(int(n), w[0], w[1])
	}
	if c.Status == queries.CheckUnknown {
		return fmt.Sprintf("nothing checked: %d %s", n, what)
	}
	return fmt.Sprintf("%d not checked: %s", n, what)
}

// unknownRules counts the rules that could check nothing.
func (r checkReport) unknownRules() int {
	n := 0
	for _, c := range r.Checks {
		if c.Kind == queries.CheckRule && c.Status == queries.CheckUnknown {
			n++
		}
	}
	return n
}

func (r checkReport) writeTable(w io.Writer) error {
	fmt.Fprintf(w, "Rules on %s (%s): quota %d per country from the %d cohort, window %s to %s, report every %d years\n",
		r.AsOf.Format(time.DateOnly), r.Rules.Source, r.Rules.Quota.Limit, r.Rules.Quota.EffectiveFrom,
		r.Rules.Window.Opens, r.Rules.Window.Closes, r.Rules.Reporting.EveryYears)
	fmt.Fprintf(w, "Next application window: %s\n\n", nextWindowText(r.Next))
	tw := newTable(w)
	fmt.Fprintln(tw, "CHECK\tSTATUS\tCOUNT\tOFFENDERS")
	for _, c := range r.Checks {
		status := string(c.Status)
		if c.Broken {
			status = "BROKEN"
		}
		lines := c.Items
		if u := checkUnchecked(c); u != "" {
			lines = append([]string{u}, lines...)
		}
		first := ""
		if len(lines) > 0 {
			first = lines[0]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Rule, status, checkCount(c, "?"), first)
		shown := checkItemsShown
		if len(lines) > len(c.Items) {
			shown++ // the unchecked note is not an offender
		}
		for i := 1; i < len(lines) && i < shown; i++ {
			fmt.Fprintf(tw, "\t\t\t%s\n", lines[i])
		}
		if len(lines) > shown {
			fmt.Fprintf(tw, "\t\t\t... and %d more (--format json lists them all)\n", len(lines)-shown)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var err error
	unknown := r.unknownRules()
	switch {
	case r.Broken == 0 && unknown == 0:
		_, err = fmt.Fprintln(w, "\nEvery rule holds.")
	case r.Broken == 0:
		_, err = fmt.Fprintf(w, "\nNo rule broken among those checked; %d %s could not be checked (data unknown).\n",
			unknown, plural(unknown, "rule", "rules"))
	default:
		_, err = fmt.Fprintf(w, "\n%d %s broken.\n", r.Broken, plural(r.Broken, "rule", "rules"))
	}
	return err
}

// writeTSV writes one line per check: rule, kind, status, count (empty when unknown), the
// cases checked and unknown (empty for information rows), offenders joined by "; ".
func (r checkReport) writeTSV(w io.Writer) error {
	var b strings.Builder
	b.WriteString("rule\tkind\tstatus\tcount\tchecked\tunknown\toffenders\n")
	opt := func(n *int64) string {
		if n == nil {
			return ""
		}
		return strconv.FormatInt(*n, 10)
	}
	for _, c := range r.Checks {
		fields := []string{c.Rule, string(c.Kind), string(c.Status), checkCount(c, ""), opt(c.Checked), opt(c.Unknown), strings.Join(c.Items, "; ")}
		for i, f := range fields {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(tsvEscape(f))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type checkJSON struct {
	AsOf   string          `json:"as_of"`
	Rules  checkRulesJSON  `json:"rules"`
	Next   nextWindowJSON  `json:"next_window"`
	Broken int             `json:"broken"`
	Checks []checkItemJSON `json:"checks"`
}

type checkRulesJSON struct {
	Source             string `json:"source"`
	QuotaLimit         int    `json:"quota_limit"`
	QuotaEffectiveFrom int    `json:"quota_effective_from"`
	WindowOpens        string `json:"window_opens"`
	WindowCloses       string `json:"window_closes"`
	ReportEveryYears   int    `json:"report_every_years"`
	Calls              int    `json:"calls"`
	Cycles             int    `json:"cycles"`
}

// nextWindowJSON is the next application window; expected: the rules project it, UNESCO has
// not announced it.
type nextWindowJSON struct {
	CallYear int    `json:"call_year"`
	Opens    string `json:"opens"`
	Closes   string `json:"closes"`
	Cohort   int    `json:"cohort"`
	Expected bool   `json:"expected"`
}

// nextWindowText is the next window as check's table says it, "expected" when projected.
func nextWindowText(n queries.NextWindow) string {
	s := fmt.Sprintf("%s to %s, feeding the %d cohort", n.Opens.Format(time.DateOnly), n.Closes.Format(time.DateOnly), n.Cohort)
	if n.Expected {
		return s + " (expected: projected from the rules, not announced by UNESCO)"
	}
	return s + " (announced)"
}

type checkItemJSON struct {
	Rule   string `json:"rule"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Count  *int64 `json:"count"` // null when the status is unknown
	// Checked and Unknown: the cases a rule checked and could not check; omitted for info rows.
	Checked *int64   `json:"checked,omitempty"`
	Unknown *int64   `json:"unknown,omitempty"`
	Items   []string `json:"items"`
}

func (r checkReport) writeJSON(w io.Writer) error {
	out := checkJSON{
		AsOf: r.AsOf.Format(time.DateOnly),
		Rules: checkRulesJSON{
			Source: r.Rules.Source, QuotaLimit: r.Rules.Quota.Limit, QuotaEffectiveFrom: r.Rules.Quota.EffectiveFrom,
			WindowOpens: r.Rules.Window.Opens.String(), WindowCloses: r.Rules.Window.Closes.String(),
			ReportEveryYears: r.Rules.Reporting.EveryYears, Calls: len(r.Rules.Calls), Cycles: len(r.Rules.Cycles),
		},
		Next: nextWindowJSON{CallYear: r.Next.Year, Opens: r.Next.Opens.Format(time.DateOnly), Closes: r.Next.Closes.Format(time.DateOnly),
			Cohort: r.Next.Cohort, Expected: r.Next.Expected},
		Broken: r.Broken,
		Checks: make([]checkItemJSON, 0, len(r.Checks)),
	}
	for _, c := range r.Checks {
		items := c.Items
		if items == nil {
			items = []string{}
		}
		out.Checks = append(out.Checks, checkItemJSON{Rule: c.Rule, Kind: string(c.Kind), Status: string(c.Status), Count: c.Count,
			Checked: c.Checked, Unknown: c.Unknown, Items: items})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
