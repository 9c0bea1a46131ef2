package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// tempFile is the part of *os.File that writeFileAtomic uses, so a test can
// inject a file whose writes fail (a full disk) without a real one.
type tempFile interface {
	io.Writer
	Name() string
	Sync() error
	Close() error
}

// fileSystem is what writeFileAtomic needs from the operating system.
type fileSystem struct {
	createTemp func(dir, pattern string) (tempFile, error)
	rename     func(from, to string) error
	remove     func(name string) error
}

var osFileSystem = fileSystem{
	createTemp: func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) },
	rename:     os.Rename,
	remove:     os.Remove,
}

// writeFileAtomic writes data to name through a temporary file in name's
// directory that is renamed over name only after every byte was written and
// synced. A failed write (disk full, permission) leaves an existing file
// untouched and removes the temporary file. The new file has mode 0644
// (subject to the umask of os.CreateTemp's 0600, widened by Chmod).
func writeFileAtomic(fsys fileSystem, name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	f, err := fsys.createTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = fsys.remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w (the existing file, if any, is unchanged)", name, err)
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w (the existing file, if any, is unchanged)", name, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w (the existing file, if any, is unchanged)", name, err)
	}
	if c, ok := f.(interface{ Chmod(os.FileMode) error }); ok {
		_ = c.Chmod(0o644)
	}
	if err = fsys.rename(tmp, name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// sameFile reports whether the paths a and b name the same file: the same
// cleaned absolute path, or (when both exist) the same inode.
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// errSameFile marks -o naming the -in file.
var errSameFile = errors.New("-o names the -in file; the brief would overwrite its own input")

// stripControls removes what a terminal would interpret rather than show:
// ANSI escape sequences (CSI, OSC and two-byte ESC forms), C0 controls other
// than newline and tab, DEL, C1 controls and Unicode bidirectional
// overrides and isolates. Invalid UTF-8 bytes become U+FFFD. The brief's
// own text contains none of these, so only user text is affected.
func stripControls(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f), isBidiControl(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isPlain(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError || isBidiControl(r) {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f ||
		r == 0x061c
}

// escapeLen returns the length of the escape sequence at the start of s
// (s[0] is ESC): CSI "ESC [ params final", OSC "ESC ] … BEL or ESC \", or a
// two-byte "ESC x".
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	default:
		_, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size
	}
}

// fence returns a backtick fence longer than any backtick run in s, so
// that s cannot close the fenced block it is put in (CommonMark §4.5).
func fence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
