package pipeline

import (
	"testing"
	"time"
)

func TestParseInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2015", 2015, true},
		{" 2015 ", 2015, true},
		{"2015.0", 2015, true},
		{"2015.00", 2015, true},
		{"-3", -3, true},
		{"1,234,567", 1234567, true},
		{"1 234 567", 1234567, true},
		{"1\u00a0234\u00a0567", 1234567, true},
		{"1\u202f234", 1234, true},
		{"1.234.567", 1234567, true},
		{"1'234'567", 1234567, true},
		{"1.000", 1000, true}, // a thousand, never 1
		{"12,34", 0, false},
		{"1,2345", 0, false},
		{"1234,567", 0, false},
		{"1,234.567", 0, false},
		{"12.5", 0, false},
		{"1e3", 0, false},
		{"about 5000", 0, false},
		{"", 0, false},
		{",123", 0, false},
		{"123,", 0, false},
		{"9,223,372,036,854,775,807", 9223372036854775807, true},
		{"9,223,372,036,854,775,808", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseInt(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		serial bool
		want   string // "" when refused
	}{
		{"2024-02-14", false, "2024-02-14"},
		{"2024-02-14T10:00:00Z", false, "2024-02-14"},
		{"2024-02-14 00:00:00", false, "2024-02-14"},
		{"2024-02-14x", false, ""},
		{"14/02/2024", false, "2024-02-14"},
		{"4/2/2024", false, "2024-02-04"},
		{"14.02.2024", false, "2024-02-14"},
		{"14-02-2024", false, "2024-02-14"},
		{"02/14/2024", false, ""}, // month 14: the US order is not accepted
		{"31/04/2024", false, ""},
		{"29/02/2023", false, ""},
		{"29/02/2024", false, "2024-02-29"},
		{"14/02/24", false, ""},
		{"1899-12-31", false, ""},
		{"45336", true, "2024-02-14"},
		{"45336", false, ""},
		{"61", true, "1900-03-01"},
		{"60", true, ""},
		{"109574", true, "2199-12-31"},
		{"109575", true, ""},
		{"", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in, tt.serial)
			s := ""
			if ok {
				s = got.Format(time.DateOnly)
			}
			if s != tt.want {
				t.Errorf("parseDate(%q, %v) = %q, want %q", tt.in, tt.serial, s, tt.want)
			}
		})
	}
}

func TestParseFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"48.8566", 48.8566, true},
		{"48,8566", 48.8566, true},
		{"-75.56", -75.56, true},
		{"1,234.5", 0, false},
		{"0x1p-2", 0, false},
		{"1_000", 0, false},
		{"NaN", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseFloat(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseFloat(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "active"}, {"active", "active"}, {"Actif", "active"}, {"ACTIVA", "active"},
		{"withdrawn", "withdrawn"}, {"Retiré", "withdrawn"}, {"retirada", "withdrawn"},
		{"gone", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseStatus(tt.in)
			if !ok {
				got = ""
			}
			if got != tt.want {
				t.Errorf("parseStatus(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseWhole: where "." is the decimal mark, a lone "." is a decimal point (a population in
// millions to three decimals is no count of people); grouping by other marks, or by several
// dots, still reads. A first group of 0 is a fraction anywhere.
func TestParseWhole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		decimalDot bool
		want       int64
		ok         bool
	}{
		{"1.578", false, 1578, true},
		{"1.578", true, 0, false},
		{"0.578", false, 0, false},
		{"0.578", true, 0, false},
		{"210.125", true, 0, false},
		{"1578.0", true, 1578, true},
		{"1.578.626", true, 1578626, true},
		{"1,578,626", true, 1578626, true},
		{"558 862", true, 558862, true},
		{"0,578", false, 0, false},
		{"12", true, 12, true},
	}
	for _, tt := range tests {
		got, ok := parseWhole(tt.in, tt.decimalDot)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseWhole(%q, %v) = %d, %v; want %d, %v", tt.in, tt.decimalDot, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParseYear: a year is digits, or digits with a zero fraction; never grouped.
func TestParseYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2016", 2016, true}, {" 2016 ", 2016, true}, {"2016.0", 2016, true}, {"2016.00", 2016, true},
		{"2.016", 0, false}, {"2,016", 0, false}, {"2 016", 0, false}, {"-2016", 0, false}, {"", 0, false},
		{"45995", 45995, true}, // a date serial reads as a number: year() names it a date
	}
	for _, tt := range tests {
		got, ok := parseYear(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseYear(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
