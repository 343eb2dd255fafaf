//go:build !linux

package atomicfile

// syncAll syncs every file and folder: this platform has no sync of a whole file system.
func syncAll(paths, dirs []string) error { return syncEach(paths, dirs) }
