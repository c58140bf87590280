// Package pipeline is gnlc's ingest stage: it reads registers (CSV or XLSX), maps their headers
// (English, French or Spanish), validates and normalizes every row, builds typed Arrow record
// batches of bounded size and loads them into DuckDB, one transaction per file, recording each
// file's provenance in the sources table.
//
// It sits between fixtures (the embedded default register and the reference table of countries)
// and queries (which read the tables loaded here):
//
//	files ──read──▶ rows ──validate──▶ Arrow batches ──RegisterView + INSERT … SELECT *──▶ DuckDB
//
// Every input row is either loaded or reported as a *RowError; a file with any bad row loads
// nothing (its *FileError lists every bad row). Memory does not grow with the file: rows stream
// from the reader through batches of at most Ingester.BatchRows rows into DuckDB.
//
// Decisions the input contract (DESIGN.md) leaves open:
//   - A file's identity (sources.path) is its cleaned absolute path, plus "#<sheet>" when a sheet
//     is named; the embedded register uses its name ("fixtures/members.csv"). Same identity and
//     same sha256: nothing to do. Same identity, new sha256: the new version replaces the old
//     one's rows in the same transaction (refused, the old rows stay: FileResult.Previous).
//   - The same sha256 (and sheet) under another identity is the same file renamed, copied or
//     moved: nothing to do (FileResult.SameAs names the source). FileOptions.Replace loads a
//     file in place of another source, in its transaction; RemoveSource removes one. A city
//     (or year) of another source refuses the file, and FileError.Elsewhere names that source.
//   - Ingester.Seed gives a new database its first sources (the published figures), once.
//   - Unknown columns are ignored with a warning (registers carry notes and contacts); a column
//     given twice, or a required one missing, refuses the file.
//   - Country names come as the reference table and fixtures/places.csv know them: Hong Kong and
//     Macao (by name or code) load as China, with a note in FileResult.Notes; places that are not
//     UNESCO member states are refused with the reason; "Korea" is refused as ambiguous.
//   - Whole numbers may be grouped by thousands with ",", ".", "'", or a (no-break, thin) space,
//     every group after the first of exactly three digits: "1.000" is a thousand, "12,34" is
//     refused. Decimals (coordinates) take "." or a single ",".
//   - Dates are ISO 8601 (a time part is dropped) or day first, d/m/yyyy with "/", "." or "-";
//     in XLSX, numeric cells in date columns are Excel serial dates. Month first is refused.
//   - CSV is UTF-8 (BOM or not), UTF-16 with BOM, or — when not valid UTF-8 — Windows-1252,
//     with a warning; bytes Windows-1252 leaves undefined, NUL bytes, or UTF-8 mixed with
//     another encoding refuse the file. The separator (",", ";" or tab) is sniffed from the header.
//   - Limits: a cell of 8 KiB, a line of 8 MiB; a refused file lists at most MaxErrors errors.
//
// Open owns the database's lifecycle: it opens a file read-only, or read-write (applying the
// schema of package queries, queries.Setup, and giving a new database the published figures),
// or fills a private in-memory database with the embedded default register (see Mode).
//
// Every SQL statement lives in sql/*.sql, embedded, one statement per file, parameters bound,
// and is named by a constant (statements.go).
package pipeline
