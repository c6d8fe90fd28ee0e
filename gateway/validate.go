package gateway

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/goframe/goframe/gateway/internal/accesslog"
	"github.com/goframe/goframe/gateway/internal/h1"
	"github.com/goframe/goframe/gateway/internal/proxy"
)

// Validate checks what single values cannot: the settings that depend on
// each other or on files. Its error is a *SettingError.
func (c *Config) Validate() error {
	bad := func(setting string, err error) error {
		return &SettingError{Setting: setting, Source: "config", Err: err}
	}
	if len(c.Bind) == 0 {
		return bad("bind", errors.New("no address to bind"))
	}
	for _, b := range c.Bind {
		if _, err := ParseBind(b); err != nil {
			return bad("bind", err)
		}
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return bad("certfile", errors.New("--certfile and --keyfile go together: give both or neither"))
	}
	for _, f := range []struct{ setting, path string }{{"certfile", c.CertFile}, {"keyfile", c.KeyFile}} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			return bad(f.setting, err)
		}
	}
	if c.CertFile != "" && c.Protocol != "http" {
		return bad("certfile", fmt.Errorf("TLS is for --protocol http, not %s", c.Protocol))
	}
	if _, err := proxy.ParseTrust(c.ForwardedAllowIPs); err != nil {
		return bad("forwarded_allow_ips", err)
	}
	if _, err := proxy.ParseTrust(c.ProxyAllowIPs); err != nil {
		return bad("proxy_allow_ips", err)
	}
	if c.AccessLogFormat != "json" {
		if _, err := accesslog.Compile(c.AccessLogFormat); err != nil {
			return bad("access_log_format", err)
		}
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return bad("loglevel", err)
	}
	return nil
}

// checkParams applies the request-head limits to a request that came as
// CGI parameters (FastCGI), where there is no request line to measure: the
// method, URI and protocol stand for it, and each header for a field line.
func checkParams(r *http.Request, l h1.Limits) *h1.Error {
	line := len(r.Method) + 1 + len(r.RequestURI) + 1 + len(r.Proto)
	if l.RequestLine > 0 && line > l.RequestLine {
		return &h1.Error{Status: http.StatusBadRequest, Kind: "LimitRequestLine",
			Reason: fmt.Sprintf("Request Line is too large (%d > %d)", line, l.RequestLine)}
	}
	fields, size := 0, l.FieldSize
	if size <= 0 {
		size = DefaultLimitRequestFieldSize
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			fields++
			if n := len(k) + 2 + len(v) + 2; n > size { // "name: value\r\n", as Gunicorn counts

				return &h1.Error{Status: http.StatusRequestHeaderFieldsTooLarge, Kind: "LimitRequestHeaders",
					Reason: fmt.Sprintf("Request header field %q is too large (%d > %d)", k, n, size)}
			}
			if strings.ContainsAny(v, "\x00\r\n") {
				return &h1.Error{Status: http.StatusBadRequest, Kind: "InvalidHeader",
					Reason: fmt.Sprintf("invalid character in header %q", k)}
			}
		}
	}
	if l.Fields > 0 && fields > l.Fields {
		return &h1.Error{Status: http.StatusRequestHeaderFieldsTooLarge, Kind: "LimitRequestHeaders",
			Reason: fmt.Sprintf("too many header fields (%d > %d)", fields, l.Fields)}
	}
	return nil
}
