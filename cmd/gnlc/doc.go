/*
Gnlc turns the membership register of the UNESCO Global Network of Learning Cities into the
network's reports. It wires gnlc's stages: pipeline (ingest), queries (SQL), reports and export
(outputs); the stages hold the logic, this command holds flags, logging, progress and exit codes.

Usage:

	gnlc ingest [--db FILE] [--sheet NAME] [--default] [--replace OLD] FILE...
	gnlc check  [--db FILE] [--as-of DATE] [--rules FILE] [--format table|tsv|json]
	gnlc query  [--db FILE] [--format table|tsv|csv|json] SQL
	gnlc report [--db FILE] [--year Y] [--out DIR] [--as-of DATE] [--lang en|fr|es] [--country NAME|ISO]
	gnlc export [--db FILE] --format parquet|csv --out DIR
	gnlc sources [--db FILE] [--format table|tsv|json]
	gnlc sources remove [--db FILE] ID|PATH
	gnlc version

Ingest loads CSV or XLSX files (a register of members, progress reports or the network's
announcements, recognized from their headers in English, French or Spanish) into the database.
Every row is loaded or reported with its file, row and column; a file with any bad row loads
nothing. A new database starts with the schema, the reference tables, the rules and the
network's published figures (the embedded announcements, a source of their own); --default
loads the embedded register's members. An edited file loaded again replaces its rows; the same
content under another path is a no-op; --replace OLD loads a file in place of another source.

Check tests the register against the network's rules (3 new cities per country per cohort,
the application window, biennial progress reports) from the embedded rules file or --rules, and
exits 3 when one is broken.

Query runs read-only SQL over the tables and the question views (growth, reconciliation,
headline, cohorts, regions, country_summary, quota_use, quota_next, application_window,
reporting_due, data_quality, rule_checks).

Report writes the annual workbook out/gnlc-annual-Y.xlsx, one workbook per member country in
its delegation's language under out/delegations/<lang>/, and offline HTML charts under
out/charts/. With --country it writes that country's workbook only.

Export writes every table and view as Parquet (Hive-partitioned by year_joined) or CSV.

Sources lists the files loaded (id, path, kind, sha256, rows, loaded at); sources remove removes
one with its rows, in one transaction.

One database for every command: --db FILE, else $GNLC_DB, else out/gnlc.duckdb, so that
"gnlc ingest FILE" then "gnlc report" reports on FILE. While the default database does not exist,
check, query, report, export and sources use the embedded default register and say so on
stderr; a database named by --db or $GNLC_DB must exist (a typo is an error, not a report on
other data).

Exit codes: 0 ok, 1 failure, 2 usage error, 3 a rule is broken, 130 interrupted.
*/
package main
