// Package oidctest runs a small OpenID Connect provider inside a test, so
// that staff sign-in can be tested end to end through the same go-oidc and
// x/oauth2 code that talks to an organisation's real provider.
//
// The provider serves one confidential client and the authorisation code
// flow only: discovery, a JSON Web Key Set, an authorize endpoint that signs
// in a preset user without a login form, a token endpoint and userinfo. It
// checks what a real provider checks (registered redirect URIs, client
// authentication, single-use codes, PKCE) and can be told to refuse consent
// or to issue ID tokens that are wrong in one chosen way, so tests can show
// that the relying party rejects them.
package oidctest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

const (
	// codeLifetime is how long an authorisation code may wait to be
	// exchanged; RFC 6749 recommends at most ten minutes, a minute is plenty
	// for a test.
	codeLifetime = 60 * time.Second
	// tokenLifetime is how long ID and access tokens are valid.
	tokenLifetime = 5 * time.Minute
)

// User is who the provider signs in at its authorize endpoint.
type User struct {
	Subject       string
	Email         string
	Name          string
	EmailVerified bool
}

// Fault is one way in which the provider can make its ID tokens wrong.
type Fault int

const (
	NoFault Fault = iota
	// WrongNonce puts a nonce in the ID token other than the one the
	// relying party sent. go-oidc leaves the nonce to the caller.
	WrongNonce
	// WrongAudience issues the ID token to another client.
	WrongAudience
	// WrongIssuer names another issuer in the ID token.
	WrongIssuer
	// Expired issues an ID token whose expiry has passed.
	Expired
	// BadSignature signs the ID token with a key that is not in the key
	// set, under the key id of the real key.
	BadSignature
)

