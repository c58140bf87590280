package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// The flags that several commands share are parsed here, in RunE, into the commands' Options:
// each command's runX reads typed values and checks no flag.

// usageError is a usage error (exit 2) that prints cmd's usage after err.
func usageError(cmd *cobra.Command, err error) error {
	return &FlagError{Err: fmt.Errorf("%w\n\n%s", err, cmd.UsageString())}
}

// checkOneOf refuses a value of flag that is not one of choices:
// `--format "xml": expected table, tsv, csv or json`.
func checkOneOf(flag, value string, choices ...string) error {
	if slices.Contains(choices, value) {
		return nil
	}
	list := choices[len(choices)-1]
	if len(choices) > 1 {
		list = strings.Join(choices[:len(choices)-1], ", ") + " or " + list
	}
	return fmt.Errorf("%s %q: expected %s", flag, value, list)
}

// parseOutputFormat checks --format against the formats a command writes and returns the one to
// write: the flag's when given, else outputFormat's choice.
func parseOutputFormat(deps *Deps, flag string, formats ...string) (string, error) {
	if flag != "" {
		if err := checkOneOf("--format", flag, formats...); err != nil {
			return "", err
		}
	}
	return outputFormat(deps, flag), nil
}

// outputFormat is the format a command writes its rows to stdout in: the flag's when given,
// else an aligned table on a terminal and tab-separated rows when piped. It is the one place
// that decides by the terminal.
func outputFormat(deps *Deps, flag string) string {
	switch {
	case flag != "":
		return flag
	case deps.StdoutIsTTY:
		return "table"
	default:
		return "tsv"
	}
}

// parseAsOf is the date of --as-of (YYYY-MM-DD), or today by now when the flag is "": the day
// compliance is computed on, at midnight UTC.
func parseAsOf(flag string, now time.Time) (time.Time, error) {
	if flag == "" {
		y, m, d := now.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	asOf, err := time.Parse(time.DateOnly, flag)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of %q: want a date as YYYY-MM-DD", flag)
	}
	return asOf, nil
}

// addAsOfFlag binds --as-of for a command; parseAsOf reads it once the flags are parsed.
func addAsOfFlag(cmd *cobra.Command, asOf *string, what string) {
	cmd.Flags().StringVar(asOf, "as-of", "", "date for "+what+", YYYY-MM-DD (default: today)")
}
