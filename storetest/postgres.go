package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection
	"github.com/tandemhq/tandem/postgres"
	"github.com/tandemhq/tandem/sqlstore"
)

// A throwaway PostgreSQL cluster, started once per test binary on first use
// from the server binaries installed on the machine, in a temporary
// directory, listening on a free loopback port. Main stops it. Each
// NewPostgres call gets a database of its own in it.
//
// Set TANDEM_TEST_POSTGRES to a server URL (its database is used for
// CREATE DATABASE) to test against a running server instead.
type cluster struct {
	dir     string // temporary directory, "" for an external server
	bin     string // directory of initdb and pg_ctl
	asUser  []string
	baseURL url.URL
	admin   *sql.DB
	err     error
	missing bool // no server binaries found

	mu sync.Mutex
	n  int
}

var (
	pgOnce sync.Once
	pg     *cluster
)

func pgCluster() *cluster {
	pgOnce.Do(func() {
		pg = &cluster{}
		if u := os.Getenv("TANDEM_TEST_POSTGRES"); u != "" {
			pg.err = pg.connect(u)
			return
		}
		pg.err = pg.start()
		if pg.err != nil {
			pg.stop()
		}
	})
	return pg
}

// findBin returns the directory holding initdb and pg_ctl: PATH first, then
// the newest /usr/lib/postgresql/*/bin.
func findBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
				return d
			}
		}
	}
	return ""
}

func pgVersion(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func (c *cluster) start() error {
	c.bin = findBin()
	if c.bin == "" {
		c.missing = true
		return errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found in PATH or /usr/lib/postgresql/*/bin; install them with `apt-get install postgresql`")
	}
	// PostgreSQL refuses to run as root: run it as the postgres user, in a
	// directory that user owns, under a parent it can traverse (/tmp).
	root := os.Geteuid() == 0
	base := os.TempDir()
	if root {
		if _, err := user.Lookup("postgres"); err != nil {
			return errors.New("running as root, and there is no postgres user to run the PostgreSQL server as")
		}
		c.asUser = []string{"runuser", "-u", "postgres", "--"}
		if exec.Command("runuser", "-u", "postgres", "--", "test", "-x", base).Run() != nil {
			base = "/tmp"
		}
	}
	dir, err := os.MkdirTemp(base, "tandem-pg-")
	if err != nil {
		return err
	}
	c.dir = dir
	if err := os.Mkdir(filepath.Join(dir, "sock"), 0o700); err != nil {
		return err
	}
	if root {
		if out, err := exec.Command("chown", "-R", "postgres:postgres", dir).CombinedOutput(); err != nil {
			return fmt.Errorf("chown %s: %v: %s", dir, err, out)
		}
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	data := filepath.Join(dir, "data")
	if err := c.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		return err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=300", port, filepath.Join(dir, "sock"))
	if err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return fmt.Errorf("%v\nserver log:\n%s", err, log)
	}
	return c.connect(fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port))
}

func (c *cluster) connect(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return err
	}
	c.baseURL = *u
	c.admin, err = sql.Open("pgx", rawURL)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.admin.PingContext(ctx)
}

func (c *cluster) run(name string, args ...string) error {
	argv := append(append(append([]string{}, c.asUser...), filepath.Join(c.bin, name)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, out)
	}
	return nil
}

// stop stops the server and removes its directory.
func (c *cluster) stop() {
	if c.admin != nil {
		c.admin.Close()
	}
	if c.dir == "" {
		return
	}
	if _, err := os.Stat(filepath.Join(c.dir, "data", "postmaster.pid")); err == nil {
		c.run("pg_ctl", "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(c.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// PostgresURL returns the URL of a fresh, empty database in the throwaway
// cluster, dropped when tb ends. Without PostgreSQL binaries it skips tb,
// or fails it when the environment has CI=true.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	c := pgCluster()
	if c.err != nil {
		if c.missing && os.Getenv("CI") != "true" {
			tb.Skipf("storetest: skipping PostgreSQL tests: %v", c.err)
		}
		tb.Fatalf("storetest: PostgreSQL: %v", c.err)
	}
	c.mu.Lock()
	c.n++
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), c.n)
	c.mu.Unlock()
	ctx := context.Background()
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("storetest: create database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := c.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("storetest: drop database: %v", err)
		}
	})
	u := c.baseURL
	u.Path = "/" + name
	return u.String()
}

// NewPostgres returns a store on a fresh, migrated PostgreSQL database,
// closed and dropped when tb ends. See PostgresURL for when it skips.
func NewPostgres(tb testing.TB) *sqlstore.DB {
	tb.Helper()
	return NewPostgresWith(tb)
}

// NewPostgresWith is NewPostgres with options, as for postgres.Open.
func NewPostgresWith(tb testing.TB, opts ...sqlstore.Option) *sqlstore.DB {
	tb.Helper()
	dsn := PostgresURL(tb)
	db, err := postgres.Open(context.Background(), dsn, opts...)
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() { db.Close() }) // runs before the drop
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("storetest: migrate: %v", err)
	}
	return db
}
