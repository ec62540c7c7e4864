// Package tune sets the Go runtime's knobs for a Tandem server, in one
// place, so the server and its benchmarks run alike.
package tune

import (
	"os"
	"runtime/debug"
)

// GCPercent is the garbage collector's target unless GOGC says otherwise.
//
// Tandem's live heap is small (tens of MB even with the touchpoints,
// blueprints and staff lists the API and the store keep cached), so
// at Go's default of 100 the collector runs many times a second under
// ingestion load: measured at 64 clients on two cores it took about a tenth
// of the CPU, and raising the target to 400 lifted throughput by 10–15 %
// for a peak heap still well under 200 MB.
const GCPercent = 400

// GC applies GCPercent unless the GOGC environment variable is set.
func GC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(GCPercent)
	}
}
