// Package locale is the message catalog and number/date formatting of the delegation workbooks
// and the charts, in the network's three conference languages (en, fr, es). It sits inside the
// reports stage: renderers load one Catalog per language and format every label, number and date
// of an output through it.
//
// Translations live in embedded JSON files named <area>.<lang>.json (common, workbook, charts, ...),
// one flat object of string keys to string values per file. Load merges every area of a language
// and checks, for all languages at once, that each area exists in every language with the same
// keys and the same {placeholders}, and that no key is defined twice: a missing or duplicated
// translation is a load error, never a silently English or empty label.
//
// Numbers go through golang.org/x/text/message; x/text has no public date formatting, so month
// names and date patterns come from the catalog (common.<lang>.json), as does the Excel number
// format of a date in each language (DateFormat).
package locale

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

//go:embed *.json
var files embed.FS

// Languages are the conference languages, in the order outputs list them.
var Languages = [...]string{"en", "fr", "es"}

// Sentinels for catalog errors; inspect with errors.Is.
var (
	ErrUnknownLanguage = errors.New("unknown language")
	ErrDuplicateKey    = errors.New("duplicate key")
	ErrMissingKey      = errors.New("missing key")
	ErrMismatch        = errors.New("translations differ")
	ErrSyntax          = errors.New("invalid catalog file")
)

// CatalogError points at the catalog file and key at fault.
type CatalogError struct {
	File string // e.g. "workbook.fr.json"
	Key  string // empty when the fault is the file itself
	Err  error  // one of the sentinels, possibly wrapping a cause
}

func (e *CatalogError) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("locale catalog %s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("locale catalog %s: key %q: %v", e.File, e.Key, e.Err)
}

func (e *CatalogError) Unwrap() error { return e.Err }

var _ error = (*CatalogError)(nil)

// Catalog is one language's messages and formatters. It is read-only after Load, so one Catalog
// may be used from many goroutines at once.
type Catalog struct {
	lang    string
	msgs    map[string]string
	tag     language.Tag
	printer *message.Printer
	months  [12]string
}

// Load returns the catalog of lang ("en", "fr" or "es"), merged from every embedded area file,
// after checking every language's files against each other (see the package comment).
func Load(lang string) (*Catalog, error) {
	return load(files, lang)
}

// load is Load on any file system, so tests can feed broken catalogs.
func load(fsys fs.FS, lang string) (*Catalog, error) {
	tag, ok := tags(lang)
	if !ok {
		return nil, fmt.Errorf("load locale %q: %w (want one of %v)", lang, ErrUnknownLanguage, Languages)
	}
	all, err := readAll(fsys)
	if err != nil {
		return nil, err
	}
	if err := crossCheck(all); err != nil {
		return nil, err
	}
	c := &Catalog{lang: lang, tag: tag, msgs: map[string]string{}, printer: message.NewPrinter(tag)}
	for _, area := range slices.Sorted(maps.Keys(all)) {
		for k, v := range all[area][lang] {
			if _, dup := c.msgs[k]; dup {
				return nil, &CatalogError{File: fileName(area, lang), Key: k, Err: fmt.Errorf("%w: also defined in another area", ErrDuplicateKey)}
			}
			c.msgs[k] = v
		}
	}
	for i := range c.months {
		key := fmt.Sprintf("month.%02d", i+1)
		m, ok := c.msgs[key]
		if !ok {
			return nil, &CatalogError{File: fileName("common", lang), Key: key, Err: ErrMissingKey}
		}
		c.months[i] = m
	}
	for _, key := range []string{keyDateLong, keyDateDayMonth, keyDateRange, keyFirstDay, keyDateFormat} {
		if _, ok := c.msgs[key]; !ok {
			return nil, &CatalogError{File: fileName("common", lang), Key: key, Err: ErrMissingKey}
		}
	}
	return c, nil
}

// tags maps a conference language to the x/text tag whose number formats the issue asks for.
// The bare languages, not regional ones: es-MX groups with commas ("1,234,567"), while the
// delegations' Spanish uses "1.234.567".
func tags(lang string) (language.Tag, bool) {
	switch lang {
	case "en":
		return language.English, true
	case "fr":
		return language.French, true
	case "es":
		return language.Spanish, true
	}
	return language.Und, false
}

func fileName(area, lang string) string { return area + "." + lang + ".json" }

// readAll parses every <area>.<lang>.json into area → lang → messages.
func readAll(fsys fs.FS) (map[string]map[string]map[string]string, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list locale catalogs: %w", err)
	}
	all := map[string]map[string]map[string]string{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".json")
		area, lang, ok := strings.Cut(base, ".")
		if !ok || area == "" || strings.Contains(lang, ".") {
			return nil, &CatalogError{File: name, Err: fmt.Errorf("%w: name is not <area>.<lang>.json", ErrSyntax)}
		}
		if _, ok := tags(lang); !ok {
			return nil, &CatalogError{File: name, Err: fmt.Errorf("%w %q", ErrUnknownLanguage, lang)}
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read locale catalog %s: %w", name, err)
		}
		msgs, err := parse(name, data)
		if err != nil {
			return nil, err
		}
		if all[area] == nil {
			all[area] = map[string]map[string]string{}
		}
		all[area][lang] = msgs
	}
	return all, nil
}

