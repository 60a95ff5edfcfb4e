package oidctest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const (
	testClientID     = "onestop"
	testClientSecret = "not-a-real-secret"
	callbackURL      = "https://onestop.test/auth/callback"
)

var aino = User{
	Subject:       "8c1f0e2a-aino",
	Email:         "aino.virtanen@kela.example",
	Name:          "Aino Virtanen",
	EmailVerified: true,
}

// relyingParty is onestop's side of a sign-in, set up the way the real
// sign-in code sets up go-oidc and x/oauth2.
type relyingParty struct {
	t        *testing.T
	ctx      context.Context
	provider *oidc.Provider
	config   oauth2.Config
}

// newRelyingParty starts a provider with the callback registered and
// discovers it.
func newRelyingParty(t *testing.T) (*Provider, *relyingParty) {
	t.Helper()
	p := Start(t, testClientID, testClientSecret)
	p.AllowRedirect(callbackURL)
	ctx := t.Context()
	provider, err := oidc.NewProvider(ctx, p.URL)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	return p, &relyingParty{
		t:        t,
		ctx:      ctx,
		provider: provider,
		config: oauth2.Config{
			ClientID:     testClientID,
			ClientSecret: testClientSecret,
			Endpoint:     provider.Endpoint(),
			RedirectURL:  callbackURL,
			Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
		},
	}
}

// attempt is one sign-in's secrets, as the relying party keeps them in the
// user's session between redirect and callback.
type attempt struct {
	state, nonce, verifier string
}

func newAttempt() attempt {
	return attempt{state: oauth2.GenerateVerifier(), nonce: oauth2.GenerateVerifier(), verifier: oauth2.GenerateVerifier()}
}

// get requests u as a browser would but stops at the first redirect, where
// the browser would come back to onestop's callback.
func (rp *relyingParty) get(u string) *http.Response {
	rp.t.Helper()
	noFollow := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(rp.ctx, http.MethodGet, u, nil)
	if err != nil {
		rp.t.Fatal(err)
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		rp.t.Fatalf("GET %s: %v", u, err)
	}
	resp.Body.Close()
	return resp
}

// callback sends the browser to the authorize endpoint and returns the
// query it comes back to the callback with.
func (rp *relyingParty) callback(authURL string) url.Values {
	rp.t.Helper()
	resp := rp.get(authURL)
	if resp.StatusCode != http.StatusFound {
		rp.t.Fatalf("authorize: status %d, want 302", resp.StatusCode)
	}
	loc, err := resp.Location()
	if err != nil {
		rp.t.Fatalf("authorize: %v", err)
	}
	back := *loc
	back.RawQuery = ""
	if back.String() != callbackURL {
		rp.t.Fatalf("authorize redirected to %s, want the callback %s", loc, callbackURL)
	}
	return loc.Query()
}

// authorize runs the browser leg of a sign-in with PKCE and returns the
// code, checking that the state came back.
func (rp *relyingParty) authorize(a attempt) string {
	rp.t.Helper()
	q := rp.callback(rp.config.AuthCodeURL(a.state, oidc.Nonce(a.nonce), oauth2.S256ChallengeOption(a.verifier)))
	if q.Get("state") != a.state {
		rp.t.Fatalf("state = %q, want %q", q.Get("state"), a.state)
	}
	if q.Get("code") == "" {
		rp.t.Fatalf("no code in callback: %v", q)
	}
	return q.Get("code")
}

// exchange trades the code for tokens and returns them with the raw ID
// token.
func (rp *relyingParty) exchange(code, verifier string) (*oauth2.Token, string, error) {
	tok, err := rp.config.Exchange(rp.ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, "", err
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		rp.t.Fatal("token response has no id_token")
	}
	return tok, raw, nil
}

// verify checks the ID token as the callback handler must: signature,
// issuer, audience and expiry through go-oidc, then the nonce.
func (rp *relyingParty) verify(raw, nonce string) (*oidc.IDToken, error) {
	idToken, err := rp.provider.Verifier(&oidc.Config{ClientID: testClientID}).Verify(rp.ctx, raw)
	if err != nil {
		return nil, err
	}
	if idToken.Nonce != nonce {
		return nil, errors.New("nonce does not match the session's")
	}
	return idToken, nil
}

