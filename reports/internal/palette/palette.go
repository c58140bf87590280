// Package palette holds the colours of gnlc's charts: one colour per meaning, the same in the
// annual workbook's native charts and in the HTML and SVG charts, so that a reader who learns
// "orange is the named members" on one page reads it on every other.
package palette

// Sources: the figures as UNESCO published them and the members a public source names.
const (
	Published = "#1f5f9e"
	Named     = "#e39b2d"
)

// States and the page around the data.
const (
	OverQuota = "#c0392b" // a country over the limit, the limit's line
	Other     = "#7f8c8d" // a region outside UNESCO's five, "others"
	Axis      = "#262626" // axis labels and titles: dark enough to read on paper
	Grid      = "#d9d9d9"
)

// Region is the colour of one of UNESCO's five regions, Other for any other.
func Region(name string) string {
	switch name {
	case "Africa":
		return "#d9822b"
	case "Arab States":
		return "#2e8b57"
	case "Asia and the Pacific":
		return "#c0392b"
	case "Europe and North America":
		return "#1f5f9e"
	case "Latin America and the Caribbean":
		return "#8e44ad"
	}
	return Other
}

// Hex is c without its "#", as Office's colour attributes take it.
func Hex(c string) string { return c[1:] }
