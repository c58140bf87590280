package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Format writes r in the rules file format, one directive per line, in canonical order and
// without comments; Parse reads it back to the same Rules (Source aside).
func (r *Rules) Format() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "version %d\n", r.Version)
	fmt.Fprintf(&b, "quota limit=%d effective_from=%d\n", r.Quota.Limit, r.Quota.EffectiveFrom)
	fmt.Fprintf(&b, "window opens=%s closes=%s cohort_lag=%d effective_from=%d every_years=%d\n",
		r.Window.Opens, r.Window.Closes, r.Window.CohortLag, r.Window.EffectiveFrom, r.Window.EveryYears)
	for _, c := range r.Calls {
		fmt.Fprintf(&b, "call year=%d opens=%s closes=%s cohort=%d\n",
			c.Year, c.Opens.Format(time.DateOnly), c.Closes.Format(time.DateOnly), c.Cohort)
	}
	fmt.Fprintf(&b, "reporting every_years=%d effective_from=%d\n", r.Reporting.EveryYears, r.Reporting.EffectiveFrom)
	for _, c := range r.Cycles {
		fmt.Fprintf(&b, "cycle name=%s begins=%s due=%s exempt_from=%s\n", strconv.Quote(c.Name),
			c.Begins.Format(time.DateOnly), c.Due.Format(time.DateOnly), c.ExemptFrom.Format(time.DateOnly))
	}
	return []byte(b.String())
}
