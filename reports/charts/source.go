package charts

import "strconv"

// source is the chart's source line, the same on its page and its slide: UNESCO's announcements
// with their dates for the published figures (the growth chart), the register for the named
// members, with what they cover of the network as UNESCO announced it.
func source(kind string, in *input) string {
	ds, tr, cat := in.ds, in.tr, in.tr.cat
	named := cat.Int(ds.MemberCount)
	if h := ds.Headline.Named.Cities; h != nil {
		named = cat.Int(*h)
	}
	// The announcements: the first and last year with one, and the last one's date.
	var first, last int
	var lastDay string
	for _, r := range ds.Reconciliation {
		if r.AnnouncedOn == nil {
			continue
		}
		if first == 0 {
			first = r.Year
		}
		last, lastDay = r.Year, cat.Date(*r.AnnouncedOn)
	}
	if kind == Growth && first != 0 {
		return tr.F("charts.source.growth", "first", strconv.Itoa(first), "last", strconv.Itoa(last), "date", lastDay, "named", named)
	}
	for _, r := range ds.Reconciliation {
		if r.Year == ds.Year && r.AnnouncedOn != nil && r.PublishedTotal != nil {
			return tr.F("charts.source.named", "named", named, "published", cat.Int(*r.PublishedTotal), "date", cat.Date(*r.AnnouncedOn))
		}
	}
	return tr.F("charts.source.named_only", "named", named, "date", cat.Date(ds.GeneratedAt))
}
