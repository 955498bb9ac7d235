package document

import (
	"strings"
	"unicode"
)

// phraseStarts are the words a Vietnamese title may break before: a
// conjunction or preposition opens a phrase. Vietnamese writes one
// syllable per word, so a break between any two words can split a word in
// two ("phương / hướng"); breaking only at phrase boundaries cannot.
var phraseStarts = map[string]bool{"và": true, "của": true, "về": true, "trong": true, "theo": true,
	"cho": true, "với": true, "tại": true, "đối": true, "trên": true, "để": true, "nhằm": true}

// Balance breaks s into the fewest lines no wider than max, breaking only
// at phrase boundaries (before a word of phraseStarts, after a comma or
// semicolon), and among those the breaks that make the longest line
// shortest. Only when no phrase break fits does it break between words.
func Balance(s string, max float64, width func(string) float64) []string {
	words := strings.Fields(s)
	if len(words) == 0 || width(strings.Join(words, " ")) <= max {
		return []string{strings.Join(words, " ")}
	}
	var phrase, any []int
	for i := 1; i < len(words); i++ {
		any = append(any, i)
		prev := words[i-1]
		if strings.HasSuffix(prev, ",") || strings.HasSuffix(prev, ";") || phraseStarts[strings.ToLower(strings.TrimFunc(words[i], unicode.IsPunct))] {
			phrase = append(phrase, i)
		}
	}
	for _, cands := range [][]int{phrase, any} {
		for n := 2; n <= 4 && n-1 <= len(cands); n++ {
			if best := bestBreaks(words, cands, n-1, max, width); best != nil {
				return best
			}
		}
	}
	return []string{strings.Join(words, " ")}
}

// bestBreaks tries every choice of k breaks among cands and keeps the one
// whose longest line is shortest, all lines fitting max; nil if none fits.
func bestBreaks(words []string, cands []int, k int, max float64, width func(string) float64) []string {
	var best []string
	bestW := 0.0
	var try func(from, start int, lines []string, widest float64)
	try = func(from, start int, lines []string, widest float64) {
		if len(lines) == k {
			last := strings.Join(words[start:], " ")
			w := width(last)
			if w > max {
				return
			}
			widest = maxf(widest, w)
			if best == nil || widest < bestW-0.01 {
				best, bestW = append(append([]string{}, lines...), last), widest
			}
			return
		}
		for i := from; i < len(cands); i++ {
			line := strings.Join(words[start:cands[i]], " ")
			w := width(line)
			if w > max {
				return // later breaks only make this line longer
			}
			try(i+1, cands[i], append(lines, line), maxf(widest, w))
		}
	}
	try(0, 0, nil, 0)
	return best
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}
