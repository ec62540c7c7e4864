package postgres_test

import (
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// BenchmarkCreateFeedbackParallel measures the group-committed feedback
// writer on PostgreSQL.
func BenchmarkCreateFeedbackParallel(b *testing.B) {
	storetest.BenchCreateFeedback(b, storetest.NewPostgres(b))
}
