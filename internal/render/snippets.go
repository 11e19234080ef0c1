package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/facts"
)

// Snippet is a short program that sends a status code.
type Snippet struct {
	Lang   string // chroma's name of the language: "go"
	Label  string // heading: "Go (net/http)"
	Source string
}

// sending says what a code's page shows being sent: the code, the
// reason phrase of its status line, its header fields, its content and,
// for Go, the name of its net/http constant.
type sending struct {
	code    int
	reason  string
	headers []facts.Header
	body    string
	goConst string // "http.StatusNotFound", or the number when unknown
}

// exampleDate is the Date field of the example responses. An origin
// server with a clock must send one in every 2xx, 3xx and 4xx response
// (RFC 9110 §6.6.1); the programs on the pages send their own.
const exampleDate = "Tue, 01 Dec 2026 09:00:00 GMT"

func sendingOf(e *article.Entry, c *facts.Code) sending {
	s := sending{code: e.Code, reason: e.Name, goConst: strconv.Itoa(e.Code)}
	if c != nil {
		s.reason = c.Reason(e.Name)
		s.headers = c.Headers
		s.body = c.Body
		if c.Go != "" {
			s.goConst = "http." + c.Go
		}
	}
	return s
}

// informational reports whether the code is a 1xx response that a final
// response follows. 101 is not: the connection speaks another protocol after it.
func (s sending) informational() bool {
	return s.code/100 == 1 && s.code != 101
}

// Response returns a response with the code as HTTP/1.1 writes it, with
// line feeds for line ends: its status line, its header fields, the empty
// line that ends them and its content, if any. A final response has its
// Date and, with content, the Content-Length that frames it.
func (s sending) Response() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\n", s.code, s.reason)
	if s.code >= 200 {
		b.WriteString("Date: " + exampleDate + "\n")
	}
	for _, h := range s.headers {
		b.WriteString(h.String() + "\n")
	}
	if s.body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\n", len(s.body))
	}
	b.WriteString("\n" + s.body)
	return b.String()
}

// contentLength returns the Content-Length field of the content, if any.
func (s sending) contentLength() []facts.Header {
	if s.body == "" {
		return nil
	}
	return []facts.Header{{Name: "Content-Length", Value: strconv.Itoa(len(s.body))}}
}

// Snippets returns programs that send the code from Go, Python and Node.js.
func (s sending) Snippets() []Snippet {
	return []Snippet{
		{"go", "Go (net/http)", s.goSource()},
		{"python", "Python (http.server)", s.pythonSource()},
		{"javascript", "Node.js (node:http)", s.nodeSource()},
	}
}

func (s sending) goSource() string {
	var b strings.Builder
	b.WriteString("func handler(w http.ResponseWriter, r *http.Request) {\n")
	for _, h := range s.headers {
		fmt.Fprintf(&b, "\tw.Header().Set(%s, %s)\n", strconv.Quote(h.Name), strconv.Quote(h.Value))
	}
	fmt.Fprintf(&b, "\tw.WriteHeader(%s)\n", s.goConst)
	if s.body != "" {
		fmt.Fprintf(&b, "\tw.Write([]byte(%s))\n", strconv.Quote(s.body))
	}
	switch {
	case s.code == 101:
		b.WriteString("\tconn, _, err := http.NewResponseController(w).Hijack()\n" +
			"\tif err != nil {\n\t\treturn\n\t}\n\tdefer conn.Close()\n" +
			"\t// Speak the new protocol over conn from here on.\n")
	case s.informational():
		b.WriteString("\t// More informational responses may follow; then the final one:\n" +
			"\tw.WriteHeader(http.StatusOK)\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func (s sending) pythonSource() string {
	var b strings.Builder
	b.WriteString("from http.server import BaseHTTPRequestHandler\n\n\n" +
		"class Handler(BaseHTTPRequestHandler):\n")
	if s.code/100 == 1 {
		b.WriteString("    protocol_version = \"HTTP/1.1\"  # no 1xx responses in HTTP/1.0\n\n")
	}
	b.WriteString("    def do_GET(self):\n")
	if s.informational() {
		fmt.Fprintf(&b, "        self.send_response_only(%d)\n", s.code)
	} else {
		fmt.Fprintf(&b, "        self.send_response(%d)\n", s.code)
	}
	for _, h := range append(slices.Clip(s.headers), s.contentLength()...) {
		fmt.Fprintf(&b, "        self.send_header(%s, %s)\n", strconv.Quote(h.Name), strconv.Quote(h.Value))
	}
	b.WriteString("        self.end_headers()\n")
	if s.body != "" {
		fmt.Fprintf(&b, "        self.wfile.write(b%s)\n", strconv.Quote(s.body))
	}
	switch {
	case s.code == 101:
		b.WriteString("        # Speak the new protocol over self.connection from here on.\n")
	case s.informational():
		b.WriteString("        # More informational responses may follow; then the final one:\n" +
			"        self.send_response(200)\n" +
			"        self.send_header(\"Content-Length\", \"0\")\n" +
			"        self.end_headers()\n")
	}
	return b.String()
}

func (s sending) nodeSource() string {
	var b strings.Builder
	b.WriteString("const http = require(\"node:http\");\n\n")
	switch {
	case s.code == 101:
		b.WriteString("const server = http.createServer();\n" +
			"server.on(\"upgrade\", (req, socket) => {\n")
		fmt.Fprintf(&b, "  socket.write(%s);\n", strconv.Quote(strings.ReplaceAll(s.Response(), "\n", "\r\n")))
		b.WriteString("  // Speak the new protocol over socket from here on.\n" +
			"});\n" +
			"server.listen(8080);\n")
		return b.String()
	case s.informational():
		b.WriteString("http.createServer((req, res) => {\n")
		switch s.code {
		case 100:
			b.WriteString("  res.writeContinue();\n")
		case 102:
			b.WriteString("  res.writeProcessing();\n")
		case 103:
			// writeEarlyHints sends only what it finds under lower-case names.
			hints := make([]facts.Header, len(s.headers))
			for i, h := range s.headers {
				hints[i] = facts.Header{Name: strings.ToLower(h.Name), Value: h.Value}
			}
			b.WriteString("  res.writeEarlyHints({ " + nodeHeaders(hints) + " });\n")
		default:
			fmt.Fprintf(&b, "  res.writeHead(%d);\n", s.code)
		}
		b.WriteString("  // More informational responses may follow; then the final one:\n" +
			"  res.writeHead(200);\n")
	default:
		b.WriteString("http.createServer((req, res) => {\n")
		if hs := append(slices.Clip(s.headers), s.contentLength()...); len(hs) > 0 {
			fmt.Fprintf(&b, "  res.writeHead(%d, { %s });\n", s.code, nodeHeaders(hs))
		} else {
			fmt.Fprintf(&b, "  res.writeHead(%d);\n", s.code)
		}
	}
	if s.body != "" {
		fmt.Fprintf(&b, "  res.end(%s);\n", strconv.Quote(s.body))
	} else {
		b.WriteString("  res.end();\n")
	}
	b.WriteString("}).listen(8080);\n")
	return b.String()
}

// nodeHeaders returns header fields as the members of a JavaScript object.
func nodeHeaders(hs []facts.Header) string {
	members := make([]string, len(hs))
	for i, h := range hs {
		members[i] = strconv.Quote(h.Name) + ": " + strconv.Quote(h.Value)
	}
	return strings.Join(members, ", ")
}
