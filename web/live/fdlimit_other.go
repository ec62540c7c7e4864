//go:build !unix

package live

// FDLimit is the process's limit of open files: unknown here.
func FDLimit() uint64 { return 1024 }
