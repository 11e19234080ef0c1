package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/constants"
	"github.com/httpstatus/site/internal/facts"
)

// Snippet is a short program that sends a status code.
type Snippet struct {
	Lang   string // chroma's name of the language: "go"
	Label  string // heading: "Go (net/http)"
	Source string
}

// sending says what a code's page shows being sent, and what to: the
// request that leads to the code, then the code, the reason phrase of
// its status line, its header fields, its content with its media type
// and, for Go, the name of its net/http constant.
type sending struct {
	code    int
	reason  string
	headers []facts.Header
	body    string
	ctype   string         // the media type of body
	request *facts.Request // nil when the page shows no exchange
	then    final          // the final response after an informational one
	goConst string         // "http.StatusNotFound", or the number when unknown
}

// final is the final code that follows an informational one in an
// example, with its reason phrase and net/http constant.
type final struct {
	code    int
	reason  string
	goConst string
}

// exampleDate is the Date field of the example responses. An origin
// server with a clock must send one in every 2xx, 3xx and 4xx response
// (RFC 9110 §6.6.1); the programs on the pages send their own.
const exampleDate = "Tue, 01 Dec 2026 09:00:00 GMT"

// sendingOf returns what e's page shows being sent, by the facts f and
// the constants k.
func sendingOf(e *article.Entry, f *facts.Facts, k *constants.Set) sending {
	s := sending{code: e.Code, reason: e.Name, goConst: goConstant(k, e.Code)}
	c := f.Code(e.Code)
	if c == nil {
		return s
	}
	s.reason = c.Reason(e.Name)
	s.headers, s.body, s.ctype = c.Headers, c.Body, c.Type
	if p := c.ProblemDetails(s.reason); p != "" {
		s.body, s.ctype = p, facts.ProblemType
	}
	s.request = c.Request
	if t := f.Code(c.Then); t != nil {
		s.then = final{code: t.Code, reason: t.Reason(""), goConst: goConstant(k, t.Code)}
	}
	return s
}

// goConstant returns how Go code names code: its net/http constant,
// "http.StatusNotFound", or else its number.
func goConstant(k *constants.Set, code int) string {
	if st := k.Stack("go"); st != nil {
		if names := st.Names(code); len(names) > 0 {
			return st.Code(names[0])
		}
	}
	return strconv.Itoa(code)
}

// informational reports whether the code is a 1xx response that a final
// response follows. 101 is not: the connection speaks another protocol after it.
func (s sending) informational() bool {
	return s.code/100 == 1 && s.code != 101
}

// refuses reports whether the code answers a request that waits for 100
// (Continue) before it sends its content: the content never comes.
func (s sending) refuses() bool {
	return s.request != nil && s.request.Expects() && s.request.Body == ""
}

// reads reports whether the server reads the request's content before
// it answers.
func (s sending) reads() bool {
	return s.request != nil && s.request.Body != ""
}

// Request returns the example request as HTTP/1.1 writes it, with line
// feeds for line ends: its request line, Host (RFC 9110 §7.2), its
// header fields, Content-Length for its content, the empty line and the
// content. It is empty when the page shows no exchange.
func (s sending) Request() string {
	r := s.request
	if r == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\nHost: %s\n", r.Method, r.Target, r.Version, r.Host)
	for _, h := range r.Headers {
		b.WriteString(h.String() + "\n")
	}
	if r.Body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\n", len(r.Body))
	}
	b.WriteString("\n" + r.Body)
	return b.String()
}

// Response returns the response with the code as HTTP/1.1 writes it, with
// line feeds for line ends: its status line, its header fields, the empty
// line that ends them and its content, if any. A final response has its
// Date and, with content, the Content-Type and Content-Length that go
// with it.
func (s sending) Response() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\n", s.code, s.reason)
	if s.code >= 200 {
		b.WriteString("Date: " + exampleDate + "\n")
	}
	for _, h := range s.framed() {
		b.WriteString(h.String() + "\n")
	}
	b.WriteString("\n" + s.body)
	return b.String()
}

// Final returns the final response that follows an informational one in
// the example, or nothing.
func (s sending) Final() string {
	if !s.informational() || s.then.code == 0 {
		return ""
	}
	f := fmt.Sprintf("HTTP/1.1 %d %s\nDate: %s\n", s.then.code, s.then.reason, exampleDate)
	if s.then.code != 204 {
		f += "Content-Length: 0\n"
	}
	return f + "\n"
}

