package reports

import (
	"context"
	"errors"
	"iter"
	"sync"
	"sync/atomic"

	"gnlc/queries"
)

// sharedBatchRows is how many rows SharedMembers hands its readers at a time, and
// sharedBatches how many batches each reader may lag behind the other.
const (
	sharedBatchRows = 512
	sharedBatches   = 8
)

// errRangedTwice is yielded by a SharedMembers reader ranged a second time.
var errRangedTwice = errors.New("the shared register is read once by each of its readers")

// SharedMembers reads the register beside its obligations (a Dataset's MembersReporting) once
// for two outputs drawn side by side: the annual workbook's Members sheet (Members) and the
// delegations (MembersReporting). Both come in Members' order, so one pass serves both, and
// the register is sorted and read once instead of twice (at 1,000,000 members, about 9 s of
// CPU: BenchmarkStreams's Members).
//
// Run reads the source and hands each batch to both readers; the faster waits for the slower,
// at most sharedBatches batches ahead. Each reader is ranged once; a reader that stops early
// or is Detached (its output returned without ranging it, as on a failure) no longer holds the
// other back. Run must run while the readers range, and returns when the source is read, every
// reader is gone, or ctx ends; a failure reaches every reader still ranging.
type SharedMembers struct {
	src  iter.Seq2[queries.MemberReporting, error]
	outs [2]*sharedReader
	err  error // Run's failure, set before the readers' channels close
}

// sharedReader is one reader's end of a SharedMembers.
type sharedReader struct {
	ch     chan []queries.MemberReporting
	gone   chan struct{}
	once   sync.Once
	ranged atomic.Bool
}

func (r *sharedReader) detach() { r.once.Do(func() { close(r.gone) }) }

// ShareMembers shares src (a Dataset's MembersReporting) between Members and
// MembersReporting.
func ShareMembers(src iter.Seq2[queries.MemberReporting, error]) *SharedMembers {
	s := &SharedMembers{src: src}
	for i := range s.outs {
		s.outs[i] = &sharedReader{ch: make(chan []queries.MemberReporting, sharedBatches), gone: make(chan struct{})}
	}
	return s
}

// Members is the register, each row the Member of a MembersReporting row.
func (s *SharedMembers) Members() iter.Seq2[queries.Member, error] {
	return func(yield func(queries.Member, error) bool) {
		for mr, err := range s.read(s.outs[0]) {
			if !yield(mr.Member, err) || err != nil {
				return
			}
		}
	}
}

// MembersReporting is the source's rows.
func (s *SharedMembers) MembersReporting() iter.Seq2[queries.MemberReporting, error] {
	return s.read(s.outs[1])
}

// DetachMembers and DetachReporting say that the reader's output is done with the register,
// ranged or not: call each when the output that was given the reader returns.
func (s *SharedMembers) DetachMembers()   { s.outs[0].detach() }
func (s *SharedMembers) DetachReporting() { s.outs[1].detach() }

func (s *SharedMembers) read(r *sharedReader) iter.Seq2[queries.MemberReporting, error] {
	return func(yield func(queries.MemberReporting, error) bool) {
		var zero queries.MemberReporting
		if !r.ranged.CompareAndSwap(false, true) {
			yield(zero, errRangedTwice)
			return
		}
		defer r.detach()
		for batch := range r.ch {
			for _, mr := range batch {
				if !yield(mr, nil) {
					return
				}
			}
		}
		// The channel is closed: Run has returned, and set err first.
		if s.err != nil {
			yield(zero, s.err)
		}
	}
}

// Run reads the source once and hands its rows to the readers (see SharedMembers).
func (s *SharedMembers) Run(ctx context.Context) (err error) {
	defer func() {
		s.err = err
		for _, r := range s.outs {
			close(r.ch)
		}
	}()
	// hand gives batch to every reader still there and reports whether any is.
	hand := func(batch []queries.MemberReporting) (bool, error) {
		live := false
		for _, r := range s.outs {
			select {
			case <-r.gone:
				continue
			default:
			}
			select {
			case r.ch <- batch:
				live = true
			case <-r.gone:
			case <-ctx.Done():
				return false, ctx.Err()
			}
		}
		return live, nil
	}
	batch := make([]queries.MemberReporting, 0, sharedBatchRows)
	for mr, err := range s.src {
		if err != nil {
			// The rows before the failure reach the readers first, as they would unshared.
			if len(batch) > 0 {
				if _, herr := hand(batch); herr != nil {
					return herr
				}
			}
			return err
		}
		batch = append(batch, mr)
		if len(batch) == sharedBatchRows {
			live, err := hand(batch)
			if err != nil || !live {
				return err
			}
			// The readers hold the batch: the next one is new.
			batch = make([]queries.MemberReporting, 0, sharedBatchRows)
		}
	}
	if len(batch) > 0 {
		_, err := hand(batch)
		return err
	}
	return nil
}
