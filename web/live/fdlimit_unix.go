//go:build unix

package live

import "syscall"

// FDLimit is the process's limit of open files.
func FDLimit() uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil || r.Cur == 0 {
		return 1024
	}
	return uint64(r.Cur)
}
