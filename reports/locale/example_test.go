package locale_test

import (
	"fmt"
	"strings"
	"time"

	"gnlc/reports/locale"
)

func Example() {
	announced := time.Date(2024, time.February, 14, 0, 0, 0, 0, time.UTC)
	for _, lang := range locale.Languages {
		c, err := locale.Load(lang)
		if err != nil {
			fmt.Println(err)
			return
		}
		// U+00A0 shown as "_" so the example's output is readable.
		line := fmt.Sprintf("%s | %s | %s | %s", c.T("delegation.sheet.members"), c.Int(1234567), c.Date(announced), c.Percent(0.25))
		fmt.Println(strings.ReplaceAll(line, "\u00a0", "_"))
	}
	// Output:
	// Members | 1,234,567 | 14 February 2024 | 25.0%
	// Membres | 1_234_567 | 14 février 2024 | 25,0_%
	// Miembros | 1.234.567 | 14 de febrero de 2024 | 25,0_%
}
