-- Cities in both versions of a source whose data changed (row numbers aside).
SELECT n.city, n.iso3
FROM members AS n
JOIN members AS o ON o.iso3 = n.iso3 AND o.city_key = n.city_key
WHERE n.source_id = $1 AND o.source_id = $2
  AND (n.city, n.region, n.year_joined, n.applied_on, n.population, n.population_source, n.lat, n.lon,
       n.status, n.left_year, n.last_report_on, n.source_url)
      IS DISTINCT FROM
      (o.city, o.region, o.year_joined, o.applied_on, o.population, o.population_source, o.lat, o.lon,
       o.status, o.left_year, o.last_report_on, o.source_url)
ORDER BY n.iso3, n.city_key
