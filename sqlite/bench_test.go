package sqlite_test

import (
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// BenchmarkCreateFeedbackParallel measures the group-committed feedback
// writer on SQLite with synchronous=FULL.
func BenchmarkCreateFeedbackParallel(b *testing.B) {
	storetest.BenchCreateFeedback(b, storetest.NewSQLite(b))
}
