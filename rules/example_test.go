package rules_test

import (
	"fmt"
	"strings"

	"gnlc/rules"
)

func ExampleParse() {
	r, err := rules.Parse(strings.NewReader(`version 1
quota limit=3 effective_from=2019
window opens=03-01 closes=04-30 cohort_lag=1 effective_from=2019
call year=2023 opens=2023-04-01 closes=2023-05-31 cohort=2024  # the 2024 cohort's call
reporting every_years=2 effective_from=2019
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Quota.Limit, r.Window.Opens, r.Window.Closes, r.Calls[0].Cohort)

	_, err = rules.Parse(strings.NewReader("version 1\nquota limit=3 per=country\n"))
	fmt.Println(err)
	// Output:
	// 3 03-01 04-30 2024
	// line 2: quota: unknown key "per"
}
