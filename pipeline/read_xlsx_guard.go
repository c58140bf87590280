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
//     check (the register must be self-contained).
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
		}
	}
	if len(links) > 0 {
		return info, &RowError{File: file, Err: ErrExternalLinks, Value: strings.Join(links, ", "), Expected: "a self-contained workbook: " +
			"its linked cells hold copies of other files that gnlc cannot check; break the links (Excel: Data > Edit Links > Break Link) and save again"}
	}
	return info, nil
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