type profile struct {
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name"`
}

func TestSignInRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		style oauth2.AuthStyle
	}{
		{"auto-detect", oauth2.AuthStyleAutoDetect},
		{"client_secret_basic", oauth2.AuthStyleInHeader},
		{"client_secret_post", oauth2.AuthStyleInParams},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, rp := newRelyingParty(t)
			p.SetUser(aino)
			rp.config.Endpoint.AuthStyle = tc.style

			a := newAttempt()
			tok, raw, err := rp.exchange(rp.authorize(a), a.verifier)
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if tok.TokenType != "Bearer" || tok.AccessToken == "" || tok.Expiry.IsZero() {
				t.Errorf("token = %q %q expiring %v, want a Bearer token with an expiry", tok.TokenType, tok.AccessToken, tok.Expiry)
			}
			idToken, err := rp.verify(raw, a.nonce)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if err := idToken.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Errorf("at_hash: %v", err)
			}
			if idToken.Subject != aino.Subject {
				t.Errorf("subject = %q, want %q", idToken.Subject, aino.Subject)
			}
			var got profile
			if err := idToken.Claims(&got); err != nil {
				t.Fatal(err)
			}
			if want := (profile{aino.Email, true, aino.Name}); got != want {
				t.Errorf("claims = %+v, want %+v", got, want)
			}

			info, err := rp.provider.UserInfo(rp.ctx, oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatalf("userinfo: %v", err)
			}
			if info.Subject != aino.Subject || info.Email != aino.Email || !info.EmailVerified {
				t.Errorf("userinfo = %+v, want %+v", info, aino)
			}
		})
	}
}

func TestDiscoveryAdvertisesWhatIsImplemented(t *testing.T) {
	_, rp := newRelyingParty(t)
	var doc struct {
		Issuer           string   `json:"issuer"`
		ResponseTypes    []string `json:"response_types_supported"`
		SubjectTypes     []string `json:"subject_types_supported"`
		SigningAlgs      []string `json:"id_token_signing_alg_values_supported"`
		ChallengeMethods []string `json:"code_challenge_methods_supported"`
		AuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := rp.provider.Claims(&doc); err != nil {
		t.Fatal(err)
	}
	got := strings.Join([]string{
		strings.Join(doc.ResponseTypes, " "),
		strings.Join(doc.SubjectTypes, " "),
		strings.Join(doc.SigningAlgs, " "),
		strings.Join(doc.ChallengeMethods, " "),
		strings.Join(doc.AuthMethods, " "),
	}, "|")
	if want := "code|public|RS256|S256|client_secret_basic client_secret_post"; got != want {
		t.Errorf("discovery = %s, want %s", got, want)
	}
}

// wantTokenError checks that an exchange failed with the OAuth error code.
func wantTokenError(t *testing.T, err error, code string) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("exchange error = %v, want OAuth error %s", err, code)
	}
	if re.ErrorCode != code {
		t.Fatalf("exchange error code = %q (%v), want %q", re.ErrorCode, err, code)
	}
}

func TestCodeIsSingleUse(t *testing.T) {
	_, rp := newRelyingParty(t)
	a := newAttempt()
	code := rp.authorize(a)
	if _, _, err := rp.exchange(code, a.verifier); err != nil {
		t.Fatalf("first exchange: %v", err)
	}
	_, _, err := rp.exchange(code, a.verifier)
	wantTokenError(t, err, "invalid_grant")
}

func TestCodeExpiresAfterAMinute(t *testing.T) {
	p, rp := newRelyingParty(t)
	a := newAttempt()
	code := rp.authorize(a)
	p.advance(codeLifetime + 1)
	_, _, err := rp.exchange(code, a.verifier)
	wantTokenError(t, err, "invalid_grant")
}