// parse reads one flat JSON object of strings. encoding/json keeps the last of two equal keys
// without a word, so the object is walked token by token to catch duplicates.
func parse(name string, data []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) error {
		return &CatalogError{File: name, Err: fmt.Errorf("%w: %w", ErrSyntax, err)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, syntax(errors.New("want one JSON object"))
	}
	msgs := map[string]string{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key := tok.(string) // inside an object the decoder only yields string keys
		var val string
		if err := dec.Decode(&val); err != nil {
			return nil, &CatalogError{File: name, Key: key, Err: fmt.Errorf("%w: value must be a string: %w", ErrSyntax, err)}
		}
		if _, dup := msgs[key]; dup {
			return nil, &CatalogError{File: name, Key: key, Err: ErrDuplicateKey}
		}
		if strings.TrimSpace(val) == "" {
			return nil, &CatalogError{File: name, Key: key, Err: fmt.Errorf("%w: empty translation", ErrMissingKey)}
		}
		msgs[key] = val
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, syntax(errors.New("data after the object"))
	}
	return msgs, nil
}

var placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)

// crossCheck makes every area exist in every language with the same keys and placeholders, and
// forbids a key defined in two areas, so each language's merged catalog is complete.
func crossCheck(all map[string]map[string]map[string]string) error {
	owner := map[string]string{} // key → area
	for _, area := range slices.Sorted(maps.Keys(all)) {
		ref := all[area]["en"]
		if ref == nil {
			return &CatalogError{File: fileName(area, "en"), Err: fmt.Errorf("%w: file absent", ErrMissingKey)}
		}
		for _, lang := range Languages {
			msgs, ok := all[area][lang]
			if !ok {
				return &CatalogError{File: fileName(area, lang), Err: fmt.Errorf("%w: file absent", ErrMissingKey)}
			}
			for _, k := range slices.Sorted(maps.Keys(ref)) {
				v, ok := msgs[k]
				if !ok {
					return &CatalogError{File: fileName(area, lang), Key: k, Err: ErrMissingKey}
				}
				if !slices.Equal(placeholders(ref[k]), placeholders(v)) {
					return &CatalogError{File: fileName(area, lang), Key: k, Err: fmt.Errorf("%w: placeholders %v, want %v as in English", ErrMismatch, placeholders(v), placeholders(ref[k]))}
				}
			}
			for _, k := range slices.Sorted(maps.Keys(msgs)) {
				if _, ok := ref[k]; !ok {
					return &CatalogError{File: fileName(area, lang), Key: k, Err: fmt.Errorf("%w: key not in %s", ErrMismatch, fileName(area, "en"))}
				}
			}
		}
		for _, k := range slices.Sorted(maps.Keys(ref)) {
			if other, dup := owner[k]; dup {
				return &CatalogError{File: fileName(area, "en"), Key: k, Err: fmt.Errorf("%w: also in %s", ErrDuplicateKey, fileName(other, "en"))}
			}
			owner[k] = area
		}
	}
	return nil
}

func placeholders(s string) []string {
	p := placeholderRE.FindAllString(s, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// Lang is the catalog's language code.
func (c *Catalog) Lang() string { return c.lang }

// Lookup returns the message for key and whether it exists.
func (c *Catalog) Lookup(key string) (string, bool) {
	v, ok := c.msgs[key]
	return v, ok
}

// T returns the message for key. A key the catalog lacks comes back as "⟦key⟧", visible in the
// output, because a renderer's keys are checked when it starts (Check) and by its tests.
func (c *Catalog) T(key string) string {
	if v, ok := c.msgs[key]; ok {
		return v
	}
	return "⟦" + key + "⟧"
}

// Check returns an error naming every key of keys the catalog lacks; renderers call it before
// writing a byte.
func (c *Catalog) Check(keys ...string) error {
	var errs []error
	for _, k := range keys {
		if _, ok := c.msgs[k]; !ok {
			errs = append(errs, &CatalogError{File: "*." + c.lang + ".json", Key: k, Err: ErrMissingKey})
		}
	}
	return errors.Join(errs...)
}

// Plural returns the message key+".one" or key+".other", as the language's CLDR cardinal rules
// (x/text/feature/plural) class n: French counts 0 and 1 as one, English and Spanish 1 alone.
// {n} is n formatted by Int; args are further name, value pairs, as for Format.
func (c *Catalog) Plural(key string, n int64, args ...string) string {
	form := ".other"
	if plural.Cardinal.MatchPlural(c.tag, int(n), 0, 0, 0, 0) == plural.One {
		form = ".one"
	}
	return c.Format(key+form, append(args, "n", c.Int(n))...)
}

// Format returns the message for key with its {name} placeholders replaced; args are name, value
// pairs ("n", "3"). Values are inserted as given: format numbers and dates first.
func (c *Catalog) Format(key string, args ...string) string {
	s := c.T(key)
	if len(args) < 2 {
		return s
	}
	// One pass, no strings.Replacer: Format runs for every row of a delegation workbook, and
	// building a Replacer each time was a quarter of a large workbook's allocations.
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			break
		}
		name := s[open+1 : open+end]
		value, found := "", false
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == name {
				value, found = args[i+1], true
				break
			}
		}
		b.WriteString(s[:open])
		if found {
			b.WriteString(value)
		} else {
			b.WriteString(s[open : open+end+1]) // an unknown placeholder stays as written
		}
		s = s[open+end+1:]
	}
	b.WriteString(s)
	return b.String()
}

