package queries

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"gnlc/fixtures"
	"gnlc/rules"
)

// ErrNoRules is returned when Setup or OverlayRules gets no rules.
var ErrNoRules = errors.New("no rules given")

// Reference is the data Setup stores beside the schema.
type Reference struct {
	// Countries fill the reference table of countries when it is empty (a new database): a
	// database keeps the table it was made with. None leaves the table as it is.
	Countries []fixtures.Country
	// Rules replace the stored rules (the rules_* tables). Required.
	Rules *rules.Rules
}

// Setup makes db a gnlc database, or brings one up to date, from one ordered set: it runs the
// files of sql/setup in name order. They create the tables (kept when they exist), fill the
// reference table of countries (when empty), replace the rules tables and store ref.Rules in
// them, then create or replace every view and macro. It runs whenever a database is opened
// read-write, and is idempotent. It writes, so it cannot run on a read-only database: use
// OverlayRules there. Pass a *sql.Tx to make it all-or-nothing.
func Setup(ctx context.Context, db DBTX, ref Reference) error {
	if ref.Rules == nil {
		return ErrNoRules
	}
	for _, step := range setupSteps {
		if err := step.run(ctx, db, ref); err != nil {
			return fmt.Errorf("set up the database: %s: %w", step.name, err)
		}
	}
	return nil
}

// OverlayRules makes the questions apply r instead of the stored rules, on conn only: it
// creates empty TEMP copies of the rules tables (session/overlay_rules.sql), which DuckDB
// resolves before the stored tables, also inside the views and macros, and fills them as Setup
// fills the stored ones. TEMP objects are allowed on a read-only database and vanish when the
// connection closes. conn must be a single connection (*sql.Conn or *sql.Tx), and every query
// meant to see the overlay must run on it.
func OverlayRules(ctx context.Context, conn DBTX, r *rules.Rules) error {
	if r == nil {
		return ErrNoRules
	}
	if _, err := conn.ExecContext(ctx, stmtOverlayRules.text()); err != nil {
		return fmt.Errorf("create rules tables: %w", err)
	}
	for _, step := range setupSteps {
		if slices.Contains(rulesSteps, step.name) {
			if err := step.run(ctx, conn, Reference{Rules: r}); err != nil {
				return err
			}
		}
	}
	return nil
}

// setupStep is one file of sql/setup.
type setupStep struct {
	name string // the file's name without ".sql"
	text string
}

// setupSteps are the files of sql/setup in name order, the order Setup runs them in.
var setupSteps = readSetup()

func readSetup() []setupStep {
	entries, err := fs.ReadDir(sqlFiles, "sql/setup") // sorted by name
	if err != nil || len(entries) == 0 {
		panic(fmt.Sprintf("queries: embedded sql/setup: %d files, %v", len(entries), err))
	}
	steps := make([]setupStep, len(entries))
	for i, e := range entries {
		b, _ := sqlFiles.ReadFile("sql/setup/" + e.Name()) // listed in the embedded folder: readable
		steps[i] = setupStep{name: strings.TrimSuffix(e.Name(), ".sql"), text: string(b)}
	}
	return steps
}

// The steps that insert rows from Go values (with a loader); the others run as they are.
const (
	stepCountries     = "01_countries"
	stepRulesSettings = "03_rules_settings"
	stepRulesCalls    = "04_rules_calls"
	stepRulesCycles   = "05_rules_cycles"
)

// A loader runs a step whose text inserts one row, for each row of ref it takes.
type loader func(ctx context.Context, db DBTX, text string, ref Reference) error

var loaders = map[string]loader{
	stepCountries:     loadCountries,
	stepRulesSettings: storeSettings,
	stepRulesCalls:    storeCalls,
	stepRulesCycles:   storeCycles,
}

// rulesSteps fill the rules tables; OverlayRules runs them on its TEMP copies.
var rulesSteps = []string{stepRulesSettings, stepRulesCalls, stepRulesCycles}

func (s setupStep) run(ctx context.Context, db DBTX, ref Reference) error {
	if load, ok := loaders[s.name]; ok {
		return load(ctx, db, s.text, ref)
	}
	_, err := db.ExecContext(ctx, s.text)
	return err
}

// loadCountries fills the reference table of countries with ref.Countries when it is empty.
func loadCountries(ctx context.Context, db DBTX, text string, ref Reference) error {
	if len(ref.Countries) == 0 {
		return nil
	}
	var n int64
	if err := db.QueryRowContext(ctx, stmtCountCountries.text()).Scan(&n); err != nil {
		return fmt.Errorf("count countries: %w", err)
	}
	if n > 0 {
		return nil
	}
	type row struct {
		ISO3     string `json:"iso3"`
		ISO2     string `json:"iso2"`
		NameEN   string `json:"name_en"`
		NameFR   string `json:"name_fr"`
		NameES   string `json:"name_es"`
		Region   string `json:"region"`
		Language string `json:"language"`
	}
	rows := make([]row, len(ref.Countries))
	for i, c := range ref.Countries {
		rows[i] = row{c.ISO3, c.ISO2, c.NameEN, c.NameFR, c.NameES, c.Region, c.Language}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	if _, err := db.ExecContext(ctx, text, string(b)); err != nil {
		return fmt.Errorf("load countries: %w", err)
	}
	return nil
}

func storeSettings(ctx context.Context, db DBTX, text string, ref Reference) error {
	r := ref.Rules
	if _, err := db.ExecContext(ctx, text, r.Source, r.Version,
		r.Quota.Limit, r.Quota.EffectiveFrom,
		int(r.Window.Opens.Month), r.Window.Opens.Day, int(r.Window.Closes.Month), r.Window.Closes.Day,
		r.Window.CohortLag, r.Window.EffectiveFrom, r.Window.EveryYears,
		r.Reporting.EveryYears, r.Reporting.EffectiveFrom); err != nil {
		return fmt.Errorf("store rules: %w", err)
	}
	return nil
}

func storeCalls(ctx context.Context, db DBTX, text string, ref Reference) error {
	for _, c := range ref.Rules.Calls {
		if _, err := db.ExecContext(ctx, text, c.Year, dateParam(c.Opens), dateParam(c.Closes), c.Cohort); err != nil {
			return fmt.Errorf("store call for cohort %d: %w", c.Cohort, err)
		}
	}
	return nil
}

func storeCycles(ctx context.Context, db DBTX, text string, ref Reference) error {
	for _, c := range ref.Rules.Cycles {
		if _, err := db.ExecContext(ctx, text, c.Name, dateParam(c.Begins), dateParam(c.Due), dateParam(c.ExemptFrom)); err != nil {
			return fmt.Errorf("store cycle %q: %w", c.Name, err)
		}
	}
	return nil
}
