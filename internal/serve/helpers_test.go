package serve

import (
	"bytes"
	"sync"

	"github.com/httpstatus/site/internal/site"
)

// siteConfig returns a build of the repository's content into out.
func siteConfig(out string) site.Config {
	return site.Config{
		Content:   "../../content",
		Templates: "../../templates",
		Assets:    "../../assets",
		Out:       out,
		BaseURL:   site.DefaultBaseURL,
	}
}

// logBuffer is a log that tests read while the server writes it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
