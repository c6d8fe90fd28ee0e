package framework

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
)

// What the DEBUG page masks, as Django's SafeExceptionReporterFilter:
// values whose names look secret are shown as cleansedValue.
var (
	// sensitiveRequestName matches the headers, cookies, query
	// parameters and form fields whose values are masked.
	sensitiveRequestName = regexp.MustCompile(`(?i)(pass|secret|token|key|auth|session|csrf|signature|api)`)
	// sensitiveSettingName matches the settings whose values are masked
	// (Django's HIDDEN_SETTINGS).
	sensitiveSettingName = regexp.MustCompile(`(?i)(api|auth|token|key|secret|pass|signature)`)
	// dsnSecret matches a secret in a key=value connection string.
	dsnSecret = regexp.MustCompile(`(?i)\b(\w*(?:pass|pwd|secret|token|key)\w*)\s*=\s*('[^']*'|\S+)`)
)

// cleansedValue stands for a masked value (Django's
// cleansed_substitute).
const cleansedValue = "********************"

// alwaysMaskedHeaders hold credentials whatever their name says.
var alwaysMaskedHeaders = map[string]bool{"Cookie": true, "Authorization": true, "Proxy-Authorization": true}

// requestReport is the request as the DEBUG page shows it.
type requestReport struct {
	Method     string      `json:"method"`
	URL        string      `json:"url"`
	Path       string      `json:"path"`
	Proto      string      `json:"proto"`
	RemoteAddr string      `json:"remote_addr"`
	RequestID  string      `json:"request_id,omitempty"`
	Params     []nameValue `json:"params,omitempty"`
	Headers    []nameValue `json:"headers"`
	Query      []nameValue `json:"query,omitempty"`
	Form       []nameValue `json:"form,omitempty"`
	Files      []nameValue `json:"files,omitempty"`
	Cookies    []nameValue `json:"cookies,omitempty"`
}

// requestInfo describes r with its secrets masked. The form shows only
// when a view already parsed it: the page never reads the body.
func requestInfo(w http.ResponseWriter, r *http.Request) requestReport {
	rep := requestReport{
		Method:     r.Method,
		Path:       r.URL.Path,
		Proto:      r.Proto,
		RemoteAddr: r.RemoteAddr,
		RequestID:  requestID(w, r),
	}
	scheme := "http"
	if isHTTPS(r) {
		scheme = "https"
	}
	rep.URL = scheme + "://" + r.Host + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		rep.URL += "?" + maskQuery(r.URL.RawQuery, sensitiveRequestName)
	}
	if rctx := chi.RouteContext(r.Context()); rctx != nil {
		for i, k := range rctx.URLParams.Keys {
			if k != "*" && i < len(rctx.URLParams.Values) {
				rep.Params = append(rep.Params, nameValue{k, maskIf(sensitiveRequestName, k, rctx.URLParams.Values[i])})
			}
		}
	}
	for _, k := range sortedKeys(r.Header) {
		v := strings.Join(r.Header[k], ", ")
		switch {
		case alwaysMaskedHeaders[k] || sensitiveRequestName.MatchString(k):
			v = cleansedValue
		case k == "Referer" || k == "Origin":
			if before, q, ok := strings.Cut(v, "?"); ok {
				v = before + "?" + maskQuery(q, sensitiveRequestName)
			}
		}
		rep.Headers = append(rep.Headers, nameValue{k, v})
	}
	if r.Host != "" && r.Header.Get("Host") == "" {
		rep.Headers = append([]nameValue{{"Host", r.Host}}, rep.Headers...)
	}
	rep.Query = maskedValues(r.URL.Query())
	if r.PostForm != nil {
		rep.Form = maskedValues(r.PostForm)
	}
	if mf := r.MultipartForm; mf != nil {
		if r.PostForm == nil {
			rep.Form = maskedValues(mf.Value)
		}
		for _, k := range sortedKeys(mf.File) {
			for _, fh := range mf.File[k] {
				rep.Files = append(rep.Files, nameValue{k, fmt.Sprintf("%s (%d bytes, %s)", fh.Filename, fh.Size, fh.Header.Get("Content-Type"))})
			}
		}
	}
	for _, c := range r.Cookies() {
		rep.Cookies = append(rep.Cookies, nameValue{c.Name, maskIf(sensitiveRequestName, c.Name, c.Value)})
	}
	return rep
}

