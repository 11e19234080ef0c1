package cache

import "sync"

// Memo keeps values in memory for a long-lived program, such as the dev
// server, that builds again and again. It forgets a value that no lookup
// has asked for since the next-to-last call to Forget, so it holds about
// what the last two builds used. The zero Memo is empty and ready to use;
// it is safe for concurrent use.
type Memo[K comparable, V any] struct {
	mu        sync.Mutex
	cur, prev map[K]V
}

// Get returns the value kept for k.
func (m *Memo[K, V]) Get(k K) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.cur[k]; ok {
		return v, true
	}
	v, ok := m.prev[k]
	if ok {
		m.put(k, v)
	}
	return v, ok
}

// Put keeps v for k.
func (m *Memo[K, V]) Put(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.put(k, v)
}

func (m *Memo[K, V]) put(k K, v V) {
	if m.cur == nil {
		m.cur = map[K]V{}
	}
	m.cur[k] = v
}

// Forget starts a new generation: values not asked for since the
// previous call are dropped.
func (m *Memo[K, V]) Forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prev, m.cur = m.cur, nil
}

// Len returns how many values the memo holds.
func (m *Memo[K, V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.cur)
	for k := range m.prev {
		if _, ok := m.cur[k]; !ok {
			n++
		}
	}
	return n
}
