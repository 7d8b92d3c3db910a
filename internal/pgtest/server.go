package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// server is a throwaway PostgreSQL cluster in a temporary folder, run from
// the local binaries and listening on a free port of 127.0.0.1.
type server struct {
	dir     string
	cmd     *exec.Cmd
	log     *os.File
	exited  chan struct{}
	url     string
	runAsPG *syscall.Credential
	// bin holds the PostgreSQL binaries; port is the one the server
	// listens on, kept across a restart.
	bin  string
	port int
	// settings are extra postgres -c name=value arguments (see StartCluster).
	settings []string
}

// startServer creates and starts a cluster. initdb refuses to run as root,
// so as root the cluster belongs to the postgres OS user.
func startServer(ctx context.Context, settings ...string) (*server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("create cluster folder: %w", err)
	}
	s := &server{dir: dir, settings: settings, bin: bin}
	if os.Getuid() == 0 {
		cred, err := postgresCredential()
		if err != nil {
			s.remove()
			return nil, err
		}
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			s.remove()
			return nil, fmt.Errorf("hand %s to the postgres user: %w", dir, err)
		}
		s.runAsPG = cred
	}
	if err := s.initdb(ctx, bin); err != nil {
		s.remove()
		return nil, err
	}
	// A port found free may be taken before postgres binds it: retry.
	for attempt := 0; ; attempt++ {
		if s.port, err = freePort(); err != nil {
			s.remove()
			return nil, err
		}
		err = s.start(ctx)
		if err == nil {
			return s, nil
		}
		if attempt == 2 {
			s.remove()
			return nil, err
		}
	}
}

// binDir finds the newest /usr/lib/postgresql/<version>/bin (Debian's
// layout), else the folder of an initdb on PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) < version(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	path, err := exec.LookPath("initdb")
	if err != nil {
		return "", errors.New("find PostgreSQL binaries: no /usr/lib/postgresql/*/bin/initdb and no initdb on PATH (install postgresql or set DATABASE_URL)")
	}
	return filepath.Dir(path), nil
}

// version reads the major version out of /usr/lib/postgresql/<v>/bin.
func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func postgresCredential() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the postgres OS user to run initdb: %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse uid of postgres %q: %w", u.Uid, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse gid of postgres %q: %w", u.Gid, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func (s *server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.runAsPG}
	return cmd
}

func (s *server) initdb(ctx context.Context, bin string) error {
	cmd := s.command(ctx, filepath.Join(bin, "initdb"),
		"-D", filepath.Join(s.dir, "data"), "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--no-locale", "--no-sync")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb in %s: %w: %s", s.dir, err, out)
	}
	return nil
}

// start starts the server on s.port, appending to its log.
func (s *server) start(ctx context.Context) error {
	port, bin := s.port, s.bin
	logFile, err := os.OpenFile(filepath.Join(s.dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("create server log: %w", err)
	}
	// Durability is worthless for a throwaway cluster; speed is not.
	cmd := s.command(context.Background(), filepath.Join(bin, "postgres"),
		"-D", filepath.Join(s.dir, "data"), "-p", strconv.Itoa(port), "-k", s.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
		"-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200")
	for _, setting := range s.settings {
		cmd.Args = append(cmd.Args, "-c", setting)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Should the test binary die without cleaning up, the postmaster gets
	// SIGQUIT (immediate shutdown) instead of lingering.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	s.cmd, s.log, s.exited = cmd, logFile, make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	s.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := s.waitReady(ctx); err != nil {
		s.stop()
		return err
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, s.url)
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-s.exited:
			return fmt.Errorf("postgres exited during start-up: %s", s.logTail())
		case <-ctx.Done():
			return fmt.Errorf("postgres not ready: %w: %s", err, s.logTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "postgres.log"))
	text := strings.TrimSpace(string(b))
	if len(text) > 2000 {
		text = text[len(text)-2000:]
	}
	return text
}

// stop asks for a fast shutdown (SIGINT: abort sessions, then exit) and
// kills the server if it has not exited within ten seconds.
func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.log.Close()
	s.cmd = nil
}

func (s *server) remove() {
	_ = os.RemoveAll(s.dir)
}
