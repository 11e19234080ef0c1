package site

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/highlight"
)

// TestNginxCodes checks what content/unofficial-codes.md says of nginx's
// codes against nginx itself, run on loopback: 444 closes the connection
// with no response and is logged as 444; 494 to 497 answer the client
// with 400 and the page the entry quotes, and are logged as 400; 499 is
// logged when the client goes away first. Every nginx code of the file
// must have its case here.
func TestNginxCodes(t *testing.T) {
	bin := os.Getenv("NGINX")
	if bin == "" {
		bin = "/usr/sbin/nginx"
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("nginx is needed (apt-get install nginx-light, or set NGINX): %v", err)
	}
	entries := nginxEntries(t)
	n := startNginx(t, bin)

	tests := []struct {
		code   int
		do     func(t *testing.T) (int, string, error) // status and content the client got
		status int                                     // 0: no response at all
		page   string                                  // text of nginx's page, which the entry quotes
		logged string                                  // the status the access log records
	}{
		{444, func(t *testing.T) (int, string, error) { return n.get(t, "/close", nil) }, 0, "", "444"},
		{494, func(t *testing.T) (int, string, error) {
			return n.get(t, "/big", http.Header{"X-Big": {strings.Repeat("x", 2000)}})
		}, 400, "Request Header Or Cookie Too Large", "400"},
		{495, func(t *testing.T) (int, string, error) { return n.getTLS(t, "/bad-cert", &n.strangerCert) }, 400, "The SSL certificate error", "400"},
		{496, func(t *testing.T) (int, string, error) { return n.getTLS(t, "/no-cert", nil) }, 400, "No required SSL certificate was sent", "400"},
		{497, func(t *testing.T) (int, string, error) { return n.getPlainToTLS(t, "/plain") }, 400, "The plain HTTP request was sent to HTTPS port", "400"},
		{499, func(t *testing.T) (int, string, error) { return n.leaveEarly(t, "/slow") }, 0, "", "499"},
	}
	tested := map[int]bool{}
	for _, tt := range tests {
		tested[tt.code] = true
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			e := entries[tt.code]
			if e == nil {
				t.Fatalf("the file has no nginx entry for %d", tt.code)
			}
			status, body, err := tt.do(t)
			switch {
			case tt.status == 0 && err == nil:
				t.Errorf("nginx answered %d; the entry says nothing is sent", status)
			case tt.status != 0 && err != nil:
				t.Errorf("no response: %v", err)
			case status != tt.status:
				t.Errorf("nginx answered %d, want %d", status, tt.status)
			case tt.page != "" && !strings.Contains(body, tt.page):
				t.Errorf("nginx's page %q lacks %q", body, tt.page)
			}
			if got := n.logged(t, e.Code); got != tt.logged {
				t.Errorf("access log records %q, want %q", got, tt.logged)
			}
			// The entry says what nginx does: the page it sends, or that
			// nothing is sent, and what the log records.
			text := string(e.Description)
			if tt.page != "" && !strings.Contains(text, tt.page) {
				t.Errorf("the entry does not quote nginx's page %q:\n%s", tt.page, text)
			}
			if tt.status != 0 && !strings.Contains(text, fmt.Sprintf("with %d", tt.status)) {
				t.Errorf("the entry does not say nginx answers with %d:\n%s", tt.status, text)
			}
			if !strings.Contains(text, "logs "+tt.logged) && !strings.Contains(text, "log records "+tt.logged) {
				t.Errorf("the entry does not say that nginx logs %s:\n%s", tt.logged, text)
			}
		})
	}
	for code := range entries {
		if !tested[code] {
			t.Errorf("nginx's %d is in the file, but not checked against nginx", code)
		}
	}
}

// nginxEntries returns the nginx entries of the repository's file of
// unofficial codes, by code.
func nginxEntries(t *testing.T) map[int]*article.Entry {
	t.Helper()
	path := filepath.Join(repoConfig(t).Content, UnofficialFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	u, err := article.NewParser(highlight.New(nil).Extension()).ParseWith(path, src, article.Options{Vendors: true})
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]*article.Entry{}
	for _, e := range u.Entries {
		if e.Vendor == "nginx" {
			m[e.Code] = e
		}
	}
	return m
}

// nginx is an nginx process serving on loopback for one test.
type nginx struct {
	dir                 string
	plain, tls          string          // addresses
	strangerCert        tls.Certificate // signed by no CA nginx trusts
	upstream            net.Listener    // accepts and never answers
	heldConns           chan net.Conn
	accessLog, errorLog string
}

