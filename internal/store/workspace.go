package store

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"taizhang/internal/atomicfile"
)

// Names of the files and folders of a workspace.
const (
	DBName      = "taizhang.db"
	KeyName     = "taizhang.key"
	LockName    = "taizhang.lock"
	PlanName    = "任务清单.xlsx"
	OutDir      = "out"
	KeySize     = 32
	SchemaLevel = 1
)

// ErrNoWorkspace means the folder is not a workspace.
var ErrNoWorkspace = errors.New("not a workspace")

// ErrExists means a workspace is already there.
var ErrExists = errors.New("workspace exists")

// ErrLocked means another run holds the workspace.
var ErrLocked = errors.New("workspace locked")

// Workspace is an open workspace.
type Workspace struct {
	Dir    string
	ID     string
	Backup string // where Init with Force put the workspace it replaced; "" otherwise
	db     *sql.DB
	key    []byte
	lock   *os.File
}

// Key is the signing key; callers must never print or write it.
func (w *Workspace) Key() []byte { return w.key }

// PlanPath is the workspace's plan workbook.
func (w *Workspace) PlanPath() string { return filepath.Join(w.Dir, PlanName) }

// Exists reports whether dir holds a workspace.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, DBName))
	return err == nil
}

// InitOptions say how a workspace is made.
type InitOptions struct {
	Force bool      // replace an existing workspace (its records are kept in a dated backup)
	Now   time.Time // when it is made
	// Key and ID are given only for the demo and synthetic workspaces, so that their bundled
	// returns carry valid signatures; a real workspace's key and id are random.
	Key []byte
	ID  string
}

// Init creates a workspace in dir with a plan: the folder, the key, the database and the plan
// copy (all mode 0600, see private), with the plan recorded as installed. With Force an existing workspace is
// replaced: the lock is taken first, and its database and key are moved into a dated backup
// folder (w.Backup), never deleted.
func Init(dir string, pf PlanFile, opts InitOptions) (*Workspace, error) {
	key, id := opts.Key, opts.ID
	if key == nil {
		key = make([]byte, KeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("make key: %w", err)
		}
	}
	if id == "" {
		idb := make([]byte, 8)
		if _, err := rand.Read(idb); err != nil {
			return nil, fmt.Errorf("make id: %w", err)
		}
		id = hex.EncodeToString(idb)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("key of %d bytes", len(key))
	}
	if pf.Plan == nil || pf.Findings.HasErrors() {
		return nil, fmt.Errorf("plan with errors")
	}
	exists := Exists(dir)
	if exists && !opts.Force {
		return nil, ErrExists
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := &Workspace{Dir: dir, ID: id, key: key}
	if err := w.lockIt(); err != nil {
		return nil, err
	}
	keepPrivate(dir) // the lock of a workspace replaced with Force
	if exists {
		backup, err := backupWorkspace(dir, opts.Now)
		if err != nil {
			w.Close()
			return nil, err
		}
		w.Backup = backup
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, KeyName), 0o600, key); err != nil {
		w.Close()
		return nil, err
	}
	db, err := openDB(filepath.Join(dir, DBName))
	if err != nil {
		w.Close()
		return nil, err
	}
	w.db = db
	if err := w.setMeta(map[string]string{"workspace_id": w.ID, "created": opts.Now.UTC().Format(time.RFC3339), "schema": strconv.Itoa(SchemaLevel)}); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.installPlan(pf, "", opts.Now); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// backupWorkspace moves a workspace's database and key into a new folder 备份-YYYYMMDD-HHMMSS
// inside it, and returns that folder.
func backupWorkspace(dir string, now time.Time) (string, error) {
	name := "备份-" + now.Local().Format("20060102-150405")
	backup := filepath.Join(dir, name)
	for i := 2; ; i++ {
		if _, err := os.Stat(backup); os.IsNotExist(err) {
			break
		}
		backup = filepath.Join(dir, fmt.Sprintf("%s-%d", name, i))
	}
	if err := os.Mkdir(backup, 0o700); err != nil {
		return "", err
	}
	for _, n := range []string{DBName, DBName + "-wal", DBName + "-shm", KeyName, PlanName} {
		err := os.Rename(filepath.Join(dir, n), filepath.Join(backup, n))
		if err != nil && !os.IsNotExist(err) {
			return "", err
		}
	}
	return backup, nil
}

// Open opens the workspace in dir and locks it for this run.
func Open(dir string) (*Workspace, error) {
	if !Exists(dir) {
		return nil, ErrNoWorkspace
	}
	key, err := os.ReadFile(filepath.Join(dir, KeyName))
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("key file %s has %d bytes, want %d", KeyName, len(key), KeySize)
	}
	w := &Workspace{Dir: dir, key: key}
	if err := w.lockIt(); err != nil {
		return nil, err
	}
	keepPrivate(dir)
	db, err := openDB(filepath.Join(dir, DBName))
	if err != nil {
		w.Close()
		return nil, err
	}
	w.db = db
	if w.ID, err = w.meta("workspace_id"); err != nil || w.ID == "" {
		w.Close()
		return nil, fmt.Errorf("workspace database has no id: %v", err)
	}
	return w, nil
}

// private are the files of a workspace that only the office's account may read: the
// database with its -wal and -shm, the key, the plan copy (with the units' contacts) and the
// lock.
var private = []string{DBName, DBName + "-wal", DBName + "-shm", KeyName, PlanName, LockName}

// keepPrivate narrows the private files that exist to mode 0600: a workspace made by an
// earlier version made some readable by everyone. It is best effort; Windows has no such
// modes.
func keepPrivate(dir string) {
	for _, n := range private {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
			os.Chmod(p, st.Mode().Perm()&0o700)
		}
	}
}

func (w *Workspace) lockIt() error {
	f, err := os.OpenFile(filepath.Join(w.Dir, LockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return fmt.Errorf("lock workspace: %w", err)
	}
	if !ok {
		f.Close()
		return ErrLocked
	}
	w.lock = f
	return nil
}

// Close closes the database and releases the lock.
func (w *Workspace) Close() error {
	var err error
	if w.db != nil {
		err = w.db.Close()
		w.db = nil
	}
	if w.lock != nil {
		w.lock.Close()
		w.lock = nil
	}
	return err
}

func (w *Workspace) setMeta(kv map[string]string) error {
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for k, v := range kv {
		if _, err := tx.Exec(`INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (w *Workspace) meta(key string) (string, error) {
	var v string
	err := w.db.QueryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	return v, err
}

// PlanByFingerprint returns the bytes of an installed plan with the fingerprint; ok=false when
// no plan of this workspace had it.
func (w *Workspace) PlanByFingerprint(fingerprint string) ([]byte, bool, error) {
	var digest string
	err := w.db.QueryRow(`SELECT sha256 FROM plans WHERE fingerprint = ? ORDER BY id DESC LIMIT 1`, fingerprint).Scan(&digest)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	data, err := w.Archived(digest)
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}
