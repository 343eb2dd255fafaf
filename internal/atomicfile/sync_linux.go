package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncAll syncs the file systems that hold the folders: once each, whatever the number of
// files.
func syncAll(paths, dirs []string) error {
	seen := map[uint64]bool{}
	for _, d := range dirs {
		f, err := os.Open(d)
		if err != nil {
			return syncEach(paths, dirs)
		}
		var st unix.Stat_t
		if unix.Fstat(int(f.Fd()), &st) == nil && seen[st.Dev] {
			f.Close()
			continue
		}
		seen[st.Dev] = true
		err = unix.Syncfs(int(f.Fd()))
		f.Close()
		if err != nil {
			return syncEach(paths, dirs)
		}
	}
	return nil
}
