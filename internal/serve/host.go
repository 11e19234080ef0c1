package serve

import (
	"net"
	"net/http"
	"strings"
)

// hostAllowed reports whether a request's Host header names this server
// in a way no other site can make a browser send: localhost or a name
// under .localhost (RFC 6761 keeps them on the loopback interface), an IP
// address, or listen, the host the server was told to listen on.
//
// A page of another site can still reach a server on loopback by DNS
// rebinding: its own name, say evil.example, made to resolve to
// 127.0.0.1. The browser then sends Host: evil.example, and treats the
// answers, pages and event stream alike, as that site's own. An IP
// address cannot be rebound, so it is allowed, as Vite's
// server.allowedHosts allows it by default.
func hostAllowed(host, listen string) bool {
	name := hostName(host)
	switch {
	case name == "":
		return false
	case name == "localhost", strings.HasSuffix(name, ".localhost"):
		return true
	case net.ParseIP(name) != nil:
		return true
	}
	return name == hostName(listen)
}

// hostName returns the host of a Host header or listen address, without
// its port, brackets or trailing dot, in lower case.
func hostName(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// refuseHost answers a request whose Host is not allowed.
func refuseHost(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Blocked request: the host "+quoteHost(r.Host)+" is not this server's. "+
		"The dev server answers to localhost, an IP address and the host of -addr only.", http.StatusForbidden)
}

// quoteHost returns host quoted for a plain-text message, cut short.
func quoteHost(host string) string {
	if len(host) > 100 {
		host = host[:100] + "…"
	}
	return `"` + strings.ToValidUTF8(host, "?") + `"`
}
