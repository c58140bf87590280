package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// PublishFunc publishes at path (or rel) the bytes write produces: atomicfile.Write, or a
// Staging's Write.
type PublishFunc func(path string, perm fs.FileMode, write func(io.Writer) error) error

// Save writes f, whose styles are st, with publish at path and closes f, which removes
// excelize's own temporary files and the rows streamed past excelize (st's sinks), which are
// spliced into their sheets as the file is written. The zip is written straight into the published file (writeZip), never held
// whole in memory.
func Save(f *excelize.File, st *Styles, publish PublishFunc, path string) error {
	err := publish(path, 0o644, func(w io.Writer) error { return writeZip(f, st, w) })
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close workbook %s: %w", path, cerr)
	}
	if cerr := st.Discard(); cerr != nil && err == nil {
		err = fmt.Errorf("close workbook %s: %w", path, cerr)
	}
	return err
}

// errPartTooLarge is returned for a part of the workbook of 4 GiB or more: excelize patches the
// local headers of such parts (ZIP64) in a buffer of the whole file, which writeZip does not
// hold. No sheet gnlc writes comes near (a full sheet of the register is well under 1 GiB).
var errPartTooLarge = errors.New("workbook part of 4 GiB or more")

// writeZip writes f as a zip into w. excelize's File.Write first builds the whole file in a
// bytes.Buffer (File.WriteToBuffer), then copies it: as much memory as the workbook weighs (108 MB
// for a 1,000,000-member annual workbook, twice that while the buffer grows). Here excelize's
// zip writer writes into w directly, and leaves its own buffer empty.
//
// Parts are compressed by klauspost/compress's Deflate at its fastest level: the sheets' XML is
// most of the work of saving a large workbook, and that level takes about a sixth of the
// standard library's default level's time for a file about a third larger. One compressor
// serves every part of the file in turn (zip writes one part at a time): a workbook has dozens
// of small parts, and a new compressor for each costs more than compressing them.
// The parts and their contents are what excelize writes; only their compressed bytes differ.
func writeZip(f *excelize.File, st *Styles, w io.Writer) error {
	var zw *directZip
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw = &directZip{zw: zip.NewWriter(w)}
		if st != nil {
			zw.splice.pending = append([]*RowSink(nil), st.sinks...)
		}
		var fw *flate.Writer
		zw.zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			if fw == nil {
				var err error
				if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
					return nil, err
				}
				return fw, nil
			}
			fw.Reset(out)
			return fw, nil
		})
		return zw
	})
	n, err := f.WriteTo(io.Discard)
	if err == nil && n != 0 {
		err = fmt.Errorf("write workbook: %d bytes left in excelize's buffer", n)
	}
	return err
}

// directZip is the excelize.ZipWriter of writeZip: a zip.Writer on the published file that
// refuses a part too large for a plain (non-ZIP64) local header. While rows streamed past
// excelize wait for their sheet, each worksheet part is held until it is complete (the next
// part begins, or the file ends), then written with those rows in place of their marker.
type directZip struct {
	zw     *zip.Writer
	splice splicer
}

func (z *directZip) Create(name string) (io.Writer, error) {
	if err := z.splice.release(); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	if len(z.splice.pending) > 0 && strings.HasPrefix(name, "xl/worksheets/sheet") {
		return z.splice.hold(z.zw, name), nil
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	return &partWriter{name: name, w: w}, nil
}

func (z *directZip) AddFS(fsys fs.FS) error {
	if err := z.splice.release(); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return z.zw.AddFS(fsys)
}

func (z *directZip) Close() error {
	if err := z.splice.release(); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if n := len(z.splice.pending); n > 0 {
		return fmt.Errorf("write workbook: %d sheets: %w", n, errSinkNotFound)
	}
	return z.zw.Close()
}

// partWriter counts a part's bytes.
type partWriter struct {
	name string
	w    io.Writer
	n    int64
}

func (p *partWriter) Write(b []byte) (int, error) {
	if p.n+int64(len(b)) > math.MaxUint32 {
		return 0, fmt.Errorf("write workbook: %s: %w", p.name, errPartTooLarge)
	}
	n, err := p.w.Write(b)
	p.n += int64(n)
	return n, err
}
