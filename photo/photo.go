// Package photo accepts pictures people upload (a report of an empty soap
// dispenser, the crew's proof that the work is done) and turns them into
// what Tandem stores: the type is recognized from the bytes, never from a
// file name or a claimed Content-Type; only JPEG, PNG and WebP are taken;
// the picture is decoded, turned upright as the camera recorded, scaled
// down to at most MaxSide pixels on its long side and encoded afresh, so
// nothing but pixels survives: no EXIF, no GPS position, no comments.
// Opaque pictures are stored as JPEG, pictures with transparency as PNG.
//
// A decompression bomb (a small file declaring a huge picture) is refused
// from its header, before any pixel memory is allocated.
package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/tandemhq/tandem"
)

// Limits of an accepted photo.
const (
	// MaxBytes is the largest file taken: a phone's full-size photo fits.
	MaxBytes = 8 << 20
	// MaxPixels is the largest picture decoded, by its declared size: 40
	// megapixels, more than phones take, so a bomb is refused unread.
	MaxPixels = 40_000_000
	// MaxSide is the longest side of a stored photo, in pixels.
	MaxSide = 2048
	// Quality is the JPEG quality photos are stored at.
	Quality = 85
)

// decoding bounds how many pictures are decoded at once: a 40-megapixel
// picture takes some 160 MB while it is worked on, so a burst of uploads
// waits its turn rather than running the server out of memory.
var decoding = make(chan struct{}, 2)

// Field is the form and JSON field the errors name.
const Field = "photo"

var (
	errEmpty      = tandem.Invalid(Field, "error.photo_empty")
	errTooLarge   = tandem.Invalid(Field, "error.photo_too_large")
	errType       = tandem.Invalid(Field, "error.photo_type")
	errUnreadable = tandem.Invalid(Field, "error.photo_unreadable")
	errDimensions = tandem.Invalid(Field, "error.photo_dimensions")
)

// format is one kind of file taken.
type format struct {
	decode func(io.Reader) (image.Image, error)
	config func(io.Reader) (image.Config, error)
}

var (
	jpegFormat = format{jpeg.Decode, jpeg.DecodeConfig}
	pngFormat  = format{png.Decode, png.DecodeConfig}
	webpFormat = format{webp.Decode, webp.DecodeConfig}
)

// sniff recognizes a file by its first bytes.
func sniff(data []byte) (format, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return jpegFormat, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return pngFormat, true
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return webpFormat, true
	}
	return format{}, false
}

// Accept reads an uploaded picture of at most maxBytes (MaxBytes when 0 or
// less, and never more) from r and returns the photo to store, with its
// Type, Width, Height and Bytes set, and its encoded bytes. A refusal is
// an EINVALID error on the field "photo" whose key says why:
// error.photo_empty, error.photo_too_large, error.photo_type,
// error.photo_dimensions or error.photo_unreadable. Any other error is
// the reader's own.
func Accept(r io.Reader, maxBytes int64) (*tandem.Photo, []byte, error) {
	if maxBytes <= 0 || maxBytes > MaxBytes {
		maxBytes = MaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nil, errTooLarge
		}
		return nil, nil, err
	}
	switch {
	case len(data) == 0:
		return nil, nil, errEmpty
	case int64(len(data)) > maxBytes:
		return nil, nil, errTooLarge
	}
	f, ok := sniff(data)
	if !ok {
		return nil, nil, errType
	}
	// The header first, so a small file declaring a huge picture costs
	// nothing.
	cfg, err := f.config(bytes.NewReader(data))
	if err != nil {
		return nil, nil, errUnreadable
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, nil, errDimensions
	}
	decoding <- struct{}{}
	defer func() { <-decoding }()
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, nil, errUnreadable
	}
	out := fit(img, MaxSide)
	if bytes.HasPrefix(data, []byte("\xff\xd8")) {
		out = orient(out, jpegOrientation(data))
	}
	p := &tandem.Photo{Width: out.Bounds().Dx(), Height: out.Bounds().Dy()}
	var buf bytes.Buffer
	if out.Opaque() {
		p.Type = tandem.PhotoJPEG
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: Quality})
	} else {
		p.Type = tandem.PhotoPNG
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out)
	}
	if err != nil {
		return nil, nil, err
	}
	p.Bytes = buf.Len()
	return p, buf.Bytes(), nil
}

// fit draws img into a new RGBA picture whose long side is at most side
// pixels, keeping the aspect; a picture that fits is copied as it is.
func fit(img image.Image, side int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > side || h > side {
		if w >= h {
			w, h = side, max(1, int(int64(h)*int64(side)/int64(w)))
		} else {
			w, h = max(1, int(int64(w)*int64(side)/int64(h))), side
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	} else {
		draw.BiLinear.Scale(out, out.Bounds(), img, b, draw.Src, nil)
	}
	return out
}

// jpegOrientation returns the EXIF orientation (1 to 8) recorded in a
// JPEG's APP1 segment, or 1 (upright) when there is none or it cannot be
// read. Phones store a photo as the sensor saw it and record there how to
// turn it; since the EXIF is dropped, the turn is applied to the pixels.
func jpegOrientation(data []byte) int {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of the first IFD of an EXIF TIFF block.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	off := int64(order.Uint32(t[4:]))
	if off+2 > int64(len(t)) {
		return 1
	}
	n := int64(order.Uint16(t[off:]))
	for e := off + 2; e+12 <= int64(len(t)) && e < off+2+12*n; e += 12 {
		if order.Uint16(t[e:]) == 0x0112 && order.Uint16(t[e+2:]) == 3 { // SHORT
			if v := int(order.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// orient turns img upright by its EXIF orientation o.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return img
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for sy := 0; sy < h; sy++ {
		for sx := 0; sx < w; sx++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-sx, sy
			case 3: // upside down
				dx, dy = w-1-sx, h-1-sy
			case 4: // mirrored upside down
				dx, dy = sx, h-1-sy
			case 5: // transposed
				dx, dy = sy, sx
			case 6: // turn clockwise
				dx, dy = h-1-sy, sx
			case 7: // transverse
				dx, dy = h-1-sy, w-1-sx
			case 8: // turn counter-clockwise
				dx, dy = sy, w-1-sx
			}
			copy(out.Pix[out.PixOffset(dx, dy):][:4], img.Pix[img.PixOffset(sx, sy):][:4])
		}
	}
	return out
}
