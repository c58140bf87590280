package reports

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"

	"golang.org/x/sync/errgroup"

	"gnlc/queries"
)

// sharedSource yields n rows, City "c0".."c<n-1>", then fail when set; reads counts its ranges.
func sharedSource(n int, fail error, reads *int) iter.Seq2[queries.MemberReporting, error] {
	return func(yield func(queries.MemberReporting, error) bool) {
		*reads++
		for i := range n {
			mr := queries.MemberReporting{Member: queries.Member{City: fmt.Sprintf("c%d", i), ISO3: "BRA"}}
			if i%2 == 0 {
				mr.Reporting = &queries.ReportingRow{City: mr.City, ISO3: "BRA", Status: queries.ReportOK}
			}
			if !yield(mr, nil) {
				return
			}
		}
		if fail != nil {
			yield(queries.MemberReporting{}, fail)
		}
	}
}

// sharedResult is what one reader of a SharedMembers saw.
type sharedResult struct {
	cities []string
	err    error
}

// TestSharedMembers runs Run beside its two readers as gnlc report does (one errgroup) and
// checks what each reader sees when the other reads all, stops early, never reads, or the
// source or the context fails. The source has more rows than the readers' buffers hold.
func TestSharedMembers(t *testing.T) {
	t.Parallel()
	const n = sharedBatchRows*sharedBatches*3 + 7
	boom := errors.New("boom")
	type reader int
	const (
		all reader = iota
		stopAt10
		never
	)
	tests := []struct {
		name              string
		fail              error
		cancel            bool
		members, reporter reader
		wantMembers       int // rows the Members reader sees
		wantReporting     int
		wantErr           error // what Run returns and a reader still ranging sees
	}{
		{"both read all", nil, false, all, all, n, n, nil},
		{"members stop early", nil, false, stopAt10, all, 10, n, nil},
		{"delegations never read", nil, false, all, never, n, 0, nil},
		{"annual never reads", nil, false, never, all, 0, n, nil},
		{"neither reads", nil, false, never, never, 0, 0, nil},
		{"the source fails", boom, false, all, all, n, n, boom},
		{"the context ends", nil, true, all, all, -1, -1, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			reads := 0
			s := ShareMembers(sharedSource(n, tc.fail, &reads))
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			g, gctx := errgroup.WithContext(ctx)
			var runErr error
			g.Go(func() error { runErr = s.Run(gctx); return nil })
			var gotM, gotR sharedResult
			readAll := func(how reader, seq func() iter.Seq2[string, error], detach func(), out *sharedResult) {
				g.Go(func() error {
					defer detach()
					if how == never {
						return nil
					}
					for city, err := range seq() {
						if err != nil {
							out.err = err
							return nil
						}
						out.cities = append(out.cities, city)
						if tc.cancel && len(out.cities) == 100 {
							cancel()
						}
						if how == stopAt10 && len(out.cities) == 10 {
							return nil
						}
					}
					return nil
				})
			}
			readAll(tc.members, func() iter.Seq2[string, error] {
				return cities(s.Members(), func(m queries.Member) string { return m.City })
			},
				s.DetachMembers, &gotM)
			readAll(tc.reporter, func() iter.Seq2[string, error] {
				return cities(s.MembersReporting(), func(mr queries.MemberReporting) string {
					if (mr.Reporting != nil) != (mr.City[len(mr.City)-1]%2 == 0) {
						return "obligation lost"
					}
					return mr.City
				})
			}, s.DetachReporting, &gotR)
			if err := g.Wait(); err != nil {
				t.Fatal(err)
			}
			if !errors.Is(runErr, tc.wantErr) {
				t.Errorf("Run: %v, want %v", runErr, tc.wantErr)
			}
			if reads != 1 {
				t.Errorf("the source was ranged %d times, want once", reads)
			}
			for _, c := range []struct {
				name string
				got  sharedResult
				want int
				how  reader
			}{{"Members", gotM, tc.wantMembers, tc.members}, {"MembersReporting", gotR, tc.wantReporting, tc.reporter}} {
				if c.how == never {
					continue
				}
				if c.how == all && !errors.Is(c.got.err, tc.wantErr) {
					t.Errorf("%s: error %v, want %v", c.name, c.got.err, tc.wantErr)
				}
				if c.want >= 0 && len(c.got.cities) != c.want {
					t.Errorf("%s: %d rows, want %d", c.name, len(c.got.cities), c.want)
				}
				for i, city := range c.got.cities {
					if city != fmt.Sprintf("c%d", i) {
						t.Fatalf("%s: row %d is %q, want c%d", c.name, i, city, i)
					}
				}
			}
		})
	}
}

// TestSharedMembers_rangedTwice: each reader reads the register once.
func TestSharedMembers_rangedTwice(t *testing.T) {
	t.Parallel()
	reads := 0
	s := ShareMembers(sharedSource(3, nil, &reads))
	s.DetachReporting()
	if err := s.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, err := range s.Members() {
		if err != nil {
			t.Fatal(err)
		}
		rows++
	}
	if rows != 3 {
		t.Errorf("first range: %d rows, want 3", rows)
	}
	for _, err := range s.Members() {
		if !errors.Is(err, errRangedTwice) {
			t.Errorf("second range: %v, want errRangedTwice", err)
		}
	}
}

func cities[T any](s iter.Seq2[T, error], name func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range s {
			if err != nil {
				yield("", err)
				return
			}
			if !yield(name(v), nil) {
				return
			}
		}
	}
}
