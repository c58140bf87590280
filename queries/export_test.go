package queries

import "context"

// SetPageRows makes q's streamed questions cut pages of at most n rows, so that a small test
// register spans several pages.
func SetPageRows(q *Queries, n int64) { q.pageRows = n }

// PageCounts is how many pages Members and ComplianceRows take on q's register.
func PageCounts(q *Queries) (members, compliance int, err error) {
	m, err := q.pages(context.Background(), stmtMemberPages)
	if err != nil {
		return 0, 0, err
	}
	c, err := q.pages(context.Background(), stmtCompliancePages)
	return len(m), len(c), err
}