// startNginx writes a configuration and certificates into a temporary
// directory and starts nginx in the foreground, stopped when the test
// ends.
func startNginx(t *testing.T, bin string) *nginx {
	t.Helper()
	n := &nginx{dir: t.TempDir(), heldConns: make(chan net.Conn, 16)}
	n.accessLog, n.errorLog = filepath.Join(n.dir, "access.log"), filepath.Join(n.dir, "error.log")
	ca, caKey := newCert(t, "test CA", nil, nil, true)
	server, serverKey := newCert(t, "127.0.0.1", ca, caKey, false)
	stranger, strangerKey := newCert(t, "stranger", nil, nil, false)
	n.strangerCert = tls.Certificate{Certificate: [][]byte{stranger.Raw}, PrivateKey: strangerKey}
	writePEM(t, filepath.Join(n.dir, "ca.pem"), "CERTIFICATE", ca.Raw)
	writePEM(t, filepath.Join(n.dir, "server.pem"), "CERTIFICATE", server.Raw)
	der, err := x509.MarshalECPrivateKey(serverKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(n.dir, "server.key"), "EC PRIVATE KEY", der)

	if n.upstream, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.upstream.Close() })
	go func() {
		for {
			c, err := n.upstream.Accept()
			if err != nil {
				return
			}
			select {
			case n.heldConns <- c: // held open, unanswered, until the test ends
			default:
				c.Close()
			}
		}
	}()
	t.Cleanup(func() {
		for {
			select {
			case c := <-n.heldConns:
				c.Close()
			default:
				return
			}
		}
	})
	n.plain, n.tls = freeAddr(t), freeAddr(t)
	conf := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log info;
events { worker_connections 64; }
http {
	log_format codes '$uri $status';
	access_log %[1]s/access.log codes;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;
	large_client_header_buffers 2 1k;
	server {
		listen %[2]s;
		location = /close { return 444; }
		location = /slow { proxy_pass http://%[4]s; proxy_read_timeout 30s; }
		location / { return 200 "ok\n"; }
	}
	server {
		listen %[3]s ssl;
		ssl_certificate %[1]s/server.pem;
		ssl_certificate_key %[1]s/server.key;
		ssl_client_certificate %[1]s/ca.pem;
		ssl_verify_client on;
		location / { return 200 "ok\n"; }
	}
}
`, n.dir, n.plain, n.tls, n.upstream.Addr())
	confPath := filepath.Join(n.dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", n.dir, "-c", confPath, "-e", n.errorLog)
	// nginx reads NGINX as the sockets a running nginx hands its
	// successor; the variable that names the binary is not for it.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(v string) bool { return strings.HasPrefix(v, "NGINX=") })
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", n.plain)
		if err == nil {
			c.Close()
			return n
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(n.errorLog)
			t.Fatalf("nginx did not start: %v\n%s", err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get sends a GET for path to the plain server and returns the status
// and content of the response, or the error that took its place.
func (n *nginx) get(t *testing.T, path string, h http.Header) (int, string, error) {
	t.Helper()
	req, err := http.NewRequest("GET", "http://"+n.plain+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	return do(&http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}, req)
}

// getTLS sends a GET for path to the TLS server with the client
// certificate cert, or none.
func (n *nginx) getTLS(t *testing.T, path string, cert *tls.Certificate) (int, string, error) {
	t.Helper()
	cfg := &tls.Config{InsecureSkipVerify: true} // the server's certificate is not what is tested
	if cert != nil {
		// Sent whatever CAs the server names: left to itself, Go's client
		// sends only a certificate that one of them signed.
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return cert, nil }
	}
	req, err := http.NewRequest("GET", "https://"+n.tls+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(&http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg, DisableKeepAlives: true}}, req)
}

// getPlainToTLS sends a plain HTTP GET for path to the TLS server's port.
func (n *nginx) getPlainToTLS(t *testing.T, path string) (int, string, error) {
	t.Helper()
	req, err := http.NewRequest("GET", "http://"+n.tls+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(&http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}, req)
}

// leaveEarly sends a GET for path, which nginx passes to an upstream
// that never answers, and closes the connection before any response.
func (n *nginx) leaveEarly(t *testing.T, path string) (int, string, error) {
	t.Helper()
	c, err := net.Dial("tcp", n.plain)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path)
	select { // nginx has passed the request on
	case held := <-n.heldConns:
		n.heldConns <- held
	case <-time.After(10 * time.Second):
		t.Fatal("nginx did not reach the upstream")
	}
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	c.Close()
	if err == nil {
		return resp.StatusCode, "", nil
	}
	return 0, "", fmt.Errorf("left before a response: %w", err)
}

func do(c *http.Client, req *http.Request) (int, string, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// logged returns the status the access log records for the request the
// case of code made, waiting for nginx to write it: each case requests a
// path of its own.
func (n *nginx) logged(t *testing.T, code int) string {
	t.Helper()
	path := map[int]string{444: "/close", 494: "/big", 495: "/bad-cert", 496: "/no-cert", 497: "/plain", 499: "/slow"}[code]
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ := os.ReadFile(n.accessLog)
		for _, line := range strings.Split(string(data), "\n") {
			if uri, status, ok := strings.Cut(line, " "); ok && uri == path {
				return status
			}
		}
		if time.Now().After(deadline) {
			t.Errorf("no access log line for %s in:\n%s", path, data)
			return ""
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newCert returns a certificate for name, signed by parent's key or, for
// a nil parent, by its own.
func newCert(t *testing.T, name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, ca bool) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  ca,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	if ip := net.ParseIP(name); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	}
	signer, signerKey := tmpl, key
	if parent != nil {
		signer, signerKey = parent, parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// freeAddr returns a loopback address no one listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
