-- MemberCountries: the register's country names in Members' order (accents and case folded, then
-- exact), so that Members reads the register one country at a time (sql/members_page.sql).
SELECT country
FROM members
GROUP BY country
ORDER BY country COLLATE NOACCENT.NOCASE, country;
