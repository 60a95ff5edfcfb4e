// Package app is the onestop program: configuration from flags with
// environment fallbacks, wiring of the store and the web server, and the
// subcommands. main only calls Run, so tests run the real program.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
)

// version is set at build time with -ldflags "-X …/internal/app.version=v1.2.3";
// otherwise the VCS revision of the build is used.
var version = ""

// Version returns the program's version.
func Version() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			if dirty {
				rev += "-dirty"
			}
			return "dev-" + rev
		}
	}
	return "dev"
}

const usage = `onestop runs joint service points and their service network.

Usage:
  onestop serve [flags]     run the web server (--demo loads the demo centres)
  onestop migrate [flags]   apply database migrations and exit
  onestop hours VALUE       evaluate an opening_hours value (--tz, --from, --to)
  onestop user add|role|password [flags]
                            add a staff account, give or take a role, reset a password
  onestop retention [flags] anonymise customer data past the retention period
  onestop bench booking [flags]
                            national-scale booking benchmark on a fresh database
  onestop bench queue [flags]
                            walk-in queue benchmark: tickets, calls, lobby displays
  onestop version           print the version

Run "onestop COMMAND -h" for the flags of a command.
`

// Run runs the program with args (without the program name) and returns
// its exit code: 0 on success, 1 on failure, 2 on a usage error.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = runServe(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		err = runMigrate(ctx, rest, getenv, stdout, stderr)
	case "hours":
		err = runHours(ctx, rest, getenv, stdout, stderr)
	case "user":
		err = runUser(ctx, rest, getenv, stdout, stderr)
	case "retention":
		err = runRetention(ctx, rest, getenv, stdout, stderr)
	case "bench":
		err = runBench(ctx, rest, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "onestop", Version())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "onestop: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "onestop "+cmd+":", err)
		return 2
	}
	fmt.Fprintln(stderr, "onestop "+cmd+":", err)
	return 1
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// newFlagSet makes a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("onestop "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args; a flag not given on the command line takes its value
// from the environment variable named in envs, if set.
func parse(fs *flag.FlagSet, args []string, getenv func(string) string, envs map[string]string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for name, env := range envs {
		if v := getenv(env); v != "" && !given[name] {
			if err := fs.Set(name, v); err != nil {
				return usageError{fmt.Sprintf("%s=%q: %v", env, v, err)}
			}
		}
	}
	return nil
}

// newLogger makes the structured logger: text for people, JSON for
// log collectors.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Sprintf("log level %q is not one of debug, info, warn, error", level)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("log format %q is not text or json", format)}
}
