package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestResolveCountry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		iso3     string
		wantErrs string // substring of the error; "" for success
	}{
		{"VNM", "VNM", ""},
		{"vn", "VNM", ""},
		{"Viet Nam", "VNM", ""},
		{"vietnam", "VNM", ""},
		{"Việt Nam", "VNM", ""},
		{"Côte d'Ivoire", "CIV", ""},
		{"cote divoire", "CIV", ""},
		{"Costa de Marfil", "CIV", ""},
		{"République de Corée", "KOR", ""},
		{"South Korea", "KOR", ""},
		{"Mexique", "MEX", ""},
		{"  México ", "MEX", ""},
		{"Frnace", "", `--country "Frnace": no such country; did you mean France`},
		{"Atlantis", "", `--country "Atlantis": no such country (give a name in English, French or Spanish, or an ISO code)`},
		{"../../etc", "", "no such country"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			iso3, _, err := resolveCountry(tt.in)
			if tt.wantErrs == "" {
				if err != nil || iso3 != tt.iso3 {
					t.Errorf("resolveCountry(%q) = %q, %v; want %q", tt.in, iso3, err, tt.iso3)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErrs) {
				t.Errorf("resolveCountry(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErrs)
			}
		})
	}
}

// TestReport_delegationCountry: the glue from the database to one delegation workbook carries
// the register's values into the language the flags ask for.
func TestReport_delegationCountry(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, cliOptions{}, "report", "--out", out, "--as-of", "2025-06-30", "--country", "Mexique", "--lang", "fr")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	path := filepath.Join(out, "delegations", "fr", "MEX-mexique.xlsx")
	if !strings.Contains(stdout, path+"\n") || strings.Count(stdout, "delegations") != 1 {
		t.Fatalf("stdout lacks %s alone among the delegations:\n%s", path, stdout)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got := map[string]string{}
	for _, ref := range []string{"A1", "A3", "B6", "B9"} {
		got[ref], _ = f.GetCellValue("Couverture", ref)
	}
	// Mexico: 10 named members, 18,164,348 people (../shared/data/README.md and members.csv),
	// numbers that excelize draws with its own separators (Excel, with the reader's).
	want := map[string]string{"A1": "Mexique", "A3": "Situation au 30 juin 2025", "B6": "10", "B9": "18,164,348"}
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("Couverture!%s = %q, want %q", ref, got[ref], w)
		}
	}
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "Couverture,Membres,Quota,Obligations" {
		t.Errorf("sheets = %q", sheets)
	}
}