// Int formats n with the language's digit grouping, through x/text:
// en "1,234,567"; fr "1 234 567" with U+00A0 NO-BREAK SPACE (x/text's CLDR data; it keeps a number
// on one line in a cell); es "1.234.567". Spanish leaves four-digit numbers ungrouped ("1234"), as
// CLDR's minimum grouping digits and the RAE prescribe, which x/text does not implement.
func (c *Catalog) Int(n int64) string {
	if c.lang == "es" && n > -10000 && n < 10000 {
		return strconv.FormatInt(n, 10)
	}
	return c.printer.Sprint(number.Decimal(n))
}

// Percent formats a share in 0..1 with one decimal: en "12.3%", fr and es "12,3 %" (U+00A0 before
// the sign, from x/text).
func (c *Catalog) Percent(f float64) string {
	return c.printer.Sprint(number.Percent(f, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
}

// Catalog keys the date formatting reads (common.<lang>.json).
const (
	keyDateLong     = "date.long"        // "{d} {month} {y}"
	keyDateDayMonth = "date.day_month"   // "{d} {month}": the first date of a range within one year
	keyDateRange    = "date.range"       // "{from}–{to}"
	keyFirstDay     = "date.first_day"   // how day 1 is written: "1", or "1er" in French
	keyDateFormat   = "format.date.long" // Date as an Excel number format: see DateFormat
)

// DateFormat is the Excel number format that shows a real date cell as Date writes it, for
// workbooks in the language: "[$-40C]d mmmm yyyy", "[$-C0A]d "de" mmmm "de" yyyy". The LCID
// tag (hexadecimal: LibreOffice does not read "[$-fr-FR]") makes Excel and LibreOffice draw the
// month names in the language whatever the reader's system. Day 1 reads "1", not "1er": a number
// format has no ordinals.
func (c *Catalog) DateFormat() string { return c.msgs[keyDateFormat] }

// Date formats t's calendar date (its own location) in the language: "14 February 2024",
// "14 février 2024", "14 de febrero de 2024". French writes the first of the month "1er"
// ("1er mars 2025"), the ordinal French typography uses in dates; English and Spanish write "1".
func (c *Catalog) Date(t time.Time) string {
	return c.Format(keyDateLong, "d", c.day(t), "month", c.months[t.Month()-1], "y", strconv.Itoa(t.Year()))
}

// DateRange formats from–to, with the year once when both fall in the same year:
// "1 March–30 April 2025", "1er mars–30 avril 2025", "1 de marzo–30 de abril de 2025".
func (c *Catalog) DateRange(from, to time.Time) string {
	first := c.Date(from)
	if from.Year() == to.Year() {
		first = c.Format(keyDateDayMonth, "d", c.day(from), "month", c.months[from.Month()-1])
	}
	return c.Format(keyDateRange, "from", first, "to", c.Date(to))
}

// DayMonth formats t's day and month without the year: "1 March", "1er mars", "1 de marzo" (a
// date whose year the sentence gives, or a yearly one such as the default window's bounds).
func (c *Catalog) DayMonth(t time.Time) string {
	return c.Format(keyDateDayMonth, "d", c.day(t), "month", c.months[t.Month()-1])
}

// Month is the name of month m in the language, as written inside a date (lower case in fr and es).
func (c *Catalog) Month(m time.Month) string { return c.months[m-1] }

func (c *Catalog) day(t time.Time) string {
	if t.Day() == 1 {
		return c.msgs[keyFirstDay]
	}
	return strconv.Itoa(t.Day())
}

// Region is the name of one of UNESCO's five regions (as fixtures.Regions spells it in English)
// in the language; an unknown region comes back unchanged, as it came from the data.
func (c *Catalog) Region(name string) string {
	if v, ok := c.msgs["region."+name]; ok {
		return v
	}
	return name
}
