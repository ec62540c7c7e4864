package app

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXSheets: rows past a worksheet's limit continue on another sheet,
// the header repeated.
func TestXLSXSheets(t *testing.T) {
	defer func(n int) { xlsxSheetRows = n }(xlsxSheetRows)
	xlsxSheetRows = 3 // the header and two rows a sheet
	var out bytes.Buffer
	s, err := newXLSXSink("Отзывы", &out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.header([]string{"ID", "Комментарий"}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		if err := s.row([]any{i, fmt.Sprintf("kahvi %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"Отзывы": {"1", "2"}, "Отзывы 2": {"3", "4"}, "Отзывы 3": {"5"}}
	if got := book.GetSheetList(); len(got) != len(want) {
		t.Fatalf("sheets %q, want 3", got)
	}
	for sheet, ids := range want {
		rows, err := book.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(ids)+1 || rows[0][1] != "Комментарий" {
			t.Errorf("%s: rows %q, want the header and %v", sheet, rows, ids)
			continue
		}
		for i, id := range ids {
			if rows[i+1][0] != id {
				t.Errorf("%s row %d = %q, want id %s", sheet, i+1, rows[i+1], id)
			}
		}
	}
}
