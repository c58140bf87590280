package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// openZip opens the workbook in data, or at path when data is nil; closer (nil for data) closes
// the file.
func openZip(path string, data []byte) (*zip.Reader, io.Closer, error) {
	if data != nil {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if errors.Is(err, zip.ErrInsecurePath) { // part names are never used as paths
			err = nil
		}
		return zr, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	zr, err := zip.NewReader(f, st.Size())
	if errors.Is(err, zip.ErrInsecurePath) {
		err = nil
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return zr, f, nil
}

// sheetPart finds the zip part of the worksheet named sheet, as excelize does: the package's
// relationships name the workbook, the workbook names the sheet's relationship, and that names
// the part (relative to the workbook, or absolute).
func sheetPart(zr *zip.Reader, sheet string) (*zip.File, error) {
	parts := make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		parts[partName(zf.Name)] = zf
	}
	workbook := "xl/workbook.xml"
	var rels xmlRels
	if err := readPart(parts, "_rels/.rels", &rels); err != nil {
		return nil, err
	}
	for _, r := range rels.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			workbook = resolvePart("", r.Target)
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readPart(parts, workbook, &wb); err != nil {
		return nil, err
	}
	dir, base := path.Split(workbook)
	var wbRels xmlRels // not rels: Decode appends to a slice
	if err := readPart(parts, dir+"_rels/"+base+".rels", &wbRels); err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		if !strings.EqualFold(s.Name, sheet) {
			continue
		}
		for _, r := range wbRels.Rels {
			if r.ID == s.ID {
				if zf, ok := parts[partName(resolvePart(dir, r.Target))]; ok {
					return zf, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("no part for sheet %q", sheet)
}

// xmlRels is a relationships part (.rels).
type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// partName is a zip entry's name as looked up: forward slashes, no leading slash, lower case.
func partName(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

// resolvePart resolves a relationship's target against the folder of the part that holds it.
func resolvePart(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// readPart decodes the small XML part name (at most xlsxInMemoryLimit, which inspectXLSX checked).
func readPart(parts map[string]*zip.File, name string, v any) error {
	zf, ok := parts[partName(name)]
	if !ok {
		return fmt.Errorf("no part %q", name)
	}
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, xlsxInMemoryLimit)).Decode(v)
}
