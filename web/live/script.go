package live

import (
	_ "embed"
	"html/template"
	"strings"
	"sync"
)

//go:embed live.js
var script []byte

// Script is the client of Serve's streams, to inline in a page's <script>:
// see live.js for the markup it expects.
var Script = sync.OnceValue(func() template.JS { return template.JS(minify(script)) })

// minify drops a script's comment lines and indentation: the script is
// inlined into pages with a byte budget.
func minify(src []byte) string {
	var b strings.Builder
	for line := range strings.Lines(string(src)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
