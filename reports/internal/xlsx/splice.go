package xlsx

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/xuri/excelize/v2"
)

// RowSink takes the rows of a streamed sheet past excelize: rowEncoder writes them into a
// temporary file, and Save puts that file in the sheet's place when it writes the workbook.
// excelize's StreamWriter holds the sheet's frame (dimension, panes, columns, the rows written
// through it, tables) and one marker row where the sink's rows go. Rows come in ascending
// order from the marker's row on; nothing may be written through the StreamWriter after the
// marker but its Flush and AddTable.
type RowSink struct {
	marker   []byte // the marker row as excelize writes it
	file     *os.File
	unlinked bool // the file has no name left to remove
	w        *bufio.Writer
	enc      rowEncoder
	last     int // the last row written
}

// errSinkNotFound is returned by Save when a sheet's marker row is not in the workbook.
var errSinkNotFound = errors.New("streamed rows have no place in the workbook")

// Sink starts the rows of sw's sheet at row from: sw gets the marker row there. The workbook
// must be saved with Save and these styles, which splices the rows in and removes the file.
func (st *Styles) Sink(sw *excelize.StreamWriter, from int) (*RowSink, error) {
	var id [12]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	token := "gnlc-rows-" + hex.EncodeToString(id[:])
	var enc rowEncoder
	marker, err := enc.row(from, []Cell{Text(token)}, []int{0}, 0)
	if err != nil {
		return nil, err
	}
	cell, err := excelize.CoordinatesToCellName(1, from)
	if err != nil {
		return nil, err
	}
	if err := sw.SetRow(cell, []any{token}); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp("", "gnlc-rows-*.xml")
	if err != nil {
		return nil, fmt.Errorf("streamed rows: %w", err)
	}
	// The file is unlinked at once where the system allows it (it is read through f): a run
	// killed before Save leaves nothing behind in the temporary folder.
	unlinked := os.Remove(f.Name()) == nil
	s := &RowSink{marker: bytes.Clone(marker), file: f, unlinked: unlinked, w: bufio.NewWriterSize(f, 256<<10), last: from - 1}
	st.sinks = append(st.sinks, s)
	return s, nil
}

// Row writes row n: cells from column A, each with its style, blank cells left out; height,
// when above 0, is the row's height in points.
func (s *RowSink) Row(n int, cells []Cell, styles []int, height float64) error {
	if n <= s.last {
		return fmt.Errorf("row %d after row %d: rows come in ascending order", n, s.last)
	}
	b, err := s.enc.row(n, cells, styles, height)
	if err != nil {
		return err
	}
	s.last = n
	_, err = s.w.Write(b)
	return err
}

// closeSinks removes the sinks' files.
func (st *Styles) closeSinks() error {
	var errs []error
	for _, s := range st.sinks {
		errs = append(errs, s.file.Close())
		if !s.unlinked {
			errs = append(errs, os.Remove(s.file.Name()))
		}
	}
	st.sinks = nil
	return errors.Join(errs...)
}

// Discard removes what the streamed sheets wrote past excelize, for a workbook that will not
// be saved (Save does it for one that is).
func (st *Styles) Discard() error {
	if st == nil {
		return nil
	}
	return st.closeSinks()
}

// splicer holds the worksheet part being written and puts each sink's rows in place of its
// marker when the part is complete.
type splicer struct {
	pending []*RowSink
	part    bytes.Buffer
	dst     io.Writer // the zip entry of the part held; nil when none is
}

// hold starts holding a worksheet part bound for dst.
func (s *splicer) hold(dst io.Writer) io.Writer {
	s.part.Reset()
	s.dst = dst
	return &s.part
}

// release writes the part held, with the rows of the sink whose marker it holds.
func (s *splicer) release() error {
	if s.dst == nil {
		return nil
	}
	dst := s.dst
	s.dst = nil
	b := s.part.Bytes()
	for i, sink := range s.pending {
		at := bytes.Index(b, sink.marker)
		if at < 0 {
			continue
		}
		s.pending = append(s.pending[:i], s.pending[i+1:]...)
		if err := sink.w.Flush(); err != nil {
			return err
		}
		if _, err := sink.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := dst.Write(b[:at]); err != nil {
			return err
		}
		if _, err := io.Copy(dst, sink.file); err != nil {
			return err
		}
		_, err := dst.Write(b[at+len(sink.marker):])
		return err
	}
	_, err := dst.Write(b)
	return err
}
