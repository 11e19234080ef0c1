package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// maxFileSize bounds what one file of the output may weigh in memory.
const maxFileSize = 32 << 20

// load returns the entry of the regular file name inside root: read,
// and for HTML given the reload tags of build gen, on every request, so
// that what is sent is what the output holds.
func load(root *os.Root, name, gen string) (*entry, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if fi.Size() > maxFileSize {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxFileSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize))
	if err != nil {
		return nil, err
	}
	return newEntry(name, data, gen), nil
}

// entry is one file ready to send.
type entry struct {
	ctype      string
	body, gz   []byte // gz is nil when gzip does not pay
	etag, gzip string // ETags of body and of gz
}

// contentTypes are the media types Netlify's local tools send for the
// extensions a static site has, as the mime-types package they use names
// them: the same on every machine, where mime.TypeByExtension would read
// the machine's own tables first.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json; charset=utf-8",
	".map":         "application/json; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".wasm":        "application/wasm",
}

// contentType returns the media type of file name holding data: by its
// extension, else by its first bytes.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// newEntry returns the entry of file name holding data. HTML gets the
// reload tags of build gen, unless gen is empty.
func newEntry(name string, data []byte, gen string) *entry {
	ctype := contentType(name, data)
	if gen != "" && strings.HasPrefix(ctype, "text/html") {
		data = inject(data, gen)
	}
	sum := sha256.Sum256(data)
	tag := hex.EncodeToString(sum[:12])
	e := &entry{ctype: ctype, body: data, etag: `"` + tag + `"`}
	if compressible(ctype) && len(data) > 256 {
		if gz := gzipped(data); len(gz) < len(data) {
			e.gz, e.gzip = gz, `"`+tag+`-gzip"`
		}
	}
	return e
}

// compressible reports whether gzip is worth trying on a media type.
func compressible(ctype string) bool {
	mt, _, _ := strings.Cut(ctype, ";")
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "/xml"),
		strings.HasSuffix(mt, "json"), strings.HasSuffix(mt, "javascript"):
		return true
	}
	return false
}

func gzipped(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// serve writes e with status. A 200 honours If-None-Match (304), Range
// and HEAD through http.ServeContent; any other status is sent whole.
// The gzipped copy, with its own ETag, goes to clients that accept it.
func (e *entry) serve(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	body, tag := e.body, e.etag
	if e.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, tag = e.gz, e.gzip
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Type", e.ctype)
	if status == http.StatusOK {
		h.Set("ETag", tag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// acceptsGzip reports whether an Accept-Encoding header admits gzip: named
// with a non-zero weight, or through "*" when not named at all.
func acceptsGzip(header string) bool {
	gz, star := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				} else {
					q = 0
				}
			}
		}
		switch coding = strings.TrimSpace(coding); {
		case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
			gz = max(gz, q)
		case coding == "*":
			star = max(star, q)
		}
	}
	if gz >= 0 {
		return gz > 0
	}
	return star > 0
}
