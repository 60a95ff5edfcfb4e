package hours

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError reports a value the parser does not accept. Pos is the
// 1-based character (not byte) position in the value where the problem
// starts, so it can be shown to the person who typed the value.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("at character %d: %s", e.Pos, e.Msg)
}

type tokKind int

const (
	tkNone    tokKind = iota // the zero token, past the end
	tkWeekday                // val: time.Weekday
	tkMonth                  // val: 1..12
	tkNumber                 // val: the number, n: digit count
	tkColon
	tkDash
	tkComma
	tkSlash
	tkPlus
	tkLBrack
	tkRBrack
	tkSemi
	tkFallback // ||
	tkComment  // text
	tkState    // val: state
	tkPH
	tkWeek
	tk247
)

type token struct {
	kind tokKind
	val  int
	n    int
	text string
	pos  int // byte offset in the value
}

var weekdayWords = map[string]int{"Su": 0, "Mo": 1, "Tu": 2, "We": 3, "Th": 4, "Fr": 5, "Sa": 6}

var monthWords = map[string]int{
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
	"Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}

// unsupportedWords are parts of the OSM syntax we deliberately reject with
// a precise reason rather than misreading them.
var unsupportedWords = map[string]string{
	"SH":       "school holidays (SH) are not defined for Finland",
	"easter":   "easter-based dates are not supported; use explicit dates",
	"sunrise":  "variable times (sunrise, sunset, dawn, dusk) need coordinates and are not supported",
	"sunset":   "variable times (sunrise, sunset, dawn, dusk) need coordinates and are not supported",
	"dawn":     "variable times (sunrise, sunset, dawn, dusk) need coordinates and are not supported",
	"dusk":     "variable times (sunrise, sunset, dawn, dusk) need coordinates and are not supported",
	"day":      "day offsets (such as +1 day) are not supported",
	"days":     "day offsets (such as +1 day) are not supported",
	"late":     "open ends are not supported; give a closing time",
	"openend":  "open ends are not supported; give a closing time",
	"holiday":  `write public holidays as "PH"`,
	"holidays": `write public holidays as "PH"`,
}

type lexer struct {
	src string
}

func (lx *lexer) errAt(pos int, format string, args ...any) *SyntaxError {
	if pos > len(lx.src) {
		pos = len(lx.src)
	}
	return &SyntaxError{Pos: utf8.RuneCountInString(lx.src[:pos]) + 1, Msg: fmt.Sprintf(format, args...)}
}

// context returns a short quote of the text before pos for messages such
// as `expected a time after "Mo-Fr "`.
func (lx *lexer) context(pos int) string {
	if pos > len(lx.src) {
		pos = len(lx.src)
	}
	s := lx.src[:pos]
	if utf8.RuneCountInString(s) > 24 {
		r := []rune(s)
		s = "…" + string(r[len(r)-24:])
	}
	return fmt.Sprintf("%q", s)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func (lx *lexer) tokens() ([]token, error) {
	s := lx.src
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, lx.errAt(i, "comment is not closed: expected a closing \"")
			}
			toks = append(toks, token{kind: tkComment, text: s[i+1 : i+1+j], pos: i})
			i += j + 2
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if s[i:j] == "24" && strings.HasPrefix(s[j:], "/7") && (j+2 == len(s) || !isDigit(s[j+2])) {
				toks = append(toks, token{kind: tk247, pos: i})
				i = j + 2
				continue
			}
			if j-i > 4 {
				return nil, lx.errAt(i, "number %s is too long", s[i:j])
			}
			v := 0
			for _, d := range s[i:j] {
				v = v*10 + int(d-'0')
			}
			toks = append(toks, token{kind: tkNumber, val: v, n: j - i, text: s[i:j], pos: i})
			i = j
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			w := s[i:j]
			t := token{pos: i, text: w}
			if v, ok := weekdayWords[w]; ok {
				t.kind, t.val = tkWeekday, v
			} else if v, ok := monthWords[w]; ok {
				t.kind, t.val = tkMonth, v
			} else if st, ok := stateWords[w]; ok {
				t.kind, t.val = tkState, int(st)
			} else if w == "PH" {
				t.kind = tkPH
			} else if w == "week" {
				t.kind = tkWeek
			} else if why, ok := unsupportedWords[w]; ok {
				return nil, lx.errAt(i, "%s", why)
			} else {
				return nil, lx.errAt(i, "unknown word %q: expected a weekday (Mo-Su), month (Jan-Dec), PH, week, open, off, closed or unknown", w)
			}
			toks = append(toks, t)
			i = j
		case c == '|' && strings.HasPrefix(s[i:], "||"):
			toks = append(toks, token{kind: tkFallback, pos: i})
			i += 2
		default:
			k, ok := map[byte]tokKind{':': tkColon, '-': tkDash, ',': tkComma, '/': tkSlash,
				'+': tkPlus, '[': tkLBrack, ']': tkRBrack, ';': tkSemi}[c]
			if !ok {
				r, _ := utf8.DecodeRuneInString(s[i:])
				return nil, lx.errAt(i, "unexpected character %q", r)
			}
			toks = append(toks, token{kind: k, pos: i})
			i++
		}
	}
	return toks, nil
}

var stateWords = map[string]State{"open": Open, "closed": Closed, "off": Closed, "unknown": Unknown}
