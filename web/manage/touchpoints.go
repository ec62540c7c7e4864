package manage

import (
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/view"
)

type touchpointRow struct {
	Touchpoint *tandem.Touchpoint
	Site       *tandem.Site
	Service    *tandem.Service
	Link       string
}

// touchpointsData is the touchpoints page: those in use, those retired, and
// whether a new one can be made yet (it needs a site and a service).
type touchpointsData struct {
	Rows, Retired         []touchpointRow
	HasSites, HasServices bool
}

func (s *Server) touchpoints(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	tps, err := s.App.Touchpoints.ListTouchpoints(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	sites, err := s.App.Sites.ListSites(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	services, err := s.App.Services.ListServices(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	siteByID := map[int64]*tandem.Site{}
	for _, x := range sites {
		siteByID[x.ID] = x
	}
	svcByID := map[int64]*tandem.Service{}
	for _, x := range services {
		svcByID[x.ID] = x
	}
	d := touchpointsData{HasSites: len(sites) > 0, HasServices: len(services) > 0}
	for _, t := range tps {
		row := touchpointRow{t, siteByID[t.SiteID], svcByID[t.ServiceID], s.customerLink(r, t)}
		if t.Retired() {
			d.Retired = append(d.Retired, row)
		} else {
			d.Rows = append(d.Rows, row)
		}
	}
	p := s.newPage(w, r, "manage.touchpoints.title", "touchpoints")
	p.Data = d
	s.render(w, http.StatusOK, "touchpoints", p)
	return nil
}

// customerLink is the public address a touchpoint's QR code opens. Without
// a configured PublicURL it is the address this request came to.
func (s *Server) customerLink(r *http.Request, t *tandem.Touchpoint) string {
	return s.publicBase(r) + "/t/" + t.Code
}

// findTouchpoint loads the touchpoint in the path, within the viewer's org.
func (s *Server) findTouchpoint(r *http.Request) (*tandem.Touchpoint, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.App.Touchpoints.FindTouchpoint(r.Context(), viewerFrom(r.Context()).Org.ID, id)
}

func (s *Server) qrSVG(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findTouchpoint(r)
	if err != nil {
		return err
	}
	_, m, err := newQR(s.customerLink(r, t))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write([]byte(m.svg()))
	return nil
}

func (s *Server) qrPNG(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findTouchpoint(r)
	if err != nil {
		return err
	}
	q, _, err := newQR(s.customerLink(r, t))
	if err != nil {
		return err
	}
	png, err := q.PNG(1024)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="tandem-`+t.Code+`.png"`)
	}
	w.Write(png)
	return nil
}

type posterData struct {
	Org        *tandem.Organization
	Touchpoint *tandem.Touchpoint
	Service    *tandem.Service
	Steps      []tandem.Step
	Link       string
	QR         qrMatrix
	LogoW      int // the logo's size on the poster, in CSS pixels
	LogoH      int
}

// poster is a printable A4 page in the language asked for (?lang=), which
// may differ from the manager's own: a Finnish manager prints Russian posters.
func (s *Server) poster(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	t, err := s.findTouchpoint(r)
	if err != nil {
		return err
	}
	svc, err := s.App.Services.FindService(ctx, v.Org.ID, t.ServiceID)
	if err != nil {
		return err
	}
	d := posterData{Org: v.Org, Touchpoint: t, Service: svc, Link: s.customerLink(r, t)}
	if b, err := s.App.Services.CurrentBlueprint(ctx, v.Org.ID, svc.ID); err == nil {
		d.Steps = b.CustomerSteps()
	} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return err
	}
	if _, d.QR, err = newQR(d.Link); err != nil {
		return err
	}
	lang := r.URL.Query().Get("lang")
	if !s.Catalog.Has(lang) || !tandem.SupportedLanguage(lang) {
		lang = v.User.Lang
		if ck, err := r.Cookie(view.LangCookie); err == nil && s.Catalog.Has(ck.Value) {
			lang = ck.Value
		}
	}
	if err := s.App.PosterOpened(ctx, v.Org); err != nil { // the first-run checklist's step
		return err
	}
	d.LogoW, d.LogoH = v.Org.LogoBox(96)
	pr := s.Catalog.Printer(lang)
	p := &page{Page: view.Page{Lang: pr.Lang, P: pr}, User: v.User, Org: v.Org, loc: v.Loc, Data: d}
	p.Title = svc.Name.Get(p.Lang)
	s.print.Render(w, http.StatusOK, "poster", p)
	return nil
}
