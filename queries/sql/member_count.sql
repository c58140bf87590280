-- MemberCount: rows Members will yield.
SELECT count(*) FROM members;
