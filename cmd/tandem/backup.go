package main

import (
	"archive/tar"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tandemhq/tandem/sqlite"
)

// A backup is one tar file: the database as "tandem.db", a consistent
// snapshot taken while the server runs, and the photo files as "photos/…".
// Photos are written once and never changed, and a photo's file is on disk
// before its row is committed, so the photos present after the snapshot
// include every one the snapshot names.

const pgBackupHelp = "with PostgreSQL (--db), back up with pg_dump and restore with pg_restore, or use the server's point-in-time recovery: see docs/operations.md"

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	file, args := lastArg(args)
	c, err := parseConfig("backup", args, stderr, "data", nil)
	if err != nil {
		return err
	}
	if c.DB != "" {
		return fmt.Errorf("%w: %s", errUsage, pgBackupHelp)
	}
	if file == "" {
		return fmt.Errorf("%w: give the file to write: tandem backup [--data DIR] FILE", errUsage)
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("%s exists already: give a new file name", file)
	}
	src := c.sqlitePath()
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(file), ".tandem-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	start := time.Now()
	fmt.Fprintf(stdout, "Copying %s (%s, and its WAL) while it stays in use…\n", src, megabytes(info.Size()))
	snap := filepath.Join(tmp, "tandem.db")
	if err := withProgress(stdout, snap, info.Size(), func() error { return sqlite.Snapshot(ctx, src, snap) }); err != nil {
		return err
	}
	sum, err := sqlite.Check(ctx, snap)
	if err != nil {
		return fmt.Errorf("the copy fails its check, nothing written: %w", err)
	}
	photos, err := writeBackup(file, snap, c.photoDir())
	if err != nil {
		return err
	}
	st, _ := os.Stat(file)
	fmt.Fprintf(stdout, "Backed up to %s (%s) in %s: %s, %d photos; integrity ok.\n",
		file, megabytes(st.Size()), time.Since(start).Round(time.Millisecond), sum, photos)
	return nil
}

func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	file, args := lastArg(args)
	var replace bool
	c, err := parseConfig("restore", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.BoolVar(&replace, "replace", false, "replace the database in --data, kept beside it under a .replaced name")
	})
	if err != nil {
		return err
	}
	if c.DB != "" {
		return fmt.Errorf("%w: %s", errUsage, pgBackupHelp)
	}
	if file == "" {
		return fmt.Errorf("%w: give the backup file: tandem restore [--data DIR] [--replace] FILE", errUsage)
	}
	release, err := lockData(c.DataDir)
	if err != nil {
		return err
	}
	defer release()
	dst := c.sqlitePath()
	if _, err := os.Stat(dst); err == nil && !replace {
		return fmt.Errorf("%s holds a database already: give --replace to replace it (it is kept beside under a .replaced name)", dst)
	}

	tmp, err := os.MkdirTemp(c.DataDir, ".restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(stdout, "Reading %s…\n", file)
	if err := readBackup(file, tmp); err != nil {
		return err
	}
	sum, err := sqlite.Check(ctx, filepath.Join(tmp, "tandem.db"))
	if err != nil {
		return fmt.Errorf("not restored: %w", err)
	}
	fmt.Fprintf(stdout, "The backup holds %s; integrity ok.\n", sum)

	// Whatever was there goes aside, a crashed server's WAL with its
	// database: a stale -wal beside a restored file would be replayed
	// into it.
	stamp := time.Now().Format("20060102-150405")
	for _, name := range []string{"tandem.db", "tandem.db-wal", "tandem.db-shm", "photos"} {
		old := filepath.Join(c.DataDir, name)
		if _, err := os.Lstat(old); err == nil {
			if err := os.Rename(old, old+".replaced-"+stamp); err != nil {
				return err
			}
		}
	}
	if err := os.Rename(filepath.Join(tmp, "tandem.db"), dst); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(tmp, "photos")); err == nil {
		if err := os.Rename(filepath.Join(tmp, "photos"), c.photoDir()); err != nil {
			return err
		}
	}
	if err := syncDir(c.DataDir); err != nil {
		return err
	}
	after, err := sqlite.Check(ctx, dst)
	if err != nil {
		return fmt.Errorf("the restored database fails its check: %w", err)
	}
	fmt.Fprintf(stdout, "Restored into %s: %s; integrity ok. Start the server with --migrate if this backup is from an older version.\n", c.DataDir, after)
	return nil
}

// lastArg splits off a trailing argument that is not a flag.
func lastArg(args []string) (string, []string) {
	if n := len(args); n > 0 && !strings.HasPrefix(args[n-1], "-") {
		return args[n-1], args[:n-1]
	}
	return "", args
}

// withProgress runs copy, telling every two seconds how far the file being
// written has grown.
func withProgress(w io.Writer, path string, total int64, copy func() error) error {
	done := make(chan error, 1)
	go func() { done <- copy() }()
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			if st, err := os.Stat(path); err == nil {
				fmt.Fprintf(w, "  %s of about %s written\n", megabytes(st.Size()), megabytes(total))
			}
		}
	}
}

// writeBackup writes the archive to file through a temporary name, synced
// before it takes the final one, and reports how many photos it holds.
func writeBackup(file, db, photoDir string) (photos int, err error) {
	tmp := file + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	tw := tar.NewWriter(f)
	if err := addFile(tw, db, "tandem.db"); err != nil {
		return 0, err
	}
	err = filepath.WalkDir(photoDir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == photoDir {
			return fs.SkipAll // no photos yet
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		rel, err := filepath.Rel(photoDir, path)
		if err != nil {
			return err
		}
		photos++
		return addFile(tw, path, "photos/"+filepath.ToSlash(rel))
	})
	if err != nil {
		return 0, err
	}
	if err := tw.Close(); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return photos, os.Rename(tmp, file)
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// readBackup unpacks a backup into dir, synced to disk, refusing any name
// that would land outside it.
func readBackup(file, dir string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	tr := tar.NewReader(f)
	seenDB := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s is not a Tandem backup: %w", file, err)
		}
		name := filepath.FromSlash(h.Name)
		if h.Typeflag != tar.TypeReg || !filepath.IsLocal(name) || (name != "tandem.db" && !strings.HasPrefix(name, "photos"+string(filepath.Separator))) {
			return fmt.Errorf("%s is not a Tandem backup: unexpected entry %q", file, h.Name)
		}
		seenDB = seenDB || name == "tandem.db"
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, tr); err != nil {
			out.Close()
			return err
		}
		if err := out.Sync(); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	if !seenDB {
		return fmt.Errorf("%s is not a Tandem backup: it holds no tandem.db", file)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