func TestWrongClientSecretIsRefused(t *testing.T) {
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInHeader, oauth2.AuthStyleInParams} {
		_, rp := newRelyingParty(t)
		a := newAttempt()
		code := rp.authorize(a)

		rp.config.ClientSecret = "guessed"
		rp.config.Endpoint.AuthStyle = style
		_, _, err := rp.exchange(code, a.verifier)
		wantTokenError(t, err, "invalid_client")
		if re := (*oauth2.RetrieveError)(nil); errors.As(err, &re) && re.Response.StatusCode != http.StatusUnauthorized {
			t.Errorf("auth style %d: status %d, want 401", style, re.Response.StatusCode)
		}

		// A client that cannot authenticate must not be able to burn
		// the real client's code.
		rp.config.ClientSecret = testClientSecret
		if _, _, err := rp.exchange(code, a.verifier); err != nil {
			t.Errorf("auth style %d: exchange with the right secret after a wrong one: %v", style, err)
		}
	}
}

func TestUnregisteredRedirectIsRefusedWithoutRedirecting(t *testing.T) {
	for _, redirectURI := range []string{
		"https://evil.example/auth/callback",
		callbackURL + "/",
		callbackURL + "?next=/admin",
		"",
	} {
		_, rp := newRelyingParty(t)
		rp.config.RedirectURL = redirectURI
		a := newAttempt()
		resp := rp.get(rp.config.AuthCodeURL(a.state, oidc.Nonce(a.nonce), oauth2.S256ChallengeOption(a.verifier)))
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("redirect_uri %q: status %d, want 400", redirectURI, resp.StatusCode)
		}
		if loc := resp.Header.Get("Location"); loc != "" {
			t.Errorf("redirect_uri %q: redirected to %s", redirectURI, loc)
		}
	}
}

func TestCodeIsBoundToItsRedirectURI(t *testing.T) {
	p, rp := newRelyingParty(t)
	p.AllowRedirect("https://onestop.test/other/callback")
	a := newAttempt()
	code := rp.authorize(a)
	rp.config.RedirectURL = "https://onestop.test/other/callback"
	_, _, err := rp.exchange(code, a.verifier)
	wantTokenError(t, err, "invalid_grant")
}

func TestUserInfoRefusesUnknownTokens(t *testing.T) {
	_, rp := newRelyingParty(t)
	_, err := rp.provider.UserInfo(rp.ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "made-up", TokenType: "Bearer"}))
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("userinfo with a made-up token: err = %v, want 401", err)
	}
}

func TestWrongPKCEVerifierIsRefused(t *testing.T) {
	_, rp := newRelyingParty(t)
	a := newAttempt()
	code := rp.authorize(a)
	_, _, err := rp.exchange(code, oauth2.GenerateVerifier())
	wantTokenError(t, err, "invalid_grant")
}

func TestPKCECannotBeDowngraded(t *testing.T) {
	_, rp := newRelyingParty(t)
	a := newAttempt()

	// Without a challenge the flow works without a verifier...
	q := rp.callback(rp.config.AuthCodeURL(a.state, oidc.Nonce(a.nonce)))
	if _, err := rp.config.Exchange(rp.ctx, q.Get("code")); err != nil {
		t.Fatalf("exchange without PKCE: %v", err)
	}
	// ...but a verifier for a code issued without a challenge is refused.
	q = rp.callback(rp.config.AuthCodeURL(a.state, oidc.Nonce(a.nonce)))
	_, _, err := rp.exchange(q.Get("code"), a.verifier)
	wantTokenError(t, err, "invalid_grant")
}

func TestDenyRedirectsWithAccessDenied(t *testing.T) {
	p, rp := newRelyingParty(t)
	p.Deny(true)
	a := newAttempt()
	q := rp.callback(rp.config.AuthCodeURL(a.state, oidc.Nonce(a.nonce), oauth2.S256ChallengeOption(a.verifier)))
	if q.Get("error") != "access_denied" || q.Get("state") != a.state || q.Has("code") {
		t.Errorf("callback query = %v, want error=access_denied with the state and no code", q)
	}

	p.Deny(false)
	rp.authorize(a)
}

