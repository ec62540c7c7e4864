package storetest

import (
	"os"
	"testing"

	"github.com/tandemhq/tandem/sqlstore"
)

// FuzzEngineEnv names the environment variable that picks the engine a fuzz
// target runs its inputs on: "sqlite" or "postgres"; unset or empty runs
// every input on both.
const FuzzEngineEnv = "TANDEM_FUZZ_ENGINE"

// FuzzEngines returns the engines a fuzz target serves its inputs from, as
// FuzzEngineEnv picks them; an unknown name fails tb.
//
// With PostgreSQL among them, the throwaway cluster is started here and
// its URL exported as TANDEM_TEST_POSTGRES, so that the fuzzing workers
// `go test -fuzz` starts afterwards from this process's environment use
// this process's cluster (each worker its own database in it) rather than
// each starting one of its own, which a worker stopped mid-input would
// leave running. Main stops the cluster when the coordinating process ends.
func FuzzEngines(tb testing.TB) []Engine {
	tb.Helper()
	var out []Engine
	switch name := os.Getenv(FuzzEngineEnv); name {
	case "":
		out = Engines()
	case sqlstore.SQLite, sqlstore.Postgres:
		for _, e := range Engines() {
			if e.Name == name {
				out = append(out, e)
			}
		}
	default:
		tb.Fatalf("storetest: %s=%q: want %q, %q or nothing for both", FuzzEngineEnv, name, sqlstore.SQLite, sqlstore.Postgres)
	}
	for _, e := range out {
		if e.Name != sqlstore.Postgres {
			continue
		}
		if c := pgCluster(); c.err == nil && c.dir != "" && os.Getenv("TANDEM_TEST_POSTGRES") == "" {
			os.Setenv("TANDEM_TEST_POSTGRES", c.baseURL.String())
		}
	}
	return out
}
