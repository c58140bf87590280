package rules

import (
	"errors"
	"fmt"
)

// Sentinels for what is wrong with a rules file; a *ParseError carries one with its line.
var (
	ErrVersion          = errors.New("unsupported version")
	ErrNoVersion        = errors.New("the first directive must be `version`")
	ErrUnknownDirective = errors.New("unknown directive")
	ErrUnknownKey       = errors.New("unknown key")
	ErrMissingKey       = errors.New("missing key")
	ErrDuplicate        = errors.New("given twice")
	ErrBadValue         = errors.New("bad value")
	ErrMissingDirective = errors.New("missing directive")
	ErrSyntax           = errors.New("syntax error")
)

// ParseError is a problem at one line of a rules file (Line 0: the file as a whole). Err wraps
// one of the sentinels above with what was wrong, or, when reading failed, the reader's error.
type ParseError struct {
	Line int
	Err  error
}

var _ error = (*ParseError)(nil)

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