func TestAuthorizeRefusesBadRequests(t *testing.T) {
	p, rp := newRelyingParty(t)
	good := url.Values{
		"response_type":         {"code"},
		"client_id":             {testClientID},
		"redirect_uri":          {callbackURL},
		"scope":                 {"openid email"},
		"state":                 {"st"},
		"code_challenge":        {oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())},
		"code_challenge_method": {"S256"},
	}
	for _, tc := range []struct {
		name      string
		change    func(url.Values)
		wantError string // in the redirect; empty for a 400 page
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "someone-else") }, ""},
		{"implicit flow", func(q url.Values) { q.Set("response_type", "id_token") }, "unsupported_response_type"},
		{"no openid scope", func(q url.Values) { q.Set("scope", "email profile") }, "invalid_scope"},
		{"no state", func(q url.Values) { q.Del("state") }, "invalid_request"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge_method", "plain") }, "invalid_request"},
		{"PKCE without method", func(q url.Values) { q.Del("code_challenge_method") }, "invalid_request"},
		{"malformed challenge", func(q url.Values) { q.Set("code_challenge", "short") }, "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := url.Values{}
			for k, v := range good {
				q[k] = v
			}
			tc.change(q)
			u := p.URL + "/authorize?" + q.Encode()
			if tc.wantError == "" {
				if resp := rp.get(u); resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
					t.Errorf("status %d, Location %q; want 400 and no redirect", resp.StatusCode, resp.Header.Get("Location"))
				}
				return
			}
			back := rp.callback(u)
			if back.Get("error") != tc.wantError || back.Has("code") {
				t.Errorf("callback query = %v, want error=%s and no code", back, tc.wantError)
			}
		})
	}
	// The table starts from a request that works.
	rp.callback(p.URL + "/authorize?" + good.Encode())
}

func TestFaultyIDTokensAreRejected(t *testing.T) {
	for _, tc := range []struct {
		fault   Fault
		wantErr string // part of the verification error; empty for none
	}{
		{NoFault, ""},
		{WrongNonce, "nonce"},
		{WrongAudience, "audience"},
		{WrongIssuer, "different provider"},
		{Expired, "expired"},
		{BadSignature, "signature"},
	} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			p, rp := newRelyingParty(t)
			p.Tamper(tc.fault)
			a := newAttempt()
			_, raw, err := rp.exchange(rp.authorize(a), a.verifier)
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			_, err = rp.verify(raw, a.nonce)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("verify: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("verify accepted an ID token with %v", tc.fault)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("verify error = %v, want one about %s", err, tc.wantErr)
			}
			if tc.fault == Expired && !errors.As(err, new(*oidc.TokenExpiredError)) {
				t.Errorf("verify error = %v, want *oidc.TokenExpiredError", err)
			}

			// The fault lasts until it is cleared.
			p.Tamper(NoFault)
			a = newAttempt()
			_, raw, err = rp.exchange(rp.authorize(a), a.verifier)
			if err != nil {
				t.Fatalf("exchange after clearing the fault: %v", err)
			}
			if _, err := rp.verify(raw, a.nonce); err != nil {
				t.Errorf("verify after clearing the fault: %v", err)
			}
		})
	}
}

func TestConcurrentSignIns(t *testing.T) {
	p, rp := newRelyingParty(t)
	users := []User{aino, {Subject: "b", Email: "b@pori.example"}, {Subject: "c", Email: "c@espoo.example"}}
	// The group returns when all its parallel sign-ins have finished.
	t.Run("group", func(t *testing.T) {
		for i := range 12 {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				rp := &relyingParty{t: t, ctx: t.Context(), provider: rp.provider, config: rp.config}
				p.SetUser(users[i%len(users)])
				a := newAttempt()
				_, raw, err := rp.exchange(rp.authorize(a), a.verifier)
				if err != nil {
					t.Fatalf("exchange: %v", err)
				}
				if _, err := rp.verify(raw, a.nonce); err != nil {
					t.Fatalf("verify: %v", err)
				}
			})
		}
	})
}
