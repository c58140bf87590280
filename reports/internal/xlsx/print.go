package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// paperA4 is the OOXML paper size code for A4 (ECMA-376, ST_PaperSize): UNESCO's paper.
const paperA4 = 9

// Page is how a sheet prints: A4 landscape, as wide as one page, as long as it needs, with a
// footer that says which sheet, which page and which run. The zero value prints plainly (no
// header or footer text). The rows repeated on every page are the workbook's to record
// (Styles.RepeatRows): their names outlive sheet insertions only when written last.
type Page struct {
	// Header is centred at the top of every page: the sheet's title, which a machine-readable
	// sheet no longer carries in its cells.
	Header string
	// Footer goes right of the footer: the tool's version and the run's date.
	Footer string
	// PageOf is the footer's centre, with Excel's &P (this page) and &N (pages) fields:
	// "page &P of &N", "page &P sur &N". Empty leaves the page number out.
	PageOf string
	// OnePage fits the sheet on one page, long as well as wide: a front page.
	OnePage bool
}

// Margins in inches: narrower than Excel's defaults (0.7 left and right) so that wide tables
// keep a larger scale, with room for the header and footer lines.
var (
	marginSide   = 0.4
	marginTop    = 0.7
	marginBottom = 0.7
	marginHF     = 0.3
)

// SetPrint sets sheet's print layout from p. For a streamed sheet call it before Flush (the
// stream writes page setup and header/footer then); before NewStreamWriter is simplest.
func SetPrint(f *excelize.File, sheet string, p Page) error {
	landscape, size, wide, long, fit := "landscape", paperA4, 1, 0, true
	if p.OnePage {
		long = 1
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &long,
	}); err != nil {
		return fmt.Errorf("page layout of %s: %w", sheet, err)
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("page layout of %s: %w", sheet, err)
	}
	side, top, bottom, hf := marginSide, marginTop, marginBottom, marginHF
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &top, Bottom: &bottom, Header: &hf, Footer: &hf,
	}); err != nil {
		return fmt.Errorf("page margins of %s: %w", sheet, err)
	}
	if hf := p.headerFooter(); hf != nil {
		if err := f.SetHeaderFooter(sheet, hf); err != nil {
			return fmt.Errorf("header and footer of %s: %w", sheet, err)
		}
	}
	return nil
}

// RepeatRows records that sheet repeats its first n rows on every printed page. The names that
// say so (_xlnm.Print_Titles) point at a sheet by its index, which moves while a table split
// over sheets inserts its parts, so they are written once every sheet exists: SetRepeatRows.
func (st *Styles) RepeatRows(sheet string, n int) {
	if n <= 0 {
		return
	}
	if st.repeat == nil {
		st.repeat = map[string]int{}
	}
	st.repeat[sheet] = n
}

// SetRepeatRows writes the rows each sheet repeats on every printed page (RepeatRows). Call it
// once, when every sheet of f exists.
func (st *Styles) SetRepeatRows(f *excelize.File) error {
	for _, sheet := range f.GetSheetList() {
		n, ok := st.repeat[sheet]
		if !ok {
			continue
		}
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), n),
			Scope:    sheet,
		}); err != nil {
			return fmt.Errorf("repeated rows of %s: %w", sheet, err)
		}
	}
	return nil
}

// headerFooter is p as Excel's header and footer codes, nil when p has no text: &L, &C and &R
// open the left, centre and right parts, &A is the sheet's name, &P and &N the page numbers.
func (p Page) headerFooter() *excelize.HeaderFooterOptions {
	if p.Header == "" && p.Footer == "" && p.PageOf == "" {
		return nil
	}
	var head string
	if p.Header != "" {
		head = "&C" + hfText(p.Header)
	}
	foot := "&L&A"
	if p.PageOf != "" {
		// PageOf carries &P and &N on purpose: escape the rest, then give those two back.
		foot += "&C" + strings.NewReplacer("&&P", "&P", "&&N", "&N").Replace(hfText(p.PageOf))
	}
	if p.Footer != "" {
		foot += "&R" + hfText(p.Footer)
	}
	// The header and footer keep their size on a sheet printed smaller: readable, and the
	// print test's yardstick for the sheet's scale.
	scale := false
	return &excelize.HeaderFooterOptions{OddHeader: head, OddFooter: foot, ScaleWithDoc: &scale}
}

// maxHFSection bounds one part of a header or footer: Excel refuses longer ones (255 in all).
const maxHFSection = 120

// hfText escapes the ampersands of s (a title from data may hold one) and shortens it to fit.
func hfText(s string) string {
	if r := []rune(s); len(r) > maxHFSection {
		s = string(r[:maxHFSection-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}

// quoteSheet quotes a sheet name for a reference: 'Cohort 2025', with quotes doubled.
func quoteSheet(sheet string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}
