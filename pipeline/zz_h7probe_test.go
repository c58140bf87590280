package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestZZH7Probe(t *testing.T) {
	ing := newTestIngester(t, "")
	cols := []string{"city", "country", "year_joined"}
	for i := 0; i < 9997; i++ {
		cols = append(cols, "extra"+string(rune('a'+i%26))+strings.Repeat("x", i%7)+itoa3(i))
	}
	row := []string{"Cork", "Ireland", "2015"}
	for i := 0; i < 9997; i++ {
		row = append(row, "v")
	}
	wide := strings.Join(cols, ",") + "\n" + strings.Join(row, ",") + "\n"
	cases := map[string]string{
		"cr":      "city,country,year_joined\rCork,Ireland,2015\rLyon,France,2015\r",
		"mixed":   "city,country,year_joined\r\nCork,Ireland,2015\nLyon,France,2015\rHamburg,Germany,2016\r\n",
		"nul":     "city,country,year_joined\nCo\x00rk,Ireland,2015\n",
		"allnul":  strings.Repeat("\x00", 1<<20),
		"quotes":  "city,country,year_joined\n\"" + strings.Repeat("\"\"", 100000) + "\",Ireland,2015\n",
		"unbal":   "city,country,year_joined\n\"" + strings.Repeat("\"\"", 100000) + ",Ireland,2015\nLyon,France,2015\n",
		"nested":  "city,country,year_joined\n\"a\"\"b\"\"\"\"c\",Ireland,2015\n",
		"wide":    wide,
	}
	for name, data := range cases {
		start := time.Now()
		res, err := ing.IngestBytes(context.Background(), name+".csv", []byte(data), FileOptions{})
		msg := ""
		if err != nil {
			msg = err.Error()
			if len(msg) > 300 {
				msg = msg[:300]
			}
		}
		t.Logf("%s: loaded=%d rejected=%d err=%s (%v)", name, res.Loaded, res.Rejected, msg, time.Since(start))
	}
}

func itoa3(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0)) + string(rune('0'+i%10)) + string(rune('0'+(i/10)%10)) + string(rune('0'+(i/100)%10)) + string(rune('0'+(i/1000)%10)) }
