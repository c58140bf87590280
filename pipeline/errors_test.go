package pipeline

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestRowError_Error pins how an error names its place: the header as the user wrote it, the
// canonical key beside it only when they differ, the sheet and the column letter in a workbook,
// and the position of a field that has no header.
func TestRowError_Error(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  RowError
		want string
	}{
		{
			name: "csv header differs from key",
			err:  RowError{File: "r.csv", Row: 3, Column: "year_joined", Header: "Année d'adhésion", Field: 3, Value: "2012", Err: ErrOutOfRange, Expected: "a year from 2015 to 2026"},
			want: `r.csv:3: column "Année d'adhésion" (year_joined): value "2012": value out of range: expected a year from 2015 to 2026`,
		},
		{
			name: "csv header is the key but for case",
			err:  RowError{File: "r.csv", Row: 2, Column: "country", Header: "Country", Field: 2, Value: "Narnia", Err: ErrUnknownCountry},
			want: `r.csv:2: column "Country": value "Narnia": unknown country`,
		},
		{
			name: "xlsx names sheet and column letter",
			err:  RowError{File: "r.xlsx", Sheet: "Membres", Row: 3, Column: "country", Header: "Pays", Field: 2, Value: "Frankreich", Err: ErrUnknownCountry},
			want: `r.xlsx [Membres]:3: column B "Pays" (country): value "Frankreich": unknown country`,
		},
		{
			name: "xlsx column past Z",
			err:  RowError{File: "r.xlsx", Sheet: "S", Row: 2, Header: "notes", Field: 28, Value: "x", Err: ErrCellTooLong},
			want: `r.xlsx [S]:2: column AB "notes": value "x": cell too long`,
		},
		{
			name: "csv field beyond the header",
			err:  RowError{File: "r.csv", Row: 2, Field: 4, Value: "extra", Err: ErrFieldCount, Expected: "3 fields, as in the header (got 4)"},
			want: `r.csv:2: column 4 (no header): value "extra": wrong number of fields: expected 3 fields, as in the header (got 4)`,
		},
		{
			name: "xlsx field beyond the header",
			err:  RowError{File: "r.xlsx", Sheet: "Sheet1", Row: 2, Field: 4, Value: "extra", Err: ErrFieldCount},
			want: `r.xlsx [Sheet1]:2: column D (no header): value "extra": wrong number of fields`,
		},
		{
			name: "missing column has only its key",
			err:  RowError{File: "r.xlsx", Sheet: "Sheet1", Row: 1, Column: "year_joined", Err: ErrMissingColumn},
			want: `r.xlsx [Sheet1]:1: column "year_joined": missing required column`,
		},
		{
			name: "whole file",
			err:  RowError{File: "r.csv", Err: ErrEmptyFile, Expected: "a header row"},
			want: `r.csv: empty file: expected a header row`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
				t.Errorf("Error() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		i    int
		xlsx bool
		want string
	}{
		{0, true, ""}, {1, true, "A"}, {26, true, "Z"}, {27, true, "AA"}, {52, true, "AZ"}, {53, true, "BA"},
		{702, true, "ZZ"}, {703, true, "AAA"}, {16384, true, "XFD"}, {16385, true, "16385"}, {4, false, "4"},
	}
	for _, tt := range tests {
		if got := fieldName(tt.i, tt.xlsx); got != tt.want {
			t.Errorf("fieldName(%d, %v) = %q, want %q", tt.i, tt.xlsx, got, tt.want)
		}
	}
}

// TestIngest_errorsNameColumnAsWritten ingests bad files with French and Spanish headers, as CSV
// and as XLSX (on a named sheet), and checks each error's place: sheet, row, column as written
// and its key, and the field of a ragged row.
func TestIngest_errorsNameColumnAsWritten(t *testing.T) {
	t.Parallel()
	type place struct {
		Sheet  string
		Row    int
		Column string
		Header string
		Field  int
		Value  string
		Text   string
	}
	tests := []struct {
		name  string
		file  string
		csv   string
		sheet string  // XLSX: the sheet written and read
		rows  [][]any // XLSX rows
		want  []place
	}{
		{
			name: "french csv",
			file: "registre.csv",
			csv:  "Ville;Pays;Année d'adhésion\nLyon;France;2024\nAtlantis;Atlantide;2012\n",
			want: []place{
				{Row: 3, Column: "country", Header: "Pays", Field: 2, Value: "Atlantide",
					Text: `registre.csv:3: column "Pays" (country): value "Atlantide": unknown country: expected a country name (English, French or Spanish) or ISO 3166-1 code`},
				{Row: 3, Column: "year_joined", Header: "Année d'adhésion", Field: 3, Value: "2012",
					Text: `registre.csv:3: column "Année d'adhésion" (year_joined): value "2012": value out of range: expected a year from 2015 to 2026`},
			},
		},
		{
			name: "spanish csv duplicate city names the header",
			file: "registro.csv",
			csv:  "Ciudad,País,Año de adhesión\nCórdoba,Argentina,2022\nCORDOBA,Argentina,2023\n",
			want: []place{
				{Row: 3, Column: "city", Header: "Ciudad", Field: 1, Value: "CORDOBA",
					Text: `registro.csv:3: column "Ciudad" (city): value "CORDOBA": duplicate city: expected each city once per country (already on row 2)`},
			},
		},
		{
			name: "csv ragged rows",
			file: "ragged.csv",
			csv:  "city,country,year_joined\nLyon,France\nLille,France,2019,,extra\n",
			want: []place{
				{Row: 2, Column: "year_joined", Header: "year_joined", Field: 3,
					Text: `ragged.csv:2: column "year_joined": wrong number of fields: expected 3 fields, as in the header (got 2)`},
				{Row: 3, Field: 5, Value: "extra",
					Text: `ragged.csv:3: column 5 (no header): value "extra": wrong number of fields: expected 3 fields, as in the header (got 5)`},
			},
		},
		{
			name:  "french xlsx on a named sheet",
			file:  "registre.xlsx",
			sheet: "Membres",
			rows: [][]any{
				{"Ville", "Pays", "Année d'adhésion", "Population"},
				{"Lyon", "France", 2024, 522250},
				{"Lille", "Frankreich", 2012, "beaucoup"},
			},
			want: []place{
				{Sheet: "Membres", Row: 3, Column: "country", Header: "Pays", Field: 2, Value: "Frankreich",
					Text: `registre.xlsx [Membres]:3: column B "Pays" (country): value "Frankreich": unknown country: expected a country name (English, French or Spanish) or ISO 3166-1 code`},
				{Sheet: "Membres", Row: 3, Column: "year_joined", Header: "Année d'adhésion", Field: 3, Value: "2012",
					Text: `registre.xlsx [Membres]:3: column C "Année d'adhésion" (year_joined): value "2012": value out of range: expected a year from 2015 to 2026`},
				{Sheet: "Membres", Row: 3, Column: "population", Header: "Population", Field: 4, Value: "beaucoup",
					Text: `registre.xlsx [Membres]:3: column D "Population": value "beaucoup": not an integer: expected a whole number of inhabitants (digits, optionally grouped: 1234567, 1,234,567 or 1 234 567)`},
			},
		},
		{
			name:  "xlsx cell beyond the header",
			file:  "ragged.xlsx",
			sheet: "Sheet1",
			rows: [][]any{
				{"city", "country", "year_joined"},
				{"Lyon", "France", 2024, nil, "note"},
			},
			want: []place{
				{Sheet: "Sheet1", Row: 2, Field: 5, Value: "note",
					Text: `ragged.xlsx [Sheet1]:2: column E (no header): value "note": wrong number of fields: expected 3 fields, as in the header (got 5)`},
			},
		},
		{
			name:  "xlsx header error names the sheet",
			file:  "noyear.xlsx",
			sheet: "Membres",
			rows:  [][]any{{"ville", "pays"}, {"Lyon", "France"}},
			want: []place{
				{Sheet: "Membres", Row: 1, Column: "year_joined",
					Text: `noyear.xlsx [Membres]:1: column "year_joined": missing required column: expected a year_joined column (a members file; headers such as "year_joined", "année d'adhésion" or "año de adhesión")`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ing := newTestIngester(t, "")
			path := filepath.Join(t.TempDir(), tt.file)
			var opts FileOptions
			if tt.rows != nil {
				f := excelize.NewFile()
				if tt.sheet != "Sheet1" {
					if err := f.SetSheetName("Sheet1", tt.sheet); err != nil {
						t.Fatal(err)
					}
				}
				setRows(t, f, tt.sheet, tt.rows)
				saveXLSX(t, f, path)
				opts.Sheet = tt.sheet
			} else {
				writeFile(t, path, tt.csv)
			}
			_, err := ing.IngestFile(t.Context(), path, opts)
			if err == nil {
				t.Fatal("file loaded, want it refused")
			}
			var got []place
			for _, re := range rowErrors(t, err) {
				if re.File != path {
					t.Errorf("error names %q, want %q", re.File, path)
				}
				re.File = tt.file // the temporary folder is no part of the message checked
				got = append(got, place{re.Sheet, re.Row, re.Column, re.Header, re.Field, re.Value, re.Error()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// A register kept on another sheet than the first: the errors list the workbook's sheets and
// point at --sheet.
func TestIngest_errorsListSheets(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "registre.xlsx")
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Notes"); err != nil {
		t.Fatal(err)
	}
	setRows(t, f, "Notes", [][]any{{"Registre des villes apprenantes, 2024"}})
	if _, err := f.NewSheet("Membres"); err != nil {
		t.Fatal(err)
	}
	setRows(t, f, "Membres", [][]any{{"Ville", "Pays", "Année d'adhésion"}, {"Lyon", "France", 2024}})
	saveXLSX(t, f, path)
	tests := []struct {
		sheet string
		want  string
	}{
		{"", `registre.xlsx [Notes]: no header found: expected a header row within the first 20 rows naming city, country and year_joined (members; also ville, pays, année d'adhésion or ciudad, país, año de adhesión), city, country and submitted_on (reports), or year, new_cities and total_cities (published figures); the rows read were row 1 "Registre des villes apprenantes, 2024"; the workbook's sheets are "Notes" and "Membres" (choose one with --sheet)`},
		{"Nope", `registre.xlsx: value "Nope": no such sheet: expected one of the sheets "Notes" or "Membres"`},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			t.Parallel()
			ing := newTestIngester(t, "")
			_, err := ing.IngestFile(t.Context(), path, FileOptions{Sheet: tt.sheet})
			if err == nil {
				t.Fatal("file loaded, want it refused")
			}
			res := rowErrors(t, err)
			if len(res) != 1 {
				t.Fatalf("%d errors, want 1: %v", len(res), err)
			}
			res[0].File = "registre.xlsx"
			if diff := cmp.Diff(tt.want, res[0].Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	ing := newTestIngester(t, "")
	if _, err := ing.IngestFile(t.Context(), path, FileOptions{Sheet: "Membres"}); err != nil {
		t.Errorf("--sheet Membres: %v", err)
	}
}
