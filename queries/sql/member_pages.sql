-- MemberPages: the register's countries in Members' order (members.sql), each with its ISO3 code
-- and its rows: Members and MembersReporting cut their pages from it, whole countries in order.
SELECT country, iso3, count(*)
FROM members
GROUP BY country, iso3
ORDER BY country COLLATE NOACCENT.NOCASE, country, iso3;