func (f Fault) String() string {
	switch f {
	case NoFault:
		return "NoFault"
	case WrongNonce:
		return "WrongNonce"
	case WrongAudience:
		return "WrongAudience"
	case WrongIssuer:
		return "WrongIssuer"
	case Expired:
		return "Expired"
	case BadSignature:
		return "BadSignature"
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

// Provider is an OpenID Connect provider served by an httptest.Server.
type Provider struct {
	URL          string // issuer URL (the httptest server's URL)
	ClientID     string
	ClientSecret string

	server    *httptest.Server
	key       *rsa.PrivateKey
	keyID     string
	closeOnce sync.Once

	mu           sync.Mutex
	user         User
	redirects    map[string]bool
	codes        map[string]grant
	accessTokens map[string]grant // userinfo looks these up; expires is the token's
	deny         bool
	fault        Fault
	strangerKey  *rsa.PrivateKey // signs BadSignature tokens; made on first use
	skew         time.Duration   // added to the wall clock, so tests can let codes expire
}

// grant is what an authorisation code (or an access token issued for one)
// stands for.
type grant struct {
	clientID    string
	redirectURI string
	nonce       string
	challenge   string // PKCE S256 code_challenge, empty if none was sent
	user        User
	expires     time.Time
}

// Start starts a provider for one client and closes it at the end of the
// test. No redirect URI is registered yet: call AllowRedirect. Until
// SetUser is called the provider signs in "Test User"
// <test.user@example.org>, subject "oidctest-user", email verified.
func Start(t testing.TB, clientID, clientSecret string) *Provider {
	t.Helper()
	if clientID == "" || clientSecret == "" {
		t.Fatal("oidctest: client id and secret must not be empty")
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("oidctest: generating signing key: %v", err)
	}
	// The key id is the key's RFC 7638 thumbprint: stable for the key and
	// different for any other.
	thumb, err := (&jose.JSONWebKey{Key: key.Public()}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatalf("oidctest: key thumbprint: %v", err)
	}
	p := &Provider{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		key:          key,
		keyID:        base64.RawURLEncoding.EncodeToString(thumb),
		user: User{
			Subject:       "oidctest-user",
			Email:         "test.user@example.org",
			Name:          "Test User",
			EmailVerified: true,
		},
		redirects:    make(map[string]bool),
		codes:        make(map[string]grant),
		accessTokens: make(map[string]grant),
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.serveDiscovery)
	mux.HandleFunc("GET /keys", p.serveKeys)
	mux.HandleFunc("GET /authorize", p.serveAuthorize)
	mux.HandleFunc("POST /token", p.serveToken)
	mux.HandleFunc("GET /userinfo", p.serveUserInfo)

	// The issuer URL must be known before the first request; the listener
	// of an unstarted server already has its address.
	p.server = httptest.NewUnstartedServer(mux)
	p.URL = "http://" + p.server.Listener.Addr().String()
	p.server.Start()
	t.Cleanup(p.Close)
	return p
}

// SetUser sets the user the next authorisations sign in. A code already
// issued keeps the user it was issued for.
func (p *Provider) SetUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user = u
}

// AllowRedirect registers a redirect URI. The authorize endpoint refuses
// any other, comparing URIs as exact strings as OpenID Connect requires.
func (p *Provider) AllowRedirect(uri string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.redirects[uri] = true
}

// Deny makes the authorize endpoint redirect back with
// error=access_denied, as when the user declines, until Deny(false).
func (p *Provider) Deny(yes bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deny = yes
}

// Tamper makes the ID tokens issued from now on wrong in the way f says,
// until Tamper(NoFault).
func (p *Provider) Tamper(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
}

// Close shuts the server down. Start arranges for it to be called at the
// end of the test; calling it earlier, or twice, is fine.
func (p *Provider) Close() {
	p.closeOnce.Do(p.server.Close)
}

// advance moves the provider's clock forward by d.
func (p *Provider) advance(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.skew += d
}

// now is the provider's clock; the caller holds p.mu.
func (p *Provider) now() time.Time {
	return time.Now().Add(p.skew)
}

type discovery struct {
	Issuer                 string   `json:"issuer"`
	AuthorizationEndpoint  string   `json:"authorization_endpoint"`
	TokenEndpoint          string   `json:"token_endpoint"`
	JWKSURI                string   `json:"jwks_uri"`
	UserInfoEndpoint       string   `json:"userinfo_endpoint"`
	ResponseTypes          []string `json:"response_types_supported"`
	SubjectTypes           []string `json:"subject_types_supported"`
	SigningAlgs            []string `json:"id_token_signing_alg_values_supported"`
	Scopes                 []string `json:"scopes_supported"`
	Claims                 []string `json:"claims_supported"`
	CodeChallengeMethods   []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMeths []string `json:"token_endpoint_auth_methods_supported"`
	GrantTypes             []string `json:"grant_types_supported"`
}

func (p *Provider) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, discovery{
		Issuer:                 p.URL,
		AuthorizationEndpoint:  p.URL + "/authorize",
		TokenEndpoint:          p.URL + "/token",
		JWKSURI:                p.URL + "/keys",
		UserInfoEndpoint:       p.URL + "/userinfo",
		ResponseTypes:          []string{"code"},
		SubjectTypes:           []string{"public"},
		SigningAlgs:            []string{string(jose.RS256)},
		Scopes:                 []string{"openid", "email", "profile"},
		Claims:                 []string{"iss", "sub", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"},
		CodeChallengeMethods:   []string{"S256"},
		TokenEndpointAuthMeths: []string{"client_secret_basic", "client_secret_post"},
		GrantTypes:             []string{"authorization_code"},
	})
}

func (p *Provider) serveKeys(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key:       p.key.Public(),
		KeyID:     p.keyID,
		Algorithm: string(jose.RS256),
		Use:       "sig",
	}}})
}

