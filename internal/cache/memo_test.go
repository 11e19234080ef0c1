package cache

import "testing"

func TestMemo(t *testing.T) {
	var m Memo[string, int]
	if _, ok := m.Get("a"); ok {
		t.Fatal("the zero Memo holds a value")
	}
	m.Put("a", 1)
	m.Put("b", 2)
	m.Forget()
	// One generation later, both are there; asking for a keeps it.
	if v, ok := m.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %d, %v after one Forget", v, ok)
	}
	m.Put("c", 3)
	m.Forget()
	// b was not asked for during the last generation: gone.
	for k, want := range map[string]bool{"a": true, "b": false, "c": true} {
		if _, ok := m.Get(k); ok != want {
			t.Errorf("after two Forgets: Get(%s) found %v, want %v", k, ok, want)
		}
	}
	if n := m.Len(); n != 2 {
		t.Errorf("Len() = %d, want 2", n)
	}
	m.Forget()
	m.Forget()
	if n := m.Len(); n != 0 {
		t.Errorf("after two generations unused: Len() = %d, want 0", n)
	}
}
