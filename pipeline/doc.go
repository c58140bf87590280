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
// Every SQL statement lives in sql/*.sql, embedded, one statement per file, parameters bound.
package pipeline
