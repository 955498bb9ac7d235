// Package vn owns the Vietnamese conventions of the program: text
// normalisation and matching, number and date parsing, and the way numbers
// and dates are written in a report. Reader, validator, templates and
// renderers all go through it, so a convention is decided in one place.
package vn

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Clean returns s in Unicode NFC with invisible (default-ignorable) characters removed, every
// run of white space (including non-breaking spaces and line breaks) folded
// into one space, and no leading or trailing space.
func Clean(s string) string {
	if isPlain(s) || isCleanNFC(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isInvisible(r):
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCleanNFC reports whether s is already NFC with single inner spaces
// and nothing invisible: most text in a register, which needs no copy.
func isCleanNFC(s string) bool {
	prevSpace := true // a leading space is not clean
	simple := true    // only letters that are NFC whatever follows them
	for _, r := range s {
		if r >= 0x300 && (r < 0x1e00 || r > 0x1eff) {
			simple = false // combining marks, and scripts to leave to the full check
		}
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case r < 0x20 || r == 0x7f || r == '\u00a0' || isInvisible(r) || (r > 0x7f && unicode.IsSpace(r)):
			return false
		}
		prevSpace = false
	}
	return !prevSpace && (simple || norm.NFC.IsNormalString(s))
}

// isPlain reports whether s is printable ASCII with single inner spaces, the
// common case that needs no work.
func isPlain(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && prev == ' ') {
			return false
		}
		prev = c
	}
	return true
}

// isInvisible reports whether r is one of Unicode's default-ignorable
// code points (marks, joiners, bidi controls, variation selectors, tags…):
// drawn as nothing, so two texts that differ only by them look the same
// and must compare the same.
func isInvisible(r rune) bool { return IsIgnorable(r) }

// IsIgnorable reports whether r is a Default_Ignorable_Code_Point
// (ignorable_table.go, generated from the Unicode tables).
func IsIgnorable(r rune) bool {
	return r >= 0xAD && unicode.Is(defaultIgnorable, r) // nothing below the soft hyphen is
}

// Tone marks of Vietnamese as combining characters (NFD).
const (
	toneGrave = '\u0300'
	toneAcute = '\u0301'
	toneTilde = '\u0303'
	toneHook  = '\u0309'
	toneDot   = '\u0323'
)

func isTone(r rune) bool {
	switch r {
	case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
		return true
	}
	return false
}

// Key is the form in which two labels or enum values are compared: case,
// white space, Unicode form and the placement of the tone mark inside a
// syllable ("Hoà" and "Hòa") do not matter; the letters and the tone do.
func Key(s string) string {
	s = strings.ToLower(Clean(s))
	if isPlain(s) {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d) + 4)
	var tone rune
	flush := func() {
		if tone != 0 {
			b.WriteRune(tone)
			tone = 0
		}
	}
	for _, r := range d {
		switch {
		case isTone(r):
			tone = r
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		default:
			flush()
			b.WriteRune(r)
		}
	}
	flush()
	return norm.NFC.String(b.String())
}

// Bare is Key without any diacritic and with đ as d: "Cận nghèo" and
// "Can ngheo" share it. A match that needs Bare is worth a warning.
func Bare(s string) string {
	d := norm.NFD.String(Key(s))
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Collator sorts Vietnamese text in dictionary order, numbers inside text by
// value ("Tổ 2" before "Tổ 10"). A Collator is not safe for concurrent use.
type Collator struct{ c *collate.Collator }

// NewCollator returns a Vietnamese collator.
func NewCollator() Collator {
	return Collator{collate.New(language.Vietnamese, collate.Numeric)}
}

// Compare returns -1, 0 or +1.
func (c Collator) Compare(a, b string) int { return c.c.CompareString(a, b) }

// Closest returns the candidate nearest to s by edit distance over Bare
// forms, for a "did you mean" hint; "" when candidates is empty.
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	bs := []rune(Bare(s))
	for _, c := range candidates {
		d := distance(bs, []rune(Bare(c)))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// OutsideBMP returns the characters of s above U+FFFF (emoji, CJK
// Extension B…), each once, in order: the report's PDF fonts have no
// glyph for them.
func OutsideBMP(s string) []rune {
	var out []rune
	for _, r := range s {
		if r > 0xFFFF && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// DescribeRunes names characters for a message: ký tự “😀” (U+1F600).
func DescribeRunes(rs []rune) string {
	var s []string
	for _, r := range rs {
		s = append(s, fmt.Sprintf("“%c” (U+%04X)", r, r))
	}
	return "ký tự " + strings.Join(s, ", ")
}
