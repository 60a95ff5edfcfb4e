package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/onestop-fi/onestop/internal/catalogue"
)

// The user interface speaks the languages of catalogue.UILanguages; its
// text lives in messages/<lang>.json, one flat object of key → text per
// language. A key missing from any language fails start-up, so a page can
// never show a bare key to a resident.

//go:embed messages/*.json
var messageFiles embed.FS

// langCookie names the cookie that keeps a chosen language.
const langCookie = "lang"

// messages are the user-interface texts of every language.
type messages map[string]map[string]string

func loadMessages() (messages, error) {
	m := messages{}
	for _, lang := range catalogue.UILanguages {
		b, err := messageFiles.ReadFile("messages/" + lang + ".json")
		if err != nil {
			return nil, fmt.Errorf("messages: %w", err)
		}
		var texts map[string]string
		if err := json.Unmarshal(b, &texts); err != nil {
			return nil, fmt.Errorf("messages/%s.json: %w", lang, err)
		}
		m[lang] = texts
	}
	if missing := m.missing(); len(missing) > 0 {
		return nil, fmt.Errorf("messages: keys missing or empty: %s", strings.Join(missing, "; "))
	}
	return m, nil
}

// missing lists "lang: key" for every key some language has and another
// lacks or leaves empty.
func (m messages) missing() []string {
	keys := map[string]bool{}
	for _, texts := range m {
		for k := range texts {
			keys[k] = true
		}
	}
	var out []string
	for _, lang := range catalogue.UILanguages {
		for k := range keys {
			if m[lang][k] == "" {
				out = append(out, lang+": "+k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// text returns the message key in lang, formatted with args when given.
// An unknown key, which the tests rule out, shows as the key itself.
func (m messages) text(lang, key string, args ...any) string {
	s, ok := m[lang][key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// languages chooses a request's language.
type languages struct {
	tags    []language.Tag
	matcher language.Matcher
	// names name other languages in each UI language ("arabia",
	// "arabiska", "Arabic").
	names map[string]display.Namer
	// collators sort names the way each language does (Å, Ä and Ö after Z).
	collators map[string]*collate.Collator
}

func newLanguages() *languages {
	l := &languages{names: map[string]display.Namer{}, collators: map[string]*collate.Collator{}}
	for _, code := range catalogue.UILanguages {
		tag := language.Make(code)
		l.tags = append(l.tags, tag)
		l.names[code] = display.Tags(tag)
		l.collators[code] = collate.New(tag)
	}
	l.matcher = language.NewMatcher(l.tags)
	return l
}

// valid reports whether lang is a language of the user interface.
func validLang(lang string) bool { return slices.Contains(catalogue.UILanguages, lang) }

// of returns the language of r: the lang cookie when it names a UI
// language, else the best match for Accept-Language. Without the header
// the page is in Finnish; when the header names only languages we do not
// have (German, say), English is the likelier to be understood.
func (l *languages) of(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && validLang(c.Value) {
		return c.Value
	}
	header := r.Header.Get("Accept-Language")
	if header == "" {
		return catalogue.UILanguages[0]
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return catalogue.UILanguages[0]
	}
	_, i, conf := l.matcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return catalogue.UILanguages[i]
}

// name returns the name of the language code in the UI language lang,
// or the code itself when it has none.
func (l *languages) name(lang, code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := l.names[lang].Name(tag); n != "" {
		return n
	}
	return code
}

// sortByName sorts items by their name in lang, in that language's order.
func sortByName[T any](l *languages, lang string, items []T, name func(T) string) {
	c := l.collators[lang]
	slices.SortStableFunc(items, func(a, b T) int { return c.CompareString(name(a), name(b)) })
}

// setLanguage keeps the chosen language in a cookie and returns to the
// page the switcher was on.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if !validLang(lang) {
		s.errorPage(w, r, http.StatusBadRequest, fmt.Sprintf("The language %q is not one of %s.", lang, strings.Join(catalogue.UILanguages, ", ")))
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     langCookie,
		Value:    lang,
		Path:     "/",
		MaxAge:   int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// localPath returns next when it is a path on this site, else "/". It
// refuses what a browser would take for another host: "//evil.example",
// "/\evil.example" (browsers read the backslash as a slash), schemes and
// control characters.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	return next
}