// maskIf returns value, or the mask when name matches re.
func maskIf(re *regexp.Regexp, name, value string) string {
	if re.MatchString(name) {
		return cleansedValue
	}
	return value
}

// maskedValues lists form or query values, sorted, secrets masked.
func maskedValues(vs map[string][]string) []nameValue {
	var out []nameValue
	for _, k := range sortedKeys(vs) {
		for _, v := range vs[k] {
			out = append(out, nameValue{k, maskIf(sensitiveRequestName, k, v)})
		}
	}
	return out
}

// maskQuery masks the values of a raw query's sensitive parameters,
// keeping the rest as sent.
func maskQuery(raw string, re *regexp.Regexp) string {
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if ok && re.MatchString(name) {
			parts[i] = k + "=" + cleansedValue
		}
	}
	return strings.Join(parts, "&")
}

// maskDSN masks the password of a URL (DATABASE_URL), its sensitive
// query parameters, and the secrets of a key=value connection string.
func maskDSN(s string) string {
	if scheme, rest, ok := strings.Cut(s, "://"); ok {
		authority := rest
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			authority = rest[:i]
		}
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			if user, _, hasPass := strings.Cut(authority[:at], ":"); hasPass {
				rest = user + ":" + cleansedValue + rest[at:]
			}
		}
		if before, q, ok := strings.Cut(rest, "?"); ok {
			frag := ""
			if i := strings.IndexByte(q, '#'); i >= 0 {
				q, frag = q[:i], q[i:]
			}
			rest = before + "?" + maskQuery(q, sensitiveSettingName) + frag
		}
		return scheme + "://" + rest
	}
	if strings.Contains(s, "=") {
		return dsnSecret.ReplaceAllString(s, "${1}="+cleansedValue)
	}
	return s
}

// settingsInfo lists the configuration as the DEBUG page shows it:
// every exported field of Config, in order, nested options as
// "Security.HSTSSeconds"; a setting whose name looks secret (SecretKey,
// SecretKeyFallbacks) is always masked, passwords in URLs are masked,
// and values that are not plain data (the logger, file systems, stores)
// show only their type.
func settingsInfo(cfg Config) []nameValue {
	var out []nameValue
	settingsOf(reflect.ValueOf(cfg), "", 0, &out)
	return out
}

func settingsOf(v reflect.Value, prefix string, depth int, out *[]nameValue) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := prefix + f.Name
		fv := v.Field(i)
		switch {
		case sensitiveSettingName.MatchString(f.Name):
			*out = append(*out, nameValue{name, cleansedValue})
		case fv.Kind() == reflect.Struct && depth < 3 && f.Type != reflect.TypeFor[time.Time]():
			n := len(*out)
			settingsOf(fv, name+".", depth+1, out)
			if len(*out) == n {
				*out = append(*out, nameValue{name, "{}"})
			}
		default:
			*out = append(*out, nameValue{name, settingValue(fv)})
		}
	}
}

// settingValue formats one setting: plain data in Go syntax, anything
// else by its type.
func settingValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return strconv.Quote(maskDSN(v.String()))
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if d, ok := v.Interface().(time.Duration); ok {
			return d.String()
		}
		return fmt.Sprint(v.Interface())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			items := make([]string, v.Len())
			for i := range items {
				items[i] = strconv.Quote(maskDSN(v.Index(i).String()))
			}
			return "[" + strings.Join(items, ", ") + "]"
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String && v.Type().Elem().Kind() == reflect.String {
			keys := make([]string, 0, v.Len())
			for _, k := range v.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			items := make([]string, len(keys))
			for i, k := range keys {
				val := maskIf(sensitiveSettingName, k, maskDSN(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())).String()))
				items[i] = strconv.Quote(k) + ": " + strconv.Quote(val)
			}
			return "{" + strings.Join(items, ", ") + "}"
		}
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("%T", v.Interface())
	}
	if (v.Kind() == reflect.Slice || v.Kind() == reflect.Map || v.Kind() == reflect.Func || v.Kind() == reflect.Chan) && v.IsNil() {
		return "nil"
	}
	return v.Type().String()
}