// serveAuthorize signs the current user in straight away and sends the
// browser back to the client with a code. Until the client and redirect URI
// are known to be good, errors are shown here; after that they go back to
// the client in the redirect (RFC 6749 section 4.1.2.1).
func (p *Provider) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirectURI := q.Get("redirect_uri")
	back, err := url.Parse(redirectURI)
	p.mu.Lock()
	registered := p.redirects[redirectURI]
	p.mu.Unlock()
	switch {
	case q.Get("client_id") != p.ClientID:
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	case !registered || err != nil:
		http.Error(w, "redirect_uri is not registered for this client", http.StatusBadRequest)
		return
	}

	state := q.Get("state")
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	refuse := func(code, description string) {
		redirect(w, r, back, url.Values{"error": {code}, "error_description": {description}, "state": {state}})
	}
	switch {
	case q.Get("response_type") != "code":
		refuse("unsupported_response_type", "only response_type=code is supported")
		return
	case !slices.Contains(strings.Fields(q.Get("scope")), "openid"):
		refuse("invalid_scope", "scope must contain openid")
		return
	case state == "":
		refuse("invalid_request", "state is required")
		return
	case challenge != "" && method != "S256":
		// Without a method RFC 7636 means "plain", which is not offered.
		refuse("invalid_request", "code_challenge_method must be S256")
		return
	case challenge == "" && method != "":
		refuse("invalid_request", "code_challenge_method without code_challenge")
		return
	case challenge != "" && !isS256Challenge(challenge):
		refuse("invalid_request", "code_challenge is not a base64url SHA-256 hash")
		return
	}

	code := rand.Text()
	p.mu.Lock()
	deny := p.deny
	if !deny {
		p.codes[code] = grant{
			clientID:    p.ClientID,
			redirectURI: redirectURI,
			nonce:       q.Get("nonce"),
			challenge:   challenge,
			user:        p.user,
			expires:     p.now().Add(codeLifetime),
		}
	}
	p.mu.Unlock()
	if deny {
		refuse("access_denied", "the user declined")
		return
	}
	redirect(w, r, back, url.Values{"code": {code}, "state": {state}})
}

// isS256Challenge reports whether s looks like an S256 code challenge: a
// SHA-256 hash in unpadded base64url.
func isS256Challenge(s string) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

// redirect sends the browser to back with params added to its query.
func redirect(w http.ResponseWriter, r *http.Request, back *url.URL, params url.Values) {
	u := *back
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token"`
}

func (p *Provider) serveToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "malformed form")
		return
	}
	form := r.PostForm
	clientID, ok := p.authenticateClient(r)
	if !ok {
		if _, _, basic := r.BasicAuth(); basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="oidctest"`)
		}
		tokenError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	if form.Get("grant_type") != "authorization_code" {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "only authorization_code is supported")
		return
	}

	// Taking the code out of the map is what makes it single use: a second
	// exchange, even a concurrent one, finds nothing. A failed exchange uses
	// the code up too, so a guessed verifier gets one try.
	code := form.Get("code")
	p.mu.Lock()
	g, found := p.codes[code]
	delete(p.codes, code)
	now := p.now()
	p.mu.Unlock()

	verifier := form.Get("code_verifier")
	switch {
	case !found || now.After(g.expires):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "unknown, used or expired code")
		return
	case g.clientID != clientID:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "code was issued to another client")
		return
	case g.redirectURI != form.Get("redirect_uri"):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorisation request")
		return
	case g.challenge == "" && verifier != "":
		// RFC 9700 section 2.1.1: a verifier without a challenge is a
		// downgrade attempt.
		tokenError(w, http.StatusBadRequest, "invalid_grant", "code_verifier sent but no code_challenge was")
		return
	case g.challenge != "" && !verifiesS256(verifier, g.challenge):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match code_challenge")
		return
	}

	accessToken := rand.Text()
	idToken, err := p.signIDToken(g, accessToken, now)
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error", "could not sign the ID token")
		return
	}
	p.mu.Lock()
	g.expires = now.Add(tokenLifetime)
	p.accessTokens[accessToken] = g
	p.mu.Unlock()

	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: accessToken,
		TokenType:   "Bearer",
		ExpiresIn:   int(tokenLifetime / time.Second),
		IDToken:     idToken,
	})
}

// authenticateClient checks the client's credentials, sent either with
// HTTP Basic (client_secret_basic) or in the form (client_secret_post), and
// returns the client id.
func (p *Provider) authenticateClient(r *http.Request) (string, bool) {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 section 2.3.1: both are form-encoded before Basic.
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil || r.PostForm.Has("client_secret") {
			return "", false // garbled, or two methods at once
		}
		if formID := r.PostForm.Get("client_id"); formID != "" && formID != id {
			return "", false
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	idOK := subtle.ConstantTimeCompare([]byte(id), []byte(p.ClientID))
	secretOK := subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret))
	return id, idOK&secretOK == 1
}

// verifiesS256 reports whether verifier hashes to challenge (RFC 7636
// section 4.6).
func verifiesS256(verifier, challenge string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

type idTokenClaims struct {
	jwt.Claims
	Nonce         string `json:"nonce,omitempty"`
	AccessHash    string `json:"at_hash"`
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name,omitempty"`
}

