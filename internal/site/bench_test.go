package site

import "testing"

// BenchmarkBuild measures a whole build of the repository's content by a
// new Builder each time, as `go run ./cmd/build` does.
func BenchmarkBuild(b *testing.B) {
	cfg := repoConfig(b)
	for b.Loop() {
		build(b, cfg)
	}
}

// BenchmarkRebuild measures a build by a Builder that has built the site
// before, as the dev server's does.
func BenchmarkRebuild(b *testing.B) {
	cfg := repoConfig(b)
	bl := NewBuilder()
	for b.Loop() {
		if _, err := bl.Build(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
