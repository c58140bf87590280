-- ComplianceSummary(asOf): $1 is the as-of date (YYYY-MM-DD). The counts of sql/compliance.sql's
-- rows: all, with a window check (and outside / unknown / exempt), with a reporting obligation
-- (and overdue / unknown).
SELECT count(*),
       count(*),
       count(*) FILTER (WHERE window_status = 'outside'),
       count(*) FILTER (WHERE window_status = 'unknown'),
       count(*) FILTER (WHERE window_status = 'exempt'),
       count(*) FILTER (WHERE has_reporting),
       count(*) FILTER (WHERE reporting_status = 'overdue'),
       count(*) FILTER (WHERE reporting_status = 'unknown')
FROM compliance_at($1::DATE);
