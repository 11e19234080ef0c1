package serve

import (
	"bytes"
	_ "embed"
	"net/http"
)

// The dev server's own files, sent only by -serve.
var (
	//go:embed dev/reload.js
	reloadJS []byte
	//go:embed dev/overlay.css
	overlayCSS []byte
)

// inject returns an HTML page with the dev stylesheet and the reload
// script of build gen added before </head>, or before </body>, or at the
// end. Both are external files, so the page keeps working under a
// Content-Security-Policy that admits no inline script or style.
func inject(page []byte, gen string) []byte {
	tags := `<link rel="stylesheet" href="` + devPrefix + `overlay.css">` +
		`<script src="` + devPrefix + `reload.js?build=` + gen + `" defer></script>`
	lower := bytes.ToLower(page)
	i := bytes.Index(lower, []byte("</head>"))
	if i < 0 {
		i = bytes.Index(lower, []byte("</body>"))
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tags))
	out = append(out, page[:i]...)
	out = append(out, tags...)
	return append(out, page[i:]...)
}

// serveDev serves the files and the event stream under /_dev/.
func (s *Server) serveDev(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	var body []byte
	switch r.URL.Path {
	case devPrefix + "events":
		s.events.ServeHTTP(w, r)
		return
	case devPrefix + "reload.js":
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		body = reloadJS
	case devPrefix + "overlay.css":
		h.Set("Content-Type", "text/css; charset=utf-8")
		body = overlayCSS
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Write(body)
}
