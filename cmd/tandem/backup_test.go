package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestBackupRestore backs up a running server's data while customers post
// feedback, restores it into an empty directory, and checks that the
// restored database holds what the backup holds and passes SQLite's
// integrity check; a restore beside a running server is refused, and a
// stale WAL left by a crashed server is moved aside rather than replayed.
func TestBackupRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := mustBuild(t)
	dir := t.TempDir()
	dataA, dataB, dataC := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	addr := freeAddr(t)
	srv := start(t, bin, addr, "demo", "--data", dataA, "--addr", addr)
	code := customerLink.FindStringSubmatch(srv.out.String())[1]
	// A photo file, as a report's, to travel with the database.
	must(t, os.MkdirAll(filepath.Join(dataA, "photos", "1"), 0o700))
	must(t, os.WriteFile(filepath.Join(dataA, "photos", "1", "p.jpg"), []byte("\xff\xd8\xff a photo"), 0o600))

	// Customers post feedback for the whole backup.
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	posted := 0
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				body := fmt.Sprintf(`{"touchpoint":%q,"overall":%d,"comment":"client %d, %d"}`, code, 1+i%5, c, i)
				req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/api/v1/feedback", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					posted++
					mu.Unlock()
				}
			}
		}()
	}
	for {
		mu.Lock()
		n := posted
		mu.Unlock()
		if n >= 200 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	file := filepath.Join(dir, "tandem-backup.tar")
	out, err := exec.Command(bin, "backup", "--data", dataA, file).CombinedOutput()
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatalf("backup under load: %v\n%s", err, out)
	}
	holds := regexp.MustCompile(`: (\d+ organizations?, \d+ feedback, .*\(schema version \d+\)), 1 photos?; integrity ok`).FindSubmatch(out)
	if holds == nil {
		t.Fatalf("backup did not say what it holds, with the photo:\n%s", out)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode = %v, %v; want 0600", info.Mode(), err)
	}

	// Not beside the running server.
	out, err = exec.Command(bin, "restore", "--data", dataA, "--replace", file).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "server is running") {
		t.Errorf("restore beside a running server = %v:\n%s", err, out)
	}

	// Into an empty directory: the same counts, integrity ok, the photo.
	out, err = exec.Command(bin, "restore", "--data", dataB, file).CombinedOutput()
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Restored into "+dataB+": "+string(holds[1])+"; integrity ok") {
		t.Errorf("restored database differs from the backup (%s):\n%s", holds[1], out)
	}
	if b, err := os.ReadFile(filepath.Join(dataB, "photos", "1", "p.jpg")); err != nil || !strings.Contains(string(b), "a photo") {
		t.Errorf("photo not restored: %v", err)
	}

	// Beside a crashed server's stale WAL, which must not be replayed.
	must(t, os.MkdirAll(dataC, 0o700))
	must(t, os.WriteFile(filepath.Join(dataC, "tandem.db-wal"), []byte("stale pages of another database"), 0o600))
	out, err = exec.Command(bin, "restore", "--data", dataC, file).CombinedOutput()
	if err != nil {
		t.Fatalf("restore beside a stale WAL: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dataC, "tandem.db-wal")); err == nil {
		if b, _ := os.ReadFile(filepath.Join(dataC, "tandem.db-wal")); strings.Contains(string(b), "stale") {
			t.Error("the stale WAL is still beside the restored database")
		}
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	srv.cmd.Wait()
	addrC := freeAddr(t)
	start(t, bin, addrC, "serve", "--data", dataC, "--addr", addrC)
}
