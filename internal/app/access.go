package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/web"
)

// DefaultRetention keeps customer data two years after its last change.
const DefaultRetention = 2 * 365 * 24 * time.Hour

// retentionInterval is how often the retention job runs.
const retentionInterval = 24 * time.Hour

// dataKeys returns the keys for identity codes: from configuration, else
// on SQLite from a key file beside the database (made on first start,
// readable by its owner only). On PostgreSQL without a key there are
// none, and storing an identity code is refused with a clear message.
func dataKeys(cfg Config, db *store.DB, log *slog.Logger) (*access.Keys, error) {
	key := cfg.DataKey
	if key == "" && db.Engine == store.SQLite {
		path := cfg.Database + ".key"
		b, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			key = access.GenerateDataKey()
			if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
				return nil, fmt.Errorf("write data key: %w", err)
			}
			log.Info("made a data key for identity codes; back it up with the database", "file", path)
		case err != nil:
			return nil, fmt.Errorf("read data key: %w", err)
		default:
			key = strings.TrimSpace(string(b))
		}
	}
	if key == "" {
		log.Warn("no data key configured (ONESTOP_DATA_KEY): personal identity codes cannot be stored")
		return nil, nil
	}
	raw, err := access.ParseDataKey(key)
	if err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	return access.NewKeys(raw)
}

// readOIDC reads the providers file: a JSON array of
// {"organisation", "name", "issuer", "client_id", "client_secret"}.
func readOIDC(path string) ([]web.OIDCProvider, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oidc: %w", err)
	}
	var ps []web.OIDCProvider
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ps); err != nil {
		return nil, fmt.Errorf("oidc %s: %w", path, err)
	}
	return ps, nil
}

// retainEvery runs the retention job now and then every interval until
// ctx ends.
func retainEvery(ctx context.Context, acc *access.Service, keep, interval time.Duration, log *slog.Logger) {
	for {
		r, err := acc.Retain(ctx, keep)
		if err != nil && ctx.Err() == nil {
			log.Error("retention", "err", err)
		} else if err == nil {
			log.Info("retention", "customers_anonymised", r.Customers, "sessions_removed", r.Sessions, "signin_failures_removed", r.SignInFailures)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// runUser is "onestop user add|role|password".
func runUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"onestop user add|role|password: say which"}
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("user "+sub, stderr)
	dsn := fs.String("db", DefaultDatabase, "SQLite file or postgres:// URL (env ONESTOP_DATABASE_URL)")
	email := fs.String("email", "", "the person's e-mail address")
	var name, role, org, point, revoke string
	var passwordFile string
	switch sub {
	case "add":
		fs.StringVar(&name, "name", "", "the person's name")
		fs.StringVar(&role, "role", "", "a role to give: admin, org_admin, point_manager, staff, interpreter or analyst")
		fs.StringVar(&org, "organisation", "", "the organisation the role is for")
		fs.StringVar(&point, "point", "", "the service point the role is for (point_manager)")
		fs.StringVar(&passwordFile, "password-file", "", "read the password from this file's first line instead of making one")
	case "role":
		fs.StringVar(&role, "grant", "", "a role to give")
		fs.StringVar(&revoke, "revoke", "", "a role to take away")
		fs.StringVar(&org, "organisation", "", "the organisation the role is for")
		fs.StringVar(&point, "point", "", "the service point the role is for (point_manager)")
	case "password":
		fs.StringVar(&passwordFile, "password-file", "", "read the password from this file's first line instead of making one")
	default:
		return usageError{fmt.Sprintf("onestop user: unknown command %q; use add, role or password", sub)}
	}
	if err := parse(fs, args, getenv, map[string]string{"db": "ONESTOP_DATABASE_URL"}); err != nil {
		return err
	}
	if *email == "" {
		return usageError{"give --email"}
	}
	db, err := openMigrated(ctx, *dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	svc := access.NewService(db.Access(), nil, access.DefaultPolicy, nil)
	by := access.SystemActor("cli")
	password := ""
	if passwordFile != "" {
		b, err := os.ReadFile(passwordFile)
		if err != nil {
			return err
		}
		password, _, _ = strings.Cut(string(b), "\n")
		password = strings.TrimRight(password, "\r")
	} else if sub != "role" {
		password = access.NewSecret("")[:20]
	}
	switch sub {
	case "add":
		a := access.Account{Email: *email, Name: name}
		if role != "" {
			a.Grants = []access.Grant{{Role: access.Role(role), Organisation: org, Point: point}}
		}
		acc, err := svc.CreateAccount(ctx, by, a, password)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s (id %d)\n", acc.Email, acc.ID)
		if passwordFile == "" {
			fmt.Fprintf(stdout, "password: %s\n(shown once; the person should change it after signing in)\n", password)
		}
	case "role":
		acc, err := db.Access().AccountByEmail(ctx, strings.ToLower(*email))
		if err != nil {
			return err
		}
		switch {
		case role != "" && revoke == "":
			g := access.Grant{Role: access.Role(role), Organisation: org, Point: point}
			if err := svc.Grant(ctx, by, acc.ID, g); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s is now %s\n", acc.Email, g)
		case revoke != "" && role == "":
			g := access.Grant{Role: access.Role(revoke), Organisation: org, Point: point}
			if err := svc.Revoke(ctx, by, acc.ID, g); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s is no longer %s\n", acc.Email, g)
		default:
			return usageError{"give either --grant ROLE or --revoke ROLE"}
		}
	case "password":
		acc, err := db.Access().AccountByEmail(ctx, strings.ToLower(*email))
		if err != nil {
			return err
		}
		if err := svc.SetPassword(ctx, by, acc.ID, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s changed; its sessions are ended\n", acc.Email)
		if passwordFile == "" {
			fmt.Fprintf(stdout, "password: %s\n", password)
		}
	}
	return nil
}

// runRetention is "onestop retention": run the retention job once.
func runRetention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("retention", stderr)
	dsn := fs.String("db", DefaultDatabase, "SQLite file or postgres:// URL (env ONESTOP_DATABASE_URL)")
	keep := fs.Duration("retention", DefaultRetention, "anonymise customer data not changed for this long (env ONESTOP_RETENTION)")
	if err := parse(fs, args, getenv, map[string]string{"db": "ONESTOP_DATABASE_URL", "retention": "ONESTOP_RETENTION"}); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := access.NewService(db.Access(), nil, access.DefaultPolicy, nil).Retain(ctx, *keep)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "anonymised %d customer records (%d consents withdrawn); removed %d ended sessions and %d old failed sign-ins\n",
		r.Customers, r.ConsentsWithdrew, r.Sessions, r.SignInFailures)
	return nil
}
