package document

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
)

//go:embed templates/document.tmpl templates/document.css
var templateFS embed.FS

// sheet is what the template executes: the document and its style sheet.
type sheet struct {
	*doc
	CSS template.CSS
}

func execute(d *doc) ([]byte, error) {
	css, err := templateFS.ReadFile("templates/document.css")
	if err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	t, err := template.New("document.tmpl").Funcs(template.FuncMap{
		"join": func(s []string) string { return strings.Join(s, ", ") },
	}).ParseFS(templateFS, "templates/document.tmpl")
	if err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, sheet{doc: d, CSS: template.CSS(css)}); err != nil {
		return nil, fmt.Errorf("render document: %w", err)
	}
	return b.Bytes(), nil
}
