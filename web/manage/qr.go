package manage

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// qrMatrix is a QR code drawn as one SVG path, quiet zone included.
type qrMatrix struct {
	Size int    // modules per side, quiet zone included
	Path string // SVG path data of the dark modules, one unit per module
}

// newQR encodes content. Medium recovery survives a scuffed poster while
// keeping the code coarse enough for cheap phone cameras.
func newQR(content string) (*qrcode.QRCode, qrMatrix, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, qrMatrix{}, err
	}
	bits := q.Bitmap() // includes the four-module quiet zone
	var b strings.Builder
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			// One rectangle per horizontal run keeps the path short.
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	return q, qrMatrix{Size: len(bits), Path: b.String()}, nil
}

// svg returns a standalone SVG document of the matrix.
func (m qrMatrix) svg() string {
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		m.Size, m.Size, m.Size*8, m.Size*8, m.Size, m.Size, m.Path)
}
