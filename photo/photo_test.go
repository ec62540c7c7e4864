package photo_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/photo"
)

// gpsMarker is text put in a JPEG's EXIF next to its GPS position; it must
// not survive.
const gpsMarker = "Helsinki Mannerheimintie 1 GPS"

// exifAPP1 builds an APP1 segment with a little-endian TIFF block: IFD0
// with an orientation, an image description and a pointer to a GPS IFD
// holding a latitude reference and a latitude.
func exifAPP1(orientation uint16) []byte {
	var t bytes.Buffer
	le := binary.LittleEndian
	w16 := func(v uint16) { binary.Write(&t, le, v) }
	w32 := func(v uint32) { binary.Write(&t, le, v) }
	desc := gpsMarker + "\x00"
	// Layout: header 8, IFD0 at 8 with 3 entries (2+36+4 = 42) -> 50,
	// GPS IFD at 50 with 2 entries (2+24+4 = 30) -> 80, then the
	// description, then the latitude (3 RATIONALs).
	const ifd0, gps = 8, 50
	descOff := uint32(80)
	latOff := descOff + uint32(len(desc))
	t.WriteString("II")
	w16(42)
	w32(ifd0)
	w16(3)
	w16(0x010e) // ImageDescription
	w16(2)      // ASCII
	w32(uint32(len(desc)))
	w32(descOff)
	w16(0x0112) // Orientation
	w16(3)      // SHORT
	w32(1)
	w16(orientation)
	w16(0)
	w16(0x8825) // GPSInfo IFD pointer
	w16(4)      // LONG
	w32(1)
	w32(gps)
	w32(0) // no next IFD
	w16(2)
	w16(0x0001) // GPSLatitudeRef
	w16(2)      // ASCII
	w32(2)
	t.WriteString("N\x00\x00\x00")
	w16(0x0002) // GPSLatitude
	w16(5)      // RATIONAL
	w32(3)
	w32(latOff)
	w32(0)
	t.WriteString(desc)
	for _, v := range []uint32{60, 1, 10, 1, 1234, 100} {
		w32(v)
	}
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// withEXIF inserts an EXIF segment right after a JPEG's start of image.
func withEXIF(jpg []byte, orientation uint16) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, exifAPP1(orientation)...)
	return append(out, jpg[2:]...)
}

// halves is a w×h picture, its left half red and its right half blue.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// accept runs Accept and decodes what it returns, checking it agrees with
// the photo's metadata.
func accept(t *testing.T, data []byte) (*tandem.Photo, []byte, image.Image) {
	t.Helper()
	p, out, err := photo.Accept(bytes.NewReader(data), 0)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	img, format, err := image.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the accepted photo does not decode: %v", err)
	}
	if "image/"+format != p.Type {
		t.Errorf("stored bytes are %s, Type says %s", format, p.Type)
	}
	if b := img.Bounds(); b.Dx() != p.Width || b.Dy() != p.Height {
		t.Errorf("stored picture is %dx%d, metadata says %dx%d", b.Dx(), b.Dy(), p.Width, p.Height)
	}
	if p.Bytes != len(out) {
		t.Errorf("Bytes = %d, len = %d", p.Bytes, len(out))
	}
	return p, out, img
}

func refused(t *testing.T, data []byte, maxBytes int64, key string) {
	t.Helper()
	refusedFrom(t, bytes.NewReader(data), maxBytes, key)
}

func refusedFrom(t *testing.T, r io.Reader, maxBytes int64, key string) {
	t.Helper()
	p, out, err := photo.Accept(r, maxBytes)
	if tandem.ErrorCode(err) != tandem.EINVALID || tandem.ErrorKey(err) != key || tandem.ErrorField(err) != "photo" {
		t.Fatalf("Accept = %v, %d bytes, %v; want EINVALID %s on photo", p, len(out), err, key)
	}
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0x9000 && g < 0x6000 && b < 0x6000
}

func isBlue(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return b > 0x9000 && r < 0x6000 && g < 0x6000
}

