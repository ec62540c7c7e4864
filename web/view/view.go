// Package view is what Tandem's server-rendered pages share: choosing the
// visitor's language, parsing and rendering templates, and serving static
// assets under checksum URLs. The pages themselves live in web/customer
// (public, mobile-first) and web/manage (signed-in staff and managers).
package view

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/tandemhq/tandem"
)

// Funcs are the template functions every page may use.
func Funcs(a *Assets) template.FuncMap {
	return template.FuncMap{
		// text picks a localized text in lang, with fallback.
		"text": func(t tandem.Text, lang string) string { return t.Get(lang) },
		// asset returns the checksum URL of a static file.
		"asset": a.URL,
		"add":   func(a, b int) int { return a + b },
		// Figures, dates and times are written in the page's language by
		// its printer: {{.P.Decimal x 1}}, {{.P.Percent x}}, {{.P.Date t}},
		// {{.P.Time t}}, {{.P.DateTime t}} (i18n/format.go), with times
		// moved into the reader's time zone first.
	}
}

// Templates holds parsed pages. Each page is a file that defines "content"
// (and optionally "title"), rendered inside a shared layout.
type Templates struct {
	pages map[string]*template.Template
	log   *slog.Logger
}

// ParseTemplates parses every *.html under pagesDir in fsys, each combined
// with the layout and partial files; errors surface at start-up, not at the
// first request.
func ParseTemplates(fsys fs.FS, layout string, partials []string, pagesDir string, funcs template.FuncMap, log *slog.Logger) (*Templates, error) {
	base, err := template.New(path.Base(layout)).Funcs(funcs).ParseFS(fsys, append([]string{layout}, partials...)...)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(fsys, path.Join(pagesDir, "*.html"))
	if err != nil {
		return nil, err
	}
	t := &Templates{pages: map[string]*template.Template{}, log: log}
	for _, f := range files {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(fsys, f); err != nil {
			return nil, fmt.Errorf("view: %s: %w", f, err)
		}
		t.pages[strings.TrimSuffix(path.Base(f), ".html")] = clone
	}
	return t, nil
}

// Render writes page with data and status. It renders into a buffer first,
// so a template error becomes a clean 500 instead of half a page.
func (t *Templates) Render(w http.ResponseWriter, status int, page string, data any) {
	tpl, ok := t.pages[page]
	if !ok {
		t.log.Error("view: no such page", "page", page)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, data); err != nil {
		t.log.Error("view: render", "page", page, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Assets serves embedded static files under /static/{sum}/{name}: the
// checksum in the URL lets browsers cache them forever.
type Assets struct {
	prefix string
	files  map[string]asset // by name
}

type asset struct {
	sum  string
	body []byte
	mime string
}

// NewAssets loads every file in dir of fsys; URLs start with prefix (e.g.
// "/static/c").
func NewAssets(fsys fs.FS, dir, prefix string) (*Assets, error) {
	a := &Assets{prefix: prefix, files: map[string]asset{}}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		name := strings.TrimPrefix(p, dir+"/")
		a.files[name] = asset{sum: hex.EncodeToString(h[:4]), body: b, mime: mime.TypeByExtension(path.Ext(p))}
		return nil
	})
	return a, err
}

// URL returns the checksum URL of a file; it panics on an unknown name so a
// typo fails the first render in tests.
func (a *Assets) URL(name string) string {
	f, ok := a.files[name]
	if !ok {
		panic("view: unknown asset " + name)
	}
	return a.prefix + "/" + f.sum + "/" + name
}

// Body returns a file's content, e.g. to inline CSS into a page.
func (a *Assets) Body(name string) []byte { return a.files[name].body }

// Pattern is the mux pattern to register ServeHTTP under.
func (a *Assets) Pattern() string { return "GET " + a.prefix + "/{sum}/{name...}" }

// ServeHTTP serves one asset.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("name")]
	if !ok || f.sum != r.PathValue("sum") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.mime)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
}