// framed returns the code's header fields, then the Content-Type and
// Content-Length of its content. A 205 says its content is empty with
// "Content-Length: 0", one of the three ways RFC 9110 §15.3.6 allows.
func (s sending) framed() []facts.Header {
	hs := slices.Clip(s.headers)
	if s.ctype != "" {
		hs = append(hs, facts.Header{Name: "Content-Type", Value: s.ctype})
	}
	if s.body != "" || s.code == 205 {
		hs = append(hs, facts.Header{Name: "Content-Length", Value: strconv.Itoa(len(s.body))})
	}
	return hs
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
	if s.code == 100 {
		b.WriteString("import (\n\t\"io\"\n\t\"net/http\"\n)\n\n")
	} else {
		b.WriteString("import \"net/http\"\n\n")
	}
	b.WriteString("func handler(w http.ResponseWriter, r *http.Request) {\n")
	if s.code == 100 {
		// net/http sends 100 (Continue) as the handler first reads the
		// content of a request that expects it.
		fmt.Fprintf(&b, "\t// Reading the content sends %s first, as Expect asks.\n"+
			"\tif _, err := io.Copy(io.Discard, r.Body); err != nil {\n\t\treturn\n\t}\n", s.goConst)
		fmt.Fprintf(&b, "\tw.WriteHeader(%s)\n}\n", s.then.goConst)
		return b.String()
	}
	for _, h := range s.goHeaders() {
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
		fmt.Fprintf(&b, "\t// More informational responses may follow; then the final one:\n"+
			"\tw.WriteHeader(%s)\n", s.then.goConst)
	}
	b.WriteString("}\n")
	return b.String()
}

// goHeaders returns the header fields a Go handler sets: net/http
// writes Content-Length itself for content written at once.
func (s sending) goHeaders() []facts.Header {
	var hs []facts.Header
	for _, h := range s.framed() {
		if h.Name != "Content-Length" || s.code == 205 {
			hs = append(hs, h)
		}
	}
	return hs
}

func (s sending) pythonSource() string {
	var b strings.Builder
	b.WriteString("from http.server import BaseHTTPRequestHandler\n\n\n" +
		"class Handler(BaseHTTPRequestHandler):\n")
	switch {
	case s.code == 100:
		b.WriteString("    protocol_version = \"HTTP/1.1\"  # Expect is answered only in HTTP/1.1\n\n")
	case s.code/100 == 1:
		b.WriteString("    protocol_version = \"HTTP/1.1\"  # no 1xx responses in HTTP/1.0\n\n")
	}
	fmt.Fprintf(&b, "    def do_%s(self):\n", s.method())
	if s.code == 100 {
		b.WriteString("        # http.server has sent 100 Continue, as Expect asks.\n")
	}
	if s.reads() {
		b.WriteString("        self.rfile.read(int(self.headers[\"Content-Length\"]))\n")
	}
	if s.code == 100 {
		fmt.Fprintf(&b, "        self.send_response(%d)\n", s.then.code)
		b.WriteString("        self.end_headers()\n")
		return b.String()
	}
	if s.informational() {
		fmt.Fprintf(&b, "        self.send_response_only(%d)\n", s.code)
	} else {
		fmt.Fprintf(&b, "        self.send_response(%d)\n", s.code)
	}
	for _, h := range s.framed() {
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
		fmt.Fprintf(&b, "        # More informational responses may follow; then the final one:\n"+
			"        self.send_response(%d)\n", s.then.code)
		if s.then.code != 204 {
			b.WriteString("        self.send_header(\"Content-Length\", \"0\")\n")
		}
		b.WriteString("        self.end_headers()\n")
	}
	return b.String()
}

// method returns the method of the example request, GET when there is none.
func (s sending) method() string {
	if s.request == nil {
		return "GET"
	}
	return s.request.Method
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
	case s.code == 100:
		fmt.Fprintf(&b, "const server = http.createServer((req, res) => {\n"+
			"  res.writeHead(%d);\n  res.end();\n});\n", s.then.code)
		b.WriteString("server.on(\"checkContinue\", (req, res) => {\n" +
			"  res.writeContinue();\n" +
			"  server.emit(\"request\", req, res);\n" +
			"});\n" +
			"server.listen(8080);\n")
		return b.String()
	case s.refuses():
		b.WriteString("const server = http.createServer();\n" +
			"// Answer before the client sends the content it announced.\n" +
			"server.on(\"checkContinue\", (req, res) => {\n")
		s.nodeRespond(&b)
		b.WriteString("});\nserver.listen(8080);\n")
		return b.String()
	case s.informational():
		b.WriteString("http.createServer((req, res) => {\n")
		switch s.code {
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
		fmt.Fprintf(&b, "  // More informational responses may follow; then the final one:\n"+
			"  res.writeHead(%d);\n  res.end();\n", s.then.code)
	default:
		b.WriteString("http.createServer((req, res) => {\n")
		s.nodeRespond(&b)
	}
	b.WriteString("}).listen(8080);\n")
	return b.String()
}

// nodeRespond writes the statements that send the final response.
func (s sending) nodeRespond(b *strings.Builder) {
	if hs := s.framed(); len(hs) > 0 {
		fmt.Fprintf(b, "  res.writeHead(%d, { %s });\n", s.code, nodeHeaders(hs))
	} else {
		fmt.Fprintf(b, "  res.writeHead(%d);\n", s.code)
	}
	if s.body != "" {
		fmt.Fprintf(b, "  res.end(%s);\n", strconv.Quote(s.body))
	} else {
		b.WriteString("  res.end();\n")
	}
}

// nodeHeaders returns header fields as the members of a JavaScript object.
func nodeHeaders(hs []facts.Header) string {
	members := make([]string, len(hs))
	for i, h := range hs {
		members[i] = strconv.Quote(h.Name) + ": " + strconv.Quote(h.Value)
	}
	return strings.Join(members, ", ")
}
