package locale

import (
	"regexp"
	"testing"
)

// One word for a cohort in each language, in workbooks and charts alike: "cohorte" in French
// and Spanish, never "promotion" or "promoción".
func TestEmbeddedCatalogs_oneCohortTerm(t *testing.T) {
	t.Parallel()
	banned := map[string]*regexp.Regexp{
		"fr": regexp.MustCompile(`(?i)promotion`),
		"es": regexp.MustCompile(`(?i)promoci[oó]n`),
	}
	all, err := readAll(files)
	if err != nil {
		t.Fatal(err)
	}
	for area, langs := range all {
		for lang, re := range banned {
			for k, v := range langs[lang] {
				if re.MatchString(v) {
					t.Errorf("%s %s: %q says %q, want \"cohorte\"", fileName(area, lang), k, v, re.FindString(v))
				}
			}
		}
	}
}
