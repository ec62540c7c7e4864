package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/postgres"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *sqlstore.DB { return storetest.NewPostgres(t) })
}

func TestCheckSchema(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err == nil || !strings.Contains(err.Error(), "tandem migrate") {
		t.Errorf("CheckSchema on a new database = %v, want an error telling to run `tandem migrate`", err)
	}
	n, err := db.Migrate(ctx)
	if err != nil || n == 0 {
		t.Fatalf("Migrate = %d, %v", n, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Errorf("CheckSchema after Migrate: %v", err)
	}
	if db.Engine() != "postgres" {
		t.Errorf("Engine() = %q", db.Engine())
	}
}
