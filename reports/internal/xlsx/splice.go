package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// RowSink takes the rows of a streamed sheet past excelize: rowEncoder writes them into a
// temporary file, and Save puts that file in the sheet's place when it writes the workbook.
// excelize's StreamWriter holds the sheet's frame (dimension, panes, columns, the rows written
// through it, tables) and one marker row where the sink's rows go. Rows come in ascending
// order from the marker's row on; nothing may be written through the StreamWriter after the
// marker but its Flush and AddTable.
//
// The rows are compressed as they come, by the goroutine that writes them, into the Deflate
// blocks Save copies into the zip as they are (rowsPart): a large workbook's save was mostly
// compressing its streamed sheets on one core after every row was written (9 s of the
// 1,000,000-member annual workbook's).
type RowSink struct {
	marker   []byte // the marker row as excelize writes it
	file     *os.File
	unlinked bool // the file has no name left to remove
	w        *bufio.Writer
	fw       *flate.Writer // compresses the rows into w
	crc      uint32        // CRC-32 of the rows' XML
	n        int64         // bytes of the rows' XML
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
	w := bufio.NewWriterSize(f, 256<<10)
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return nil, errors.Join(err, f.Close())
	}
	s := &RowSink{marker: bytes.Clone(marker), file: f, unlinked: unlinked, w: w, fw: fw, last: from - 1}
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
	s.crc = crc32.Update(s.crc, crc32.IEEETable, b)
	s.n += int64(len(b))
	_, err = s.fw.Write(b)
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
	zw      *zip.Writer
	name    string // the part held; "" when none is
	seg     *flate.Writer
}

// hold starts holding the worksheet part name, bound for zw.
func (s *splicer) hold(zw *zip.Writer, name string) io.Writer {
	s.part.Reset()
	s.zw, s.name = zw, name
	return &s.part
}

// release writes the part held, with the rows of the sink whose marker it holds.
func (s *splicer) release() error {
	if s.name == "" {
		return nil
	}
	name := s.name
	s.name = ""
	b := s.part.Bytes()
	for i, sink := range s.pending {
		at := bytes.Index(b, sink.marker)
		if at < 0 {
			continue
		}
		s.pending = append(s.pending[:i], s.pending[i+1:]...)
		return s.rowsPart(name, b[:at], sink, b[at+len(sink.marker):])
	}
	w, err := s.zw.Create(name)
	if err != nil {
		return err
	}
	_, err = (&partWriter{name: name, w: w}).Write(b)
	return err
}

// rowsPart writes part name as head, the sink's rows, then tail. The rows are already
// compressed; head and tail are compressed around them, and the three runs of Deflate blocks
// make one stream: the rows' and head's end in a sync flush (at a byte boundary, not final),
// the tail's in the final block. The part's CRC-32 is combined from the three's.
func (s *splicer) rowsPart(name string, head []byte, sink *RowSink, tail []byte) error {
	if err := sink.fw.Flush(); err != nil {
		return err
	}
	if err := sink.w.Flush(); err != nil {
		return err
	}
	rows, err := sink.file.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := sink.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	size := int64(len(head)) + sink.n + int64(len(tail))
	if size > math.MaxUint32 {
		return fmt.Errorf("%s: %w", name, errPartTooLarge)
	}
	headZ, err := s.deflate(head, false)
	if err != nil {
		return err
	}
	tailZ, err := s.deflate(tail, true)
	if err != nil {
		return err
	}
	crc := crc32Combine(crc32Combine(crc32.ChecksumIEEE(head), sink.crc, sink.n), crc32.ChecksumIEEE(tail), int64(len(tail)))
	w, err := s.zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(int64(len(headZ)) + rows + int64(len(tailZ))), UncompressedSize64: uint64(size),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(headZ); err != nil {
		return err
	}
	if n, err := io.Copy(w, sink.file); err != nil || n != rows {
		return errors.Join(err, fmt.Errorf("%s: copied %d of the rows' %d compressed bytes", name, n, rows))
	}
	_, err = w.Write(tailZ)
	return err
}

// deflate compresses b into Deflate blocks ending in a sync flush, or in the final block.
func (s *splicer) deflate(b []byte, final bool) ([]byte, error) {
	var out bytes.Buffer
	if s.seg == nil {
		var err error
		if s.seg, err = flate.NewWriter(&out, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		s.seg.Reset(&out)
	}
	if _, err := s.seg.Write(b); err != nil {
		return nil, err
	}
	var err error
	if final {
		err = s.seg.Close()
	} else {
		err = s.seg.Flush()
	}
	return out.Bytes(), err
}

// crc32Combine is the CRC-32 (IEEE) of a then b from crcA, crcB and b's length: zlib's
// crc32_combine, which multiplies crcA by x^(8·lenB) in GF(2) by repeated squaring of the
// operator that feeds one zero bit.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	var even, odd [32]uint32
	odd[0] = 0xedb88320 // the reversed IEEE polynomial: one zero bit
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four
	for {
		gf2Square(&even, &odd) // the first pass: one zero byte
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
}
