package queries

import (
	"fmt"
	"time"
)

// dateParam binds a date as DuckDB reads it (YYYY-MM-DD), so no time zone can shift the day.
func dateParam(t time.Time) string { return t.Format(time.DateOnly) }

// stringList scans a DuckDB VARCHAR[] (the driver yields []any of string).
type stringList []string

func (l *stringList) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*l = nil
		return nil
	case []any:
		out := make([]string, 0, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("list item %d: %T is not a string", i, x)
			}
			out = append(out, s)
		}
		*l = out
		return nil
	default:
		return fmt.Errorf("scan %T into a list of strings", src)
	}
}
