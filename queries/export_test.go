package queries

// WithPageRows returns q reading its long lists in pages of n rows, so tests cross page
// boundaries on a small register.
func WithPageRows(q *Queries, n int) *Queries {
	c := *q
	c.pageRows = n
	return &c
}