// A phone photo with its GPS position in the EXIF: stored downscaled to
// 2048 px on the long side, aspect kept, as a JPEG without any EXIF.
func TestJPEGLosesEXIFAndShrinks(t *testing.T) {
	src := withEXIF(encodeJPEG(t, halves(4000, 3000)), 1)
	if !bytes.Contains(src, []byte(gpsMarker)) || !bytes.Contains(src, []byte("Exif\x00\x00")) {
		t.Fatal("the test file lacks its EXIF")
	}
	if _, _, err := image.Decode(bytes.NewReader(src)); err != nil {
		t.Fatalf("the test file does not decode: %v", err)
	}
	p, out, img := accept(t, src)
	if p.Type != tandem.PhotoJPEG || p.Width != 2048 || p.Height != 1536 {
		t.Errorf("photo = %s %dx%d, want image/jpeg 2048x1536", p.Type, p.Width, p.Height)
	}
	for _, leak := range []string{gpsMarker, "Exif", "\xff\xe1"} {
		if bytes.Contains(out, []byte(leak)) {
			t.Errorf("the stored photo still holds %q", leak)
		}
	}
	if !isRed(img.At(100, 700)) || !isBlue(img.At(1900, 700)) {
		t.Errorf("pixels changed: left %v, right %v", img.At(100, 700), img.At(1900, 700))
	}
}

// A portrait photo taken with the phone turned: the sensor's picture is
// landscape and the EXIF says to turn it clockwise. Since the EXIF goes,
// the pixels are turned.
func TestJPEGTurnedUpright(t *testing.T) {
	for _, tc := range []struct {
		orientation uint16
		w, h        int
		redAt       image.Point // where the source's left half ends up
		blueAt      image.Point
	}{
		{1, 40, 20, image.Pt(5, 10), image.Pt(35, 10)},
		{3, 40, 20, image.Pt(35, 10), image.Pt(5, 10)},
		{6, 20, 40, image.Pt(10, 5), image.Pt(10, 35)},
		{8, 20, 40, image.Pt(10, 35), image.Pt(10, 5)},
	} {
		p, _, img := accept(t, withEXIF(encodeJPEG(t, halves(40, 20)), tc.orientation))
		if p.Width != tc.w || p.Height != tc.h {
			t.Errorf("orientation %d: %dx%d, want %dx%d", tc.orientation, p.Width, p.Height, tc.w, tc.h)
			continue
		}
		if !isRed(img.At(tc.redAt.X, tc.redAt.Y)) || !isBlue(img.At(tc.blueAt.X, tc.blueAt.Y)) {
			t.Errorf("orientation %d: red at %v is %v, blue at %v is %v", tc.orientation,
				tc.redAt, img.At(tc.redAt.X, tc.redAt.Y), tc.blueAt, img.At(tc.blueAt.X, tc.blueAt.Y))
		}
	}
}

func TestPNG(t *testing.T) {
	// Opaque: stored as JPEG; a tall one shrinks on its long side.
	p, _, _ := accept(t, encodePNG(t, halves(300, 5000)))
	if p.Type != tandem.PhotoJPEG || p.Height != 2048 || p.Width != 122 {
		t.Errorf("opaque PNG = %s %dx%d, want image/jpeg 122x2048", p.Type, p.Width, p.Height)
	}
	// Transparent: stays PNG, transparency kept.
	img := image.NewNRGBA(image.Rect(0, 0, 30, 20))
	img.SetNRGBA(3, 3, color.NRGBA{200, 0, 0, 255})
	p, _, out := accept(t, encodePNG(t, img))
	if p.Type != tandem.PhotoPNG || p.Width != 30 || p.Height != 20 {
		t.Errorf("transparent PNG = %s %dx%d, want image/png 30x20", p.Type, p.Width, p.Height)
	}
	if _, _, _, a := out.At(10, 10).RGBA(); a != 0 {
		t.Errorf("transparent pixel has alpha %d", a)
	}
	if !isRed(out.At(3, 3)) {
		t.Errorf("opaque pixel is %v", out.At(3, 3))
	}
}

// The WebP files in testdata were made with cwebp: a lossy 40×30 picture
// and a lossless 20×10 one with transparency.
func TestWebP(t *testing.T) {
	for _, tc := range []struct {
		file, typ string
		w, h      int
	}{
		{"testdata/opaque-40x30.webp", tandem.PhotoJPEG, 40, 30},
		{"testdata/alpha-20x10.webp", tandem.PhotoPNG, 20, 10},
	} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		p, _, _ := accept(t, data)
		if p.Type != tc.typ || p.Width != tc.w || p.Height != tc.h {
			t.Errorf("%s = %s %dx%d, want %s %dx%d", tc.file, p.Type, p.Width, p.Height, tc.typ, tc.w, tc.h)
		}
	}
}

