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
	"syscall"
	"time"
)

// maxFileSize bounds what one file of the output may weigh in memory.
// A larger file is sent from disk as it is: without gzip, and, for HTML,
// without the reload tags.
const maxFileSize = 32 << 20

// maxRanges bounds the parts of a Range request that are sent as asked.
// A request for more parts, or for parts that would take more bytes
// than the whole file, gets the whole file, as RFC 9110 §14.2 allows.
const maxRanges = 16

// load returns the entry of the regular file name inside root: read,
// and for HTML given the reload tags of build gen, on every request, so
// that what is sent is what the output holds. The entry of a file over
// maxFileSize holds it open, to send it from disk; the caller closes it.
func load(root *os.Root, name, gen string) (*entry, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if fi.Size() > maxFileSize {
		return largeEntry(name, f, fi)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s grew past %d bytes as it was read", name, maxFileSize)
	}
	return newEntry(name, data, gen), nil
}

// entry is one file ready to send.
type entry struct {
	ctype      string
	body, gz   []byte // gz is nil when gzip does not pay
	etag, gzip string // ETags of body and of gz

	file    *os.File // instead of body, for a file too large to hold
	size    int64    // file's
	modtime time.Time
}

// largeEntry returns the entry of f, too large to hold in memory.
func largeEntry(name string, f *os.File, fi os.FileInfo) (*entry, error) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		head := make([]byte, 512)
		n, err := io.ReadFull(f, head)
		if err != nil && err != io.ErrUnexpectedEOF {
			f.Close()
			return nil, err
		}
		ctype = http.DetectContentType(head[:n])
	}
	return &entry{ctype: ctype, file: f, size: fi.Size(), modtime: fi.ModTime()}, nil
}

// close releases the file an entry holds open, if any.
func (e *entry) close() {
	if e != nil && e.file != nil {
		e.file.Close()
	}
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
// A Range request past maxRanges, or asking for more bytes than the
// file holds, is answered with the whole file.
func (e *entry) serve(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	h.Set("Content-Type", e.ctype)
	if e.file != nil {
		if status == http.StatusOK {
			if !sensibleRange(r.Header.Get("Range"), e.size, e.ctype) {
				r.Header.Del("Range")
			}
			http.ServeContent(w, r, "", e.modtime, e.file)
			return
		}
		h.Set("Content-Length", strconv.FormatInt(e.size, 10))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			io.Copy(w, e.file)
		}
		return
	}
	body, tag := e.body, e.etag
	if e.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, tag = e.gz, e.gzip
			h.Set("Content-Encoding", "gzip")
		}
	}
	if status == http.StatusOK {
		h.Set("ETag", tag)
		if !sensibleRange(r.Header.Get("Range"), int64(len(body)), e.ctype) {
			r.Header.Del("Range")
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// sensibleRange reports whether the Range header h may be answered as
// asked for a file of size bytes of type ctype: it is in bytes, the only
// unit there is (RFC 9110 §14.2 has a server ignore any other), names at
// most maxRanges parts, and the parts with the multipart framing around
// each take no more bytes than the whole file. A range it cannot read is
// left to http.ServeContent, which refuses it.
func sensibleRange(h string, size int64, ctype string) bool {
	if h == "" {
		return true
	}
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok {
		return false
	}
	parts := strings.Count(spec, ",") + 1
	if parts > maxRanges {
		return false
	}
	if parts == 1 {
		return true // one part is a slice of the file
	}
	// The framing of each part: the boundary line, Content-Range and
	// Content-Type, as mime/multipart writes them for ServeContent.
	framing := int64(len("\r\n--\r\nContent-Range: bytes -/\r\nContent-Type: \r\n\r\n") + 60 + len(ctype) + 3*20)
	total := int64(len("\r\n----\r\n") + 60)
	for r := range strings.SplitSeq(spec, ",") {
		n, ok := rangeLength(strings.TrimSpace(r), size)
		if !ok {
			return true
		}
		total += n + framing
	}
	return total <= size
}

// rangeLength returns how many bytes of a file of size bytes the range
// r asks for: "first-last", "first-" or "-suffix".
func rangeLength(r string, size int64) (int64, bool) {
	first, last, ok := strings.Cut(r, "-")
	if !ok {
		return 0, false
	}
	if first == "" {
		n, err := strconv.ParseInt(last, 10, 64)
		return min(n, size), err == nil && n >= 0
	}
	a, err := strconv.ParseInt(first, 10, 64)
	if err != nil || a < 0 {
		return 0, false
	}
	b := size - 1
	if last != "" {
		if b, err = strconv.ParseInt(last, 10, 64); err != nil || b < a {
			return 0, false
		}
	}
	return max(0, min(b, size-1)-a+1), true
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
