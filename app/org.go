package app

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/tandemhq/tandem"
)

// An organization's own settings: its name, the default language of its
// staff pages, its time zone and its brand (the accent colour and logo the
// customer pages and posters show). Only owners change them; the faces
// check the role, these use cases check the values.

// OrgInput is an organization's fields to change (nil: unchanged).
type OrgInput struct {
	Name     *string
	Lang     *string
	TimeZone *string
	Colour   *string // "#rrggbb", "" for the default accent
	// RequireTwoFactor: owners and managers must use two-step sign-in.
	RequireTwoFactor *bool
}

// UpdateOrganization changes the fields of in that are set. A refused
// change is EINVALID with the field at fault and changes nothing.
func (a *App) UpdateOrganization(ctx context.Context, orgID int64, in OrgInput) (*tandem.Organization, error) {
	o, err := a.Orgs.FindOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if in.Name != nil {
		o.Name = strings.TrimSpace(*in.Name)
	}
	if in.Lang != nil {
		o.Lang = strings.TrimSpace(*in.Lang)
		if o.Lang == "" { // Validate would quietly make it English
			return nil, tandem.Invalid("lang", "error.language")
		}
	}
	if in.TimeZone != nil {
		o.TimeZone = strings.TrimSpace(*in.TimeZone)
		if o.TimeZone == "" { // Validate would quietly make it UTC
			return nil, tandem.Invalid("time_zone", "error.time_zone")
		}
	}
	if in.Colour != nil {
		o.Colour = *in.Colour
	}
	if in.RequireTwoFactor != nil {
		o.RequireTwoFactor = *in.RequireTwoFactor
	}
	if err := a.Orgs.UpdateOrg(ctx, o); err != nil {
		return nil, err
	}
	a.forgetOrg(orgID)
	return o, nil
}

// forgetOrg drops what the customer paths remember of an organization.
func (a *App) forgetOrg(orgID int64) { a.caches.orgs.forget(orgID) }

// Logo limits: the file a manager uploads, and the largest picture it may
// hold before it is scaled down to at most logoMaxWidth × logoMaxHeight
// (twice the size it is shown at, for sharp high-density screens).
const (
	MaxLogoBytes  = 512 << 10
	maxLogoPixels = 4096
	logoMaxWidth  = 640
	logoMaxHeight = 160
)

// SetLogo checks, cleans and stores an organization's logo. Only PNG and
// JPEG are taken, recognized by their first bytes rather than any file
// name; the picture is decoded, scaled down if large and encoded afresh as
// PNG, so nothing but pixels survives (no metadata, no scripts).
func (a *App) SetLogo(ctx context.Context, orgID int64, data []byte) (*tandem.Organization, error) {
	logo, err := CleanLogo(data)
	if err != nil {
		return nil, err
	}
	if _, err := a.Orgs.SetOrgLogo(ctx, orgID, logo); err != nil {
		return nil, err
	}
	a.forgetOrg(orgID)
	return a.Orgs.FindOrg(ctx, orgID)
}

// RemoveLogo removes an organization's logo.
func (a *App) RemoveLogo(ctx context.Context, orgID int64) (*tandem.Organization, error) {
	if _, err := a.Orgs.SetOrgLogo(ctx, orgID, nil); err != nil {
		return nil, err
	}
	a.forgetOrg(orgID)
	return a.Orgs.FindOrg(ctx, orgID)
}

// CleanLogo turns an uploaded file into the logo to store, or refuses it
// with the reason (EINVALID on the field "logo").
func CleanLogo(data []byte) (*tandem.Logo, error) {
	switch {
	case len(data) == 0:
		return nil, tandem.Invalid("logo", "error.logo_empty")
	case len(data) > MaxLogoBytes:
		return nil, tandem.Invalid("logo", "error.logo_size")
	}
	var decode func([]byte) (image.Image, error)
	var config func([]byte) (image.Config, error)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	default:
		return nil, tandem.Invalid("logo", "error.logo_type")
	}
	// The header first, so a small file claiming a huge picture is refused
	// before any memory is spent on it.
	cfg, err := config(data)
	if err != nil {
		return nil, tandem.Invalid("logo", "error.logo_broken")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxLogoPixels || cfg.Height > maxLogoPixels {
		return nil, tandem.Invalid("logo", "error.logo_dimensions")
	}
	img, err := decode(data)
	if err != nil {
		return nil, tandem.Invalid("logo", "error.logo_broken")
	}
	img = shrink(img, logoMaxWidth, logoMaxHeight)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, err
	}
	b := img.Bounds()
	return &tandem.Logo{PNG: buf.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}

// shrink scales img down to fit maxW × maxH, averaging the source pixels
// that fall on each new one; a picture that fits is returned as it is.
func shrink(img image.Image, maxW, maxH int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= maxW && h <= maxH {
		return img
	}
	nw, nh := maxW, h*maxW/w
	if nh > maxH {
		nw, nh = w*maxH/h, maxH
	}
	nw, nh = max(nw, 1), max(nh, 1)
	sums := make([][5]uint64, nw*nh) // r, g, b, a (premultiplied), count
	for y := 0; y < h; y++ {
		dy := y * nh / h
		for x := 0; x < w; x++ {
			r, g, bl, al := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			s := &sums[dy*nw+x*nw/w]
			s[0] += uint64(r)
			s[1] += uint64(g)
			s[2] += uint64(bl)
			s[3] += uint64(al)
			s[4]++
		}
	}
	out := image.NewRGBA64(image.Rect(0, 0, nw, nh))
	for i, s := range sums {
		if s[4] == 0 {
			continue
		}
		o := out.PixOffset(i%nw, i/nw)
		for c := 0; c < 4; c++ {
			v := s[c] / s[4]
			out.Pix[o+2*c], out.Pix[o+2*c+1] = uint8(v>>8), uint8(v)
		}
	}
	return out
}

// Checklist is the first-run list of an organization that is not yet set
// up: each step done or not, in the order they are best done.
type Checklist struct {
	Site, Service, Touchpoint, Poster, Feedback bool
}

// Done reports whether every step is done, when the list is no longer shown.
func (c Checklist) Done() bool {
	return c.Site && c.Service && c.Touchpoint && c.Poster && c.Feedback
}

// FirstRun reads how far an organization has come in setting up, from what
// it has stored: a site, a service with a published blueprint, a
// touchpoint, a poster opened and feedback received.
func (a *App) FirstRun(ctx context.Context, org *tandem.Organization) (Checklist, error) {
	c := Checklist{Poster: !org.PosterOpenedAt.IsZero()}
	sites, err := a.Sites.ListSites(ctx, org.ID)
	if err != nil {
		return c, err
	}
	c.Site = len(sites) > 0
	services, err := a.Services.ListServices(ctx, org.ID)
	if err != nil {
		return c, err
	}
	for _, s := range services {
		c.Service = c.Service || s.Version > 0
	}
	tps, err := a.Touchpoints.ListTouchpoints(ctx, org.ID)
	if err != nil {
		return c, err
	}
	c.Touchpoint = len(tps) > 0
	fb, err := a.Feedback.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: org.ID, Limit: 1})
	if err != nil {
		return c, err
	}
	c.Feedback = len(fb) > 0
	return c, nil
}

// PosterOpened records that a poster of the organization was opened, once:
// the first-run checklist's "print a poster" step.
func (a *App) PosterOpened(ctx context.Context, org *tandem.Organization) error {
	if !org.PosterOpenedAt.IsZero() {
		return nil
	}
	return a.Orgs.MarkPosterOpened(ctx, org.ID, a.now())
}
