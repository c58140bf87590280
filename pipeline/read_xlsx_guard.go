package pipeline

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Sentinels of workbooks refused before excelize opens them.
var (
	ErrTooLarge      = errors.New("workbook too large")
	ErrExternalLinks = errors.New("workbook links to other workbooks")
)

// xlsxInMemoryLimit bounds the parts of a workbook excelize holds in memory when it opens one:
// every part except worksheets and shared strings larger than xlsxXMLInMemory, which it streams
// through temporary files. Styles, drawings and the like of a real register are far smaller.
const xlsxInMemoryLimit = 128 << 20

// A part may inflate to at most xlsxMaxRatio times its compressed size (beyond the first
// xlsxRatioGrace bytes): Apache POI's default for the same check. Real sheets compress about
// 10 to 1; a sheet of 75 million empty rows packs 600 MiB into 900 KiB (700 to 1) and would keep
// excelize parsing for minutes. With the ratio bounded, the time to read a workbook grows with
// its file size, not with what it claims to hold.
const (
	xlsxMaxRatio   = 100
	xlsxRatioGrace = 1 << 20
)

// Spreadsheets gnlc cannot read, as they are named in its refusal, with the fix.
const (
	saveAsXLSX       = "save it as .xlsx (LibreOffice: File > Save As, file type Excel 2007-365)"
	fixODS           = "an OpenDocument spreadsheet (.ods): " + saveAsXLSX
	fixFlatODS       = "a flat OpenDocument spreadsheet (.fods): " + saveAsXLSX
	fixXLSB          = "an Excel binary workbook (.xlsb): save it as .xlsx (Excel: File > Save As, Excel Workbook)"
	fixNumbers       = "an Apple Numbers spreadsheet (.numbers): export it as .xlsx (Numbers: File > Export To > Excel)"
	fixXML2003       = "an Excel 2003 XML spreadsheet: save it as .xlsx (Excel: File > Save As, Excel Workbook)"
	fixHTML          = "a web page (HTML), as some sites export under a spreadsheet's name: open it in Excel or LibreOffice and save it as .xlsx"
	openDocumentMIME = "application/vnd.oasis.opendocument."
)

// xlsxInfo is what inspectXLSX learns from a workbook's zip directory.
type xlsxInfo struct {
	macros bool // holds a VBA project (an .xlsm saved as .xlsx, or a macro-enabled template)
}