// The type comes from the bytes: a text file named photo.jpg, an SVG, a
// GIF and an HTML page are refused whatever they claim to be.
func TestTypeFromBytes(t *testing.T) {
	for _, data := range []string{
		"no soap in the second floor kitchen\n",
		`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
		"<!DOCTYPE html><html><body>hi</body></html>",
		"RIFF\x00\x00\x00\x00WAVEfmt ",
	} {
		refused(t, []byte(data), 0, "error.photo_type")
	}
	// A multipart upload declaring image/jpeg changes nothing.
	body := &bytes.Buffer{}
	body.WriteString("--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"soap.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nnot a picture\r\n--b--\r\n")
	req := httptest.NewRequest("POST", "/", body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	f, _, err := req.FormFile("photo")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	refusedFrom(t, f, 0, "error.photo_type")
}

func TestRefused(t *testing.T) {
	small := encodeJPEG(t, halves(40, 20))
	refused(t, nil, 0, "error.photo_empty")
	refused(t, small[:len(small)/2], 0, "error.photo_unreadable")
	refused(t, []byte("\x89PNG\r\n\x1a\n garbage"), 0, "error.photo_unreadable")
	// Over the limit given, and over 8 MB whatever the limit given.
	refused(t, small, int64(len(small)-1), "error.photo_too_large")
	if _, _, err := photo.Accept(bytes.NewReader(small), int64(len(small))); err != nil {
		t.Errorf("a file of exactly the limit: %v", err)
	}
	big := append(append([]byte{}, small...), make([]byte, photo.MaxBytes)...)
	refused(t, big, 0, "error.photo_too_large")
	refused(t, big, 1<<30, "error.photo_too_large")
	// A body cut by http.MaxBytesReader is too large, not an error.
	rec := httptest.NewRecorder()
	refusedFrom(t, http.MaxBytesReader(rec, io.NopCloser(bytes.NewReader(big)), 1<<20), 0, "error.photo_too_large")
}

// pngHeader is a PNG's signature and IHDR declaring a w×h RGBA picture,
// with a valid checksum and no pixels: what a decompression bomb shows
// before its few kilobytes of compressed zeros.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	b.WriteString(strings.Repeat("\x00", 64))
	return b.Bytes()
}

// A bomb declaring 100 000 × 100 000 pixels (40 GB of RGBA) is refused
// from its header without allocating its pixels.
func TestDecompressionBomb(t *testing.T) {
	for _, data := range [][]byte{pngHeader(100_000, 100_000), pngHeader(8000, 6000), pngHeader(1, 50_000_000)} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		refused(t, data, 0, "error.photo_dimensions")
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 32<<20 {
			t.Errorf("refusing a bomb allocated %d MB", n>>20)
		}
	}
	// A JPEG whose frame header declares 65 000 × 65 000.
	jpg := encodeJPEG(t, halves(16, 16))
	i := bytes.Index(jpg, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 in the test JPEG")
	}
	binary.BigEndian.PutUint16(jpg[i+5:], 65000)
	binary.BigEndian.PutUint16(jpg[i+7:], 65000)
	refused(t, jpg, 0, "error.photo_dimensions")
}

// Every reason Accept gives has its message in every language.
func TestMessages(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range cat.Languages() {
		keys := map[string]bool{}
		for _, k := range cat.Keys(lang) {
			keys[k] = true
		}
		for _, k := range []string{"error.photo_empty", "error.photo_too_large", "error.photo_type", "error.photo_unreadable", "error.photo_dimensions"} {
			if !keys[k] {
				t.Errorf("%s: no message for %s", lang, k)
			}
		}
	}
}

// Uploads at once all get through the bounded decoder.
func TestConcurrent(t *testing.T) {
	src := encodeJPEG(t, halves(600, 400))
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, _, err := photo.Accept(bytes.NewReader(src), 0)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	// A refusal after the decoder was entered frees its slot too.
	for range 4 {
		refused(t, src[:len(src)/2], 0, "error.photo_unreadable")
	}
	if _, _, err := photo.Accept(bytes.NewReader(src), 0); err != nil {
		t.Error(err)
	}
}