// signIDToken makes the ID token for g, wrong in the way the current fault
// says.
func (p *Provider) signIDToken(g grant, accessToken string, now time.Time) (string, error) {
	// at_hash is the left half of the access token's SHA-256, so a relying
	// party can tell that the two tokens belong together.
	sum := sha256.Sum256([]byte(accessToken))
	claims := idTokenClaims{
		Claims: jwt.Claims{
			Issuer:   p.URL,
			Subject:  g.user.Subject,
			Audience: jwt.Audience{g.clientID},
			IssuedAt: jwt.NewNumericDate(now),
			Expiry:   jwt.NewNumericDate(now.Add(tokenLifetime)),
		},
		Nonce:         g.nonce,
		AccessHash:    base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]),
		Email:         g.user.Email,
		EmailVerified: g.user.EmailVerified,
		Name:          g.user.Name,
	}
	key := p.key

	p.mu.Lock()
	fault := p.fault
	if fault == BadSignature && p.strangerKey == nil {
		// Held under the lock so that concurrent exchanges make one key.
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			p.mu.Unlock()
			return "", err
		}
		p.strangerKey = k
	}
	stranger := p.strangerKey
	p.mu.Unlock()

	switch fault {
	case WrongNonce:
		claims.Nonce = rand.Text() // no relying party sent this one
	case WrongAudience:
		claims.Audience = jwt.Audience{"not-" + g.clientID}
	case WrongIssuer:
		claims.Issuer = "https://impostor.example"
	case Expired:
		claims.IssuedAt = jwt.NewNumericDate(now.Add(-2 * tokenLifetime))
		claims.Expiry = jwt.NewNumericDate(now.Add(-tokenLifetime))
	case BadSignature:
		key = stranger
	}

	// The signer puts the JSON Web Key's id in the kid header; for
	// BadSignature that is the real key's id, so the relying party tries the
	// real key and the signature fails rather than the key lookup.
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: p.keyID}},
		(&jose.SignerOptions{}).WithType("JWT"),
	)
	if err != nil {
		return "", err
	}
	return jwt.Signed(signer).Claims(claims).Serialize()
}

type userInfo struct {
	Subject       string `json:"sub"`
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name,omitempty"`
}

func (p *Provider) serveUserInfo(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	g, found := p.accessTokens[token]
	now := p.now()
	if found && now.After(g.expires) {
		delete(p.accessTokens, token)
		found = false
	}
	p.mu.Unlock()
	if !ok || !found {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, "invalid access token", http.StatusUnauthorized)
		return
	}
	writeJSON(w, http.StatusOK, userInfo{
		Subject:       g.user.Subject,
		Email:         g.user.Email,
		EmailVerified: g.user.EmailVerified,
		Name:          g.user.Name,
	})
}

// tokenError writes an OAuth 2.0 error response (RFC 6749 section 5.2).
func tokenError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "oidctest: encoding response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}
