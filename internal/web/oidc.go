package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// OIDCProvider lets the staff of an organisation sign in through the
// organisation's own OpenID Connect provider. Accounts are not made by
// signing in: the person's verified e-mail address must belong to an
// account with a role in the organisation.
type OIDCProvider struct {
	Organisation string `json:"organisation"`
	// Name is shown on the sign-in button ("Kela"); empty: the
	// organisation's slug.
	Name         string `json:"name"`
	Issuer       string `json:"issuer"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// oidcClients holds the configured providers; each is discovered on
// first use, so that a provider that is down does not stop start-up.
type oidcClients struct {
	mu        sync.Mutex
	config    []OIDCProvider
	providers map[string]*oidc.Provider
}

func newOIDCClients(config []OIDCProvider) (*oidcClients, error) {
	for _, p := range config {
		if !catalogue.ValidSlug(p.Organisation) {
			return nil, fmt.Errorf("oidc: %q is not an organisation slug", p.Organisation)
		}
		if u, err := url.Parse(p.Issuer); err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("oidc %s: the issuer %q is not a URL", p.Organisation, p.Issuer)
		}
		if p.ClientID == "" || p.ClientSecret == "" {
			return nil, fmt.Errorf("oidc %s: give client_id and client_secret", p.Organisation)
		}
	}
	return &oidcClients{config: config, providers: map[string]*oidc.Provider{}}, nil
}

func (c *oidcClients) configOf(org string) (OIDCProvider, bool) {
	i := slices.IndexFunc(c.config, func(p OIDCProvider) bool { return p.Organisation == org })
	if i < 0 {
		return OIDCProvider{}, false
	}
	return c.config[i], true
}

// client returns the provider and OAuth 2 configuration for org.
func (c *oidcClients) client(ctx context.Context, org, redirect string) (*oidc.Provider, *oauth2.Config, OIDCProvider, error) {
	cfg, ok := c.configOf(org)
	if !ok {
		return nil, nil, cfg, errs.NotFoundf("Organisation %q has no single sign-on configured here.", org)
	}
	c.mu.Lock()
	p, ok := c.providers[org]
	c.mu.Unlock()
	if !ok {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		var err error
		if p, err = oidc.NewProvider(ctx, cfg.Issuer); err != nil {
			return nil, nil, cfg, fmt.Errorf("discover %s: %w", cfg.Issuer, err)
		}
		c.mu.Lock()
		c.providers[org] = p
		c.mu.Unlock()
	}
	return p, &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: redirect, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}, cfg, nil
}

// oidcCookie carries state, nonce, PKCE verifier and the page to return
// to across the round trip to the provider.
const oidcCookie = "onestop_oidc"

func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimSuffix(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) oidcRedirect(r *http.Request, org string) string {
	return s.baseURL(r) + "/signin/oidc/" + org + "/callback"
}

// oidcStart sends the browser to the organisation's provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	org := r.PathValue("org")
	_, oc, _, err := s.oidc.client(r.Context(), org, s.oidcRedirect(r, org))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state, nonce, verifier := access.NewSecret(""), access.NewSecret(""), oauth2.GenerateVerifier()
	next := localPath(r.URL.Query().Get("next"))
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: strings.Join([]string{state, nonce, verifier, url.QueryEscape(next)}, "."),
		Path: "/signin/oidc/", MaxAge: 600, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusSeeOther)
}

// errOIDC is shown for any failed round trip; details go to the log.
var errOIDC = errs.E(errs.Unauthorized, "Signing in through your organisation did not succeed. Try again, or sign in with your e-mail address and password.")

// oidcCallback completes the sign-in: state and PKCE checked, the ID
// token verified (signature, issuer, audience, expiry) and its nonce
// compared, then the account found by the provider's subject or, the
// first time, by the verified e-mail address.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := r.PathValue("org")
	c, err := r.Cookie(oidcCookie)
	parts := []string{}
	if err == nil {
		parts = strings.Split(c.Value, ".")
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/signin/oidc/", MaxAge: -1, HttpOnly: true})
	q := r.URL.Query()
	if len(parts) != 4 || q.Get("state") == "" || q.Get("state") != parts[0] {
		s.signInFailed(w, r, errs.E(errs.Unauthorized, "The sign-in took too long or was started elsewhere. Start again."), "oidc state mismatch")
		return
	}
	if e := q.Get("error"); e != "" {
		s.signInFailed(w, r, errOIDC, "oidc provider error: "+e)
		return
	}
	nonce, verifier := parts[1], parts[2]
	next, _ := url.QueryUnescape(parts[3])
	p, oc, cfg, err := s.oidc.client(ctx, org, s.oidcRedirect(r, org))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tok, err := oc.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		s.signInFailed(w, r, errOIDC, "oidc exchange: "+err.Error())
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		s.signInFailed(w, r, errOIDC, "oidc verify: "+err.Error())
		return
	}
	if idt.Nonce != nonce {
		s.signInFailed(w, r, errOIDC, "oidc nonce mismatch")
		return
	}
	var claims struct {
		Email    string `json:"email"`
		Verified bool   `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		s.signInFailed(w, r, errOIDC, "oidc claims: "+err.Error())
		return
	}
	acc, err := s.oidcAccount(ctx, idt.Issuer, idt.Subject, claims.Email, claims.Verified)
	if err == nil && (acc.Disabled || !acc.Actor("").HasIn(org, access.Roles...)) {
		err = errs.E(errs.Forbidden, "Your account has no role in this organisation here. Ask your organisation's administrator.")
	}
	entry := access.AuditEntry{Actor: claims.Email, ActorUserID: acc.ID, Action: "signin", Purpose: "single sign-on via " + org,
		RequestID: requestID(r), Outcome: access.Allowed}
	if err != nil {
		entry.Outcome = access.Refused
		if aerr := s.access.Store().Audit(ctx, entry); aerr != nil {
			s.fail(w, r, aerr)
			return
		}
		s.signInFailed(w, r, err, "oidc account")
		return
	}
	if err := s.access.Store().Audit(ctx, entry); err != nil {
		s.fail(w, r, err)
		return
	}
	s.beginSession(w, r, acc, next)
}

// oidcAccount finds the account of a provider's subject, linking it by
// verified e-mail address the first time.
func (s *Server) oidcAccount(ctx context.Context, issuer, subject, email string, verified bool) (access.Account, error) {
	st := s.access.Store()
	acc, err := st.AccountByIdentity(ctx, issuer, subject)
	if err == nil || !errs.Is(err, errs.NotFound) {
		return acc, err
	}
	noAccount := errs.E(errs.Forbidden, "There is no onestop account for you yet. Ask your organisation's administrator to add one.")
	if !verified || email == "" {
		return acc, noAccount
	}
	acc, err = st.AccountByEmail(ctx, email)
	if errs.Is(err, errs.NotFound) {
		return acc, noAccount
	}
	if err != nil {
		return acc, err
	}
	return acc, st.LinkIdentity(ctx, issuer, subject, acc.ID)
}