// inspectXLSX reads the zip directory of the workbook (data, or the file at path when data is
// nil) before excelize opens it, and refuses:
//   - a zip bomb: parts that unpack to more than xlsxUnzipLimit in all, or to more than
//     xlsxInMemoryLimit of what excelize keeps in memory, or a part that inflates more than
//     xlsxMaxRatio to 1. The sizes checked are the declared ones, which archive/zip enforces
//     while inflating, so a part cannot lie about its size;
//   - external links: cells that copy values from other workbooks, whose freshness gnlc cannot
//     check (the register must be self-contained);
//   - other spreadsheets packed as zip archives (OpenDocument, .xlsb, Apple Numbers), by their
//     parts, whatever the file's name: named with the fix.
//
// Macros are not refused: gnlc reads cell values only and never runs them; the caller warns.
// Only the zip directory is read, whatever the file's size.
func inspectXLSX(file, path string, data []byte) (xlsxInfo, error) {
	var info xlsxInfo
	var ra io.ReaderAt
	var size int64
	if data != nil {
		ra, size = bytes.NewReader(data), int64(len(data))
	} else {
		f, err := os.Open(path)
		if err != nil {
			return info, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return info, err
		}
		ra, size = f, st.Size()
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // part names are never used as paths
		return info, &RowError{File: file, Err: ErrNotXLSX, Expected: fmt.Sprintf("a readable .xlsx workbook (%s)", printable(err))}
	}
	var total, inMemory uint64
	var links []string
	var foreign string
	for _, zf := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		n := zf.UncompressedSize64
		total += n
		streamed := n > xlsxXMLInMemory && (strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml")
		if !streamed {
			inMemory += n
		}
		switch {
		case total > xlsxUnzipLimit || total < n: // the sum overflowed
			return info, &RowError{File: file, Err: ErrTooLarge, Expected: fmt.Sprintf(
				"a workbook that unpacks to at most %s; its parts declare more (%s by %q): refused as a possible zip bomb",
				byteSize(xlsxUnzipLimit), byteSize(total), zf.Name)}
		case inMemory > xlsxInMemoryLimit:
			return info, &RowError{File: file, Err: ErrTooLarge, Expected: fmt.Sprintf(
				"a workbook whose parts other than sheets unpack to at most %s; they declare more (%s by %q): refused as a possible zip bomb",
				byteSize(xlsxInMemoryLimit), byteSize(inMemory), zf.Name)}
		case n > xlsxRatioGrace && n/xlsxMaxRatio > zf.CompressedSize64:
			return info, &RowError{File: file, Err: ErrTooLarge, Expected: fmt.Sprintf(
				"a workbook whose parts compress at most %d to 1; %q inflates %s to %s: refused as a possible zip bomb",
				xlsxMaxRatio, zf.Name, byteSize(zf.CompressedSize64), byteSize(n))}
		case name == "xl/vbaproject.bin":
			info.macros = true
		case strings.HasPrefix(name, "xl/externallinks/") && strings.HasSuffix(name, ".xml"):
			links = append(links, zf.Name)
		case name == "mimetype": // OpenDocument's first part: its type, in a few bytes
			foreign = openDocumentKind(zf)
		case name == "xl/workbook.bin":
			foreign = fixXLSB
		case name == "index/document.iwa":
			foreign = fixNumbers
		}
	}
	if foreign != "" {
		return info, &RowError{File: file, Err: ErrNotXLSX, Expected: "an .xlsx workbook or a CSV file; this is " + foreign}
	}
	if len(links) > 0 {
		return info, &RowError{File: file, Err: ErrExternalLinks, Value: strings.Join(links, ", "), Expected: "a self-contained workbook: " +
			"its linked cells hold copies of other files that gnlc cannot check; break the links (Excel: Data > Edit Links > Break Link) and save again"}
	}
	return info, nil
}

// openDocumentKind names the OpenDocument file whose mimetype part is zf, with the fix; "" when
// the part names no OpenDocument type.
func openDocumentKind(zf *zip.File) string {
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 100))
	mime := strings.TrimSpace(string(b))
	switch {
	case mime == openDocumentMIME+"spreadsheet" || mime == openDocumentMIME+"spreadsheet-template":
		return fixODS
	case strings.HasPrefix(mime, openDocumentMIME):
		return fmt.Sprintf("an OpenDocument file of type %q, not a spreadsheet: save the register as .xlsx or CSV", strings.TrimPrefix(mime, openDocumentMIME))
	}
	return ""
}

// sniffLen is how much of a file's start openXLSX reads to name a format: a flat OpenDocument
// file states its type after some 2 KiB of namespaces.
const sniffLen = 8 << 10

// sniffText names, from its first bytes, a spreadsheet saved as text that gnlc cannot read as a
// workbook, with the fix; "" when it is none of them.
func sniffText(head []byte) string {
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	has := func(s string) bool { return bytes.Contains(h, []byte(s)) }
	switch {
	case bytes.HasPrefix(h, []byte("<?xml")) || bytes.HasPrefix(h, []byte("<office:document")):
		switch {
		case has(openDocumentMIME + "spreadsheet"):
			return fixFlatODS
		case has("urn:schemas-microsoft-com:office:spreadsheet"), has(`progid="excel.sheet"`):
			return fixXML2003
		}
	case bytes.HasPrefix(h, []byte("<!doctype html")), bytes.HasPrefix(h, []byte("<html")), bytes.HasPrefix(h, []byte("<table")):
		return fixHTML
	}
	return ""
}

// printable is the text of an error from excelize or archive/zip for a message: they quote bytes
// of the file, which may be invalid UTF-8 or control characters (fuzzing found both) that must
// not reach a terminal or a log as they are.
func printable(err error) string {
	q := strconv.QuoteToGraphic(err.Error())
	return q[1 : len(q)-1]
}

// byteSize formats n in binary units for messages: 1 GiB, 128 MiB, 3.0 GiB.
func byteSize(n uint64) string {
	const unit = 1024
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	i, v := 0, float64(n)
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	if v == float64(uint64(v)) {
		return fmt.Sprintf("%d %s", uint64(v), units[i])
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
