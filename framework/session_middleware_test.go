package framework

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goframe/goframe/orm"
)

// sessionRoutes registers the views the session tests drive.
func sessionRoutes(a *App) {
	a.Get("/plain", func(r *Request) Response { return Text("plain") })
	a.Get("/set", func(r *Request) Response {
		if err := r.Session().Set(r.Query("k"), r.Query("v")); err != nil {
			return Error(err)
		}
		return Text("ok")
	})
	a.Get("/get", func(r *Request) Response {
		v, ok := r.Session().Get(r.Query("k"))
		return Text(fmt.Sprintf("%v|%T|%v", v, v, ok))
	})
	a.Get("/count", func(r *Request) Response {
		n, _ := r.Session().GetInt("n")
		if err := r.Session().Set("n", n+1); err != nil {
			return Error(err)
		}
		return Text(strconv.FormatInt(n+1, 10))
	})
	a.Get("/read", func(r *Request) Response {
		n, _ := r.Session().GetInt("n")
		return Text(strconv.FormatInt(n, 10))
	})
	a.Get("/isnew", func(r *Request) Response { return Text(strconv.FormatBool(r.Session().IsNew())) })
	a.Get("/delete", func(r *Request) Response {
		r.Session().Delete(r.Query("k"))
		return Text("ok")
	})
	a.Get("/flush", func(r *Request) Response {
		r.Session().Flush()
		return Text("ok")
	})
	a.Get("/cycle", func(r *Request) Response {
		r.Session().CycleKey()
		return Text("ok")
	})
	a.Get("/expiry", func(r *Request) Response {
		d, err := time.ParseDuration(r.Query("d"))
		if err != nil {
			return BadRequest(err.Error())
		}
		r.Session().SetExpiry(d)
		return Text(r.Session().ExpiryAge().String())
	})
	a.Get("/browserclose", func(r *Request) Response {
		r.Session().SetExpireAtBrowserClose()
		r.Session().Set("b", true)
		return Text(strconv.FormatBool(r.Session().ExpiresAtBrowserClose()))
	})
	a.Get("/fail", func(r *Request) Response {
		r.Session().Set("x", 1)
		return Error(errors.New("boom"))
	})
	a.Get("/vary", func(r *Request) Response {
		r.Session().Get("n")
		return Text("v").WithHeader("Vary", "Accept-Encoding")
	})
}

func TestSessionMiddleware_LazyLoad(t *testing.T) {
	t.Parallel()
	store := &countingStore{SessionStore: NewMemoryStore()}
	app, _ := newSessionApp(t, Config{SessionStore: store})
	sessionRoutes(app)
	b := newBrowser(t, app)

	resp, _ := b.get("/plain")
	if c := sessionSetCookie(resp); c != nil || hasVaryCookie(resp.Header) {
		t.Errorf("a view not using the session: Set-Cookie %v, Vary %q", c, resp.Header.Values("Vary"))
	}
	if l, s, d := store.counts(); l+s+d != 0 {
		t.Errorf("a view not using the session used the store: %d loads, %d saves, %d deletes", l, s, d)
	}
	resp, _ = b.get("/read") // reads an empty new session: no cookie to set
	if c := sessionSetCookie(resp); c != nil || !hasVaryCookie(resp.Header) {
		t.Errorf("reading a new session: Set-Cookie %v, Vary %q; want none, Cookie", c, resp.Header.Values("Vary"))
	}
	if l, s, _ := store.counts(); l != 0 || s != 0 {
		t.Errorf("reading with no cookie: %d loads, %d saves; want none", l, s)
	}
	resp, _ = b.get("/count")
	if c := sessionSetCookie(resp); c == nil {
		t.Fatal("setting a value set no cookie")
	}
	// With a session cookie, a view that ignores the session still costs
	// nothing and changes nothing.
	resp, _ = b.get("/plain")
	if c := sessionSetCookie(resp); c != nil || hasVaryCookie(resp.Header) {
		t.Errorf("with a cookie, a view not using the session: Set-Cookie %v, Vary %q", c, resp.Header.Values("Vary"))
	}
	if l, s, _ := store.counts(); l != 0 || s != 1 {
		t.Errorf("after /count and /plain: %d loads, %d saves; want 0, 1", l, s)
	}
	// Reading loads once, saves nothing.
	resp, body := b.get("/read")
	if body != "1" || sessionSetCookie(resp) != nil || !hasVaryCookie(resp.Header) {
		t.Errorf("/read: body %q, Set-Cookie %v, Vary %q", body, sessionSetCookie(resp), resp.Header.Values("Vary"))
	}
	if l, s, _ := store.counts(); l != 1 || s != 1 {
		t.Errorf("after /read: %d loads, %d saves; want 1, 1", l, s)
	}
}

func TestSessionMiddleware_Stores(t *testing.T) {
	t.Parallel()
	stores := map[string]func(t *testing.T) SessionStore{
		"cookie": func(*testing.T) SessionStore { return nil }, // the App's default
		"memory": func(*testing.T) SessionStore { return NewMemoryStore() },
		"db": func(t *testing.T) SessionStore {
			return NewDBStore(openSessionDB(t, filepath.Join(t.TempDir(), "db.sqlite3")))
		},
	}
	for name, mk := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app, _ := newSessionApp(t, Config{SessionStore: mk(t)})
			sessionRoutes(app)
			b := newBrowser(t, app)
			if _, body := b.get("/isnew"); body != "true" {
				t.Errorf("IsNew without a cookie = %s", body)
			}
			for i := 1; i <= 3; i++ {
				if _, body := b.get("/count"); body != strconv.Itoa(i) {
					t.Fatalf("count %d: got %q", i, body)
				}
			}
			b.get("/set?k=name&v=Zo%C3%AB")
			if _, body := b.get("/get?k=name"); body != "Zoë|string|true" {
				t.Errorf("name: %q", body)
			}
			// Numbers come back as float64, as documented.
			if _, body := b.get("/get?k=n"); body != "3|float64|true" {
				t.Errorf("n: %q", body)
			}
			if _, body := b.get("/isnew"); body != "false" {
				t.Errorf("IsNew with a session = %s", body)
			}
			// Emptying the session deletes its cookie.
			b.get("/delete?k=name")
			resp, _ := b.get("/delete?k=n")
			c := sessionSetCookie(resp)
			if c == nil || c.MaxAge >= 0 || !hasVaryCookie(resp.Header) {
				t.Errorf("emptied session: Set-Cookie %v (want a deletion), Vary %q", c, resp.Header.Values("Vary"))
			}
			if v := b.cookie(SessionCookieName); v != "" {
				t.Errorf("the browser still has the cookie %q", v)
			}
		})
	}
}

func TestSessionMiddleware_CookieAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts SessionOptions
		tls  bool
		want string // the attributes, as Go writes them
	}{
		{"defaults", SessionOptions{}, false, "sessionid=…; Path=/; Expires=…; Max-Age=1209600; HttpOnly; SameSite=Lax"},
		{"https is secure", SessionOptions{}, true, "sessionid=…; Path=/; Expires=…; Max-Age=1209600; HttpOnly; Secure; SameSite=Lax"},
		{"all set", SessionOptions{CookieName: "sid", MaxAge: time.Hour, Path: "/app", Domain: "example.com", Secure: true, NoHttpOnly: true, SameSite: http.SameSiteStrictMode}, false,
			"sid=…; Path=/app; Domain=example.com; Expires=…; Max-Age=3600; Secure; SameSite=Strict"},
		{"samesite none is secure", SessionOptions{SameSite: http.SameSiteNoneMode}, false, "sessionid=…; Path=/; Expires=…; Max-Age=1209600; HttpOnly; Secure; SameSite=None"},
		{"browser close", SessionOptions{ExpireAtBrowserClose: true}, false, "sessionid=…; Path=/; HttpOnly; SameSite=Lax"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := newSessionApp(t, Config{Session: tc.opts})
			sessionRoutes(app)
			if err := app.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			var srv *httptest.Server
			if tc.tls {
				srv = httptest.NewTLSServer(app)
			} else {
				srv = httptest.NewServer(app)
			}
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL + "/count")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := resp.Header.Get("Set-Cookie")
			// Hide the value and the date, which change.
			parts := strings.Split(got, "; ")
			for i, p := range parts {
				if k, _, ok := strings.Cut(p, "="); ok && (i == 0 || k == "Expires") {
					parts[i] = k + "=…"
				}
			}
			if g := strings.Join(parts, "; "); g != tc.want {
				t.Errorf("Set-Cookie:\n got %s\nwant %s", g, tc.want)
			}
		})
	}
}

func TestSessionOptions_Validate(t *testing.T) {
	t.Parallel()
	err := Config{Debug: true, Session: SessionOptions{CookieName: "bad name", MaxAge: -time.Second, Path: "app", Domain: "a;b", SameSite: 9}}.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`Session.CookieName "bad name"`, "Session.MaxAge is -1s", `Session.Path "app" must start with /`, "';'", "Session.SameSite 9"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if err := (Config{Debug: true, Session: SessionOptions{CookieName: "__Host-sid", MaxAge: time.Hour}}).Validate(); err != nil {
		t.Errorf("valid options: %v", err)
	}
}

func TestSessionMiddleware_Vary(t *testing.T) {
	t.Parallel()
	app, _ := newSessionApp(t, Config{})
	sessionRoutes(app)
	b := newBrowser(t, app)
	resp, _ := b.get("/vary")
	got := resp.Header.Values("Vary")
	if strings.Join(got, ",") != "Accept-Encoding,Cookie" {
		t.Errorf("Vary = %q, want the view's and Cookie", got)
	}
}

func TestSessionMiddleware_InvalidCookieIsANewSession(t *testing.T) {
	t.Parallel()
	for _, value := range []string{"garbage", strings.Repeat("a", 32), "e30:zz:AAAA"} {
		app, logs := newSessionApp(t, Config{})
		sessionRoutes(app)
		b := newBrowser(t, app)
		b.setCookie(SessionCookieName, value)
		resp, body := b.get("/read")
		if resp.StatusCode != 200 || body != "0" {
			t.Errorf("cookie %q: %d %q; want an empty session", value, resp.StatusCode, body)
		}
		if c := sessionSetCookie(resp); c == nil || c.MaxAge >= 0 {
			t.Errorf("cookie %q: the invalid cookie is not deleted: %v", value, c)
		}
		if strings.Contains(logs.String(), "level=ERROR") {
			t.Errorf("an invalid cookie was logged as an error: %s", logs)
		}
		// A view that ignores the session leaves the cookie alone.
		b.setCookie(SessionCookieName, value)
		if resp, _ := b.get("/plain"); sessionSetCookie(resp) != nil {
			t.Errorf("cookie %q: /plain set a cookie", value)
		}
	}
}

func TestSessionMiddleware_Fixation(t *testing.T) {
	t.Parallel()
	store := NewMemoryStore()
	app, _ := newSessionApp(t, Config{SessionStore: store})
	sessionRoutes(app)
	b := newBrowser(t, app)
	planted := strings.Repeat("k", 32) // a well-formed key the store never issued
	b.setCookie(SessionCookieName, planted)
	b.get("/set?k=user&v=alice")
	got := b.cookie(SessionCookieName)
	if got == planted || !validSessionKey(got) {
		t.Errorf("the session was saved under %q (planted %q)", got, planted)
	}
	if _, err := store.Load(context.Background(), planted); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("the planted key was adopted: %v", err)
	}
}

func TestSessionMiddleware_CycleKeyAndFlush(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := NewMemoryStore()
	app, _ := newSessionApp(t, Config{SessionStore: store})
	sessionRoutes(app)
	b := newBrowser(t, app)

	b.get("/set?k=user&v=alice")
	key1 := b.cookie(SessionCookieName)
	resp, _ := b.get("/cycle")
	key2 := b.cookie(SessionCookieName)
	if sessionSetCookie(resp) == nil || key2 == key1 || !validSessionKey(key2) {
		t.Fatalf("CycleKey: key %q → %q", key1, key2)
	}
	if _, body := b.get("/get?k=user"); body != "alice|string|true" {
		t.Errorf("after CycleKey the data is %q", body)
	}
	if _, err := store.Load(ctx, key1); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("the old key still names a session after CycleKey: %v", err)
	}

	resp, _ = b.get("/flush")
	if c := sessionSetCookie(resp); c == nil || c.MaxAge >= 0 {
		t.Errorf("Flush did not delete the cookie: %v", c)
	}
	if _, err := store.Load(ctx, key2); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("the session survives Flush in the store: %v", err)
	}
	if n := store.Len(); n != 0 {
		t.Errorf("%d sessions left in the store after Flush", n)
	}
	// Replaying the old cookie (a copy kept by an attacker) gets nothing.
	b.setCookie(SessionCookieName, key2)
	if _, body := b.get("/get?k=user"); body != "<nil>|<nil>|false" {
		t.Errorf("replayed cookie after Flush: %q", body)
	}
	// Flush then set (logout, then a message): a new key.
	app.Get("/logout", func(r *Request) Response {
		r.Session().Flush()
		r.Session().Set("bye", true)
		return Text("ok")
	})
	b.get("/set?k=user&v=bob")
	key3 := b.cookie(SessionCookieName)
	b.get("/logout")
	key4 := b.cookie(SessionCookieName)
	if key4 == "" || key4 == key3 {
		t.Errorf("Flush then Set: key %q → %q, want a new one", key3, key4)
	}
	if _, body := b.get("/get?k=user"); body != "<nil>|<nil>|false" {
		t.Errorf("after logout: user = %q", body)
	}
}

func TestSessionMiddleware_DeletedWhileRunning(t *testing.T) {
	t.Parallel()
	store := NewMemoryStore()
	app, logs := newSessionApp(t, Config{SessionStore: store})
	sessionRoutes(app)
	app.Get("/race", func(r *Request) Response {
		r.Session().Get("user") // loaded
		key, _ := r.Cookie(SessionCookieName)
		store.Delete(r.Context(), key) // a logout in another request
		r.Session().Set("late", "write")
		return Text("ok")
	})
	b := newBrowser(t, app)
	b.get("/set?k=user&v=alice")
	resp, _ := b.get("/race")
	if c := sessionSetCookie(resp); c == nil || c.MaxAge >= 0 {
		t.Errorf("Set-Cookie = %v, want the cookie deleted", c)
	}
	if n := store.Len(); n != 0 {
		t.Errorf("the deleted session was brought back: %d sessions", n)
	}
	if !strings.Contains(logs.String(), "deleted while the request ran") {
		t.Errorf("not logged: %s", logs)
	}
}

func TestSessionMiddleware_Expiry(t *testing.T) {
	t.Parallel()
	app, _ := newSessionApp(t, Config{SessionStore: NewMemoryStore()})
	sessionRoutes(app)
	b := newBrowser(t, app)
	maxAge := func(resp *http.Response) string {
		c := sessionSetCookie(resp)
		if c == nil {
			return "no cookie"
		}
		if c.MaxAge == 0 && c.RawExpires == "" {
			return "browser"
		}
		return strconv.Itoa(c.MaxAge)
	}
	steps := []struct{ path, want string }{
		{"/count", "1209600"},
		{"/expiry?d=1h", "3600"},
		{"/count", "3600"}, // the session's own expiry is kept
		{"/browserclose", "browser"},
		{"/count", "browser"},
		{"/expiry?d=0s", "1209600"}, // back to the default
		{"/count", "1209600"},
	}
	for _, st := range steps {
		if resp, _ := b.get(st.path); maxAge(resp) != st.want {
			t.Errorf("%s: Max-Age %s, want %s", st.path, maxAge(resp), st.want)
		}
	}
	if _, body := b.get("/get?k=_session_expiry"); body != "<nil>|<nil>|false" {
		t.Errorf("the expiry shows among the data: %q", body)
	}

	// The site-wide policy, and a session choosing otherwise.
	app2, _ := newSessionApp(t, Config{Session: SessionOptions{ExpireAtBrowserClose: true, MaxAge: time.Hour}})
	sessionRoutes(app2)
	b2 := newBrowser(t, app2)
	for _, st := range []struct{ path, want string }{
		{"/count", "browser"},
		{"/expiry?d=10m", "600"},
		{"/count", "600"},
	} {
		if resp, _ := b2.get(st.path); maxAge(resp) != st.want {
			t.Errorf("ExpireAtBrowserClose: %s: Max-Age %s, want %s", st.path, maxAge(resp), st.want)
		}
	}
}

func TestSessionMiddleware_SaveEveryRequest(t *testing.T) {
	t.Parallel()
	store := &countingStore{SessionStore: NewMemoryStore()}
	app, _ := newSessionApp(t, Config{SessionStore: store, Session: SessionOptions{SaveEveryRequest: true}})
	sessionRoutes(app)
	b := newBrowser(t, app)
	if resp, _ := b.get("/plain"); sessionSetCookie(resp) != nil {
		t.Error("no session: a cookie was set")
	}
	b.get("/count")
	key := b.cookie(SessionCookieName)
	resp, _ := b.get("/plain")
	if c := sessionSetCookie(resp); c == nil || c.Value != key || c.MaxAge != int(DefaultSessionMaxAge/time.Second) {
		t.Errorf("SaveEveryRequest: /plain Set-Cookie %v, want the session's renewed", c)
	}
	if _, s, _ := store.counts(); s != 2 {
		t.Errorf("%d saves, want 2", s)
	}
}

func TestSessionMiddleware_EmptyNewSessionIsNotSaved(t *testing.T) {
	t.Parallel()
	store := NewMemoryStore()
	app, _ := newSessionApp(t, Config{SessionStore: store})
	app.Get("/setdel", func(r *Request) Response {
		r.Session().Set("a", 1)
		r.Session().Delete("a")
		return Text(strconv.FormatBool(r.Session().Modified()))
	})
	b := newBrowser(t, app)
	resp, body := b.get("/setdel")
	if body != "true" || sessionSetCookie(resp) != nil || store.Len() != 0 {
		t.Errorf("a session emptied in its first request: modified %s, Set-Cookie %v, %d stored", body, sessionSetCookie(resp), store.Len())
	}
}

func TestSessionMiddleware_ServerErrorIsNotSaved(t *testing.T) {
	t.Parallel()
	store := NewMemoryStore()
	app, _ := newSessionApp(t, Config{SessionStore: store})
	sessionRoutes(app)
	b := newBrowser(t, app)
	resp, _ := b.get("/fail")
	if resp.StatusCode != 500 || sessionSetCookie(resp) != nil || store.Len() != 0 {
		t.Errorf("a 500: status %d, Set-Cookie %v, %d sessions stored", resp.StatusCode, sessionSetCookie(resp), store.Len())
	}
}

func TestSessionMiddleware_TooLargeForACookie(t *testing.T) {
	t.Parallel()
	app, logs := newSessionApp(t, Config{})
	sessionRoutes(app)
	app.Get("/big", func(r *Request) Response {
		blob := make([]byte, 3000)
		rand.Read(blob)
		r.Session().Set("blob", hex.EncodeToString(blob))
		return Text("big")
	})
	b := newBrowser(t, app)
	b.get("/set?k=user&v=alice")
	before := b.cookie(SessionCookieName)
	resp, body := b.get("/big")
	if resp.StatusCode != 200 || body != "big" {
		t.Errorf("/big: %d %q", resp.StatusCode, body)
	}
	if c := sessionSetCookie(resp); c != nil {
		t.Errorf("an oversized session set a cookie of %d bytes", len(c.Value))
	}
	if got := b.cookie(SessionCookieName); got != before {
		t.Error("the previous cookie was changed")
	}
	if l := logs.String(); !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "too large") || !strings.Contains(l, "4093") || !strings.Contains(l, "path=/big") {
		t.Errorf("the oversized session was not logged clearly: %s", l)
	}
	if _, body := b.get("/get?k=user"); body != "alice|string|true" {
		t.Errorf("after the failed save the session holds %q", body)
	}
}

func TestSessionMiddleware_StreamsFilesAndHijack(t *testing.T) {
	t.Parallel()
	app, _ := newSessionApp(t, Config{})
	dir := t.TempDir()
	content := strings.Repeat("file content ", 10000)
	path := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	app.Get("/stream", func(r *Request) Response {
		r.Session().Set("s", 1)
		return Stream("text/plain", func(w io.Writer) error {
			for i := range 3 {
				fmt.Fprintf(w, "chunk %d\n", i)
			}
			return nil
		})
	})
	app.Get("/file", func(r *Request) Response {
		r.Session().Set("f", 1)
		return File(path)
	})
	app.Get("/written", func(r *Request) Response {
		r.Session().Set("w", 1)
		w := r.ResponseWriter()
		rc := http.NewResponseController(w)
		io.WriteString(w, "flushed")
		if err := rc.Flush(); err != nil {
			return Error(err)
		}
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			io.WriteString(w, " deadline: "+err.Error())
		}
		if _, ok := w.(io.ReaderFrom); !ok {
			io.WriteString(w, " no ReaderFrom")
		}
		return Written()
	})
	app.Handle(http.MethodGet, "/hijack", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		SessionFrom(req.Context()).Set("h", 1)
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhijack")
		rw.Flush()
	}))
	b := newBrowser(t, app)
	for _, tc := range []struct {
		path, body string
		cookie     bool
	}{
		{"/stream", "chunk 0\nchunk 1\nchunk 2\n", true},
		{"/file", content, true},
		{"/written", "flushed", true},
		{"/hijack", "hijack", false},
	} {
		resp, body := b.get(tc.path)
		if body != tc.body {
			t.Errorf("%s: body %.60q, want %.60q", tc.path, body, tc.body)
		}
		if got := sessionSetCookie(resp) != nil; got != tc.cookie {
			t.Errorf("%s: session cookie set = %v, want %v", tc.path, got, tc.cookie)
		}
	}
}

// switchHandler serves through the App it currently holds: one server
// (one cookie jar) whose App is replaced, as a deployment replaces it.
type switchHandler struct{ app atomic.Pointer[App] }

func (s *switchHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.app.Load().ServeHTTP(w, r)
}

func TestSessionMiddleware_SecretKeyRotation(t *testing.T) {
	t.Parallel()
	const oldKey, newKey = "old-secret-key-0123456789-0123456789", "new-secret-key-0123456789-0123456789"
	mk := func(secret string, fallbacks ...string) *App {
		a, _ := newSessionApp(t, Config{SecretKey: secret, SecretKeyFallbacks: fallbacks})
		sessionRoutes(a)
		return a
	}
	sw := &switchHandler{}
	sw.app.Store(mk(oldKey))
	b := newBrowser(t, sw)
	b.get("/count")
	b.get("/count")
	signedOld := b.cookie(SessionCookieName)

	sw.app.Store(mk(newKey, oldKey)) // rotated: SECRET_KEY_FALLBACKS=old
	if _, body := b.get("/read"); body != "2" {
		t.Fatalf("after rotation the session reads %q, want 2", body)
	}
	if b.cookie(SessionCookieName) != signedOld {
		t.Error("reading re-set the cookie")
	}
	b.get("/count") // the next save re-signs with the new key

	sw.app.Store(mk(newKey)) // the fallback removed
	if _, body := b.get("/read"); body != "3" {
		t.Errorf("re-signed session after the fallback's removal reads %q, want 3", body)
	}
	b.setCookie(SessionCookieName, signedOld)
	if _, body := b.get("/read"); body != "0" {
		t.Errorf("a cookie signed with the removed key reads %q, want an empty session", body)
	}
}

func TestSessionMiddleware_DBSharedByTwoApps(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db.sqlite3")
	openSessionDB(t, path) // creates the table
	mk := func() *httptest.Server {
		db, err := orm.Open("sqlite:///" + path) // each worker process opens the file
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		app, _ := newSessionApp(t, Config{SessionStore: NewDBStore(db)})
		sessionRoutes(app)
		srv := httptest.NewServer(app)
		t.Cleanup(srv.Close)
		return srv
	}
	srv1, srv2 := mk(), mk()
	b1, b2 := newBrowserOn(t, srv1), newBrowserOn(t, srv2)
	b1.get("/set?k=user&v=alice")
	b1.get("/count")
	b2.setCookie(SessionCookieName, b1.cookie(SessionCookieName)) // the same client, the other worker
	if _, body := b2.get("/get?k=user"); body != "alice|string|true" {
		t.Errorf("worker 2 reads %q", body)
	}
	if _, body := b2.get("/count"); body != "2" {
		t.Errorf("worker 2 counts %q", body)
	}
	if _, body := b1.get("/read"); body != "2" {
		t.Errorf("worker 1 reads %q after worker 2's change", body)
	}
	b2.get("/flush") // logout on worker 2 ends the session on worker 1 too
	if _, body := b1.get("/get?k=user"); body != "<nil>|<nil>|false" {
		t.Errorf("worker 1 after logout on worker 2: %q", body)
	}
}

func TestSessionMiddleware_ConcurrentClients(t *testing.T) {
	t.Parallel()
	for name, store := range map[string]SessionStore{"cookie": nil, "memory": NewMemoryStore()} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app, _ := newSessionApp(t, Config{SessionStore: store})
			sessionRoutes(app)
			app.Get("/fanout", func(r *Request) Response {
				s := r.Session()
				var wg sync.WaitGroup
				for i := range 8 {
					wg.Go(func() {
						s.Set("k"+strconv.Itoa(i), i)
						s.Get("k0")
						s.Keys()
					})
				}
				wg.Wait()
				return Text(strconv.Itoa(s.Len()))
			})
			srv := httptest.NewServer(app)
			defer srv.Close()
			var wg sync.WaitGroup
			for range 8 {
				b := newBrowserOn(t, srv)
				wg.Go(func() {
					for i := 1; i <= 10; i++ {
						if _, body := b.get("/count"); body != strconv.Itoa(i) {
							t.Errorf("count %d: got %q", i, body)
							return
						}
					}
					if _, body := b.get("/fanout"); body != "9" {
						t.Errorf("fanout: %q keys, want 9", body)
					}
				})
			}
			wg.Wait()
		})
	}
}

func TestSessionMiddleware_StoreFailureIs500(t *testing.T) {
	t.Parallel()
	db, err := orm.Open("sqlite:///" + filepath.Join(t.TempDir(), "db.sqlite3")) // no table: every query fails
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	app, logs := newSessionApp(t, Config{SessionStore: NewDBStore(db)})
	sessionRoutes(app)
	b := newBrowser(t, app)
	b.setCookie(SessionCookieName, strings.Repeat("a", 32))
	resp, body := b.get("/read")
	if resp.StatusCode != 500 || !strings.Contains(body, "goframe_session") {
		t.Errorf("store failure: %d %q; want a 500 naming the table (DEBUG)", resp.StatusCode, body)
	}
	if c := sessionSetCookie(resp); c != nil {
		t.Errorf("store failure changed the cookie: %v", c)
	}
	// Without a cookie there is nothing to load; saving the new session
	// fails after the view answered: logged, and no cookie.
	b2 := newBrowser(t, app)
	resp, body = b2.get("/count")
	if resp.StatusCode != 200 || body != "1" || sessionSetCookie(resp) != nil {
		t.Errorf("/count: %d %q, Set-Cookie %v", resp.StatusCode, body, sessionSetCookie(resp))
	}
	if l := logs.String(); !strings.Contains(l, "the session was not saved") || !strings.Contains(l, "goframe_session") {
		t.Errorf("the failed save was not logged: %s", l)
	}
}

// dutyState is a reqState whose only duty is a CSRF state, for tests of
// when responseState runs the duties.
func dutyState(w http.ResponseWriter) (*responseState, *csrfState) {
	rs := &reqState{req: httptest.NewRequest("GET", "/", nil)}
	rs.csrf = &rs.csrfV
	rs.csrf.secret, rs.csrf.update = "s", true
	rs.responseV = responseState{ResponseWriter: w, duties: rs}
	rs.response = &rs.responseV
	return rs.response, rs.csrf
}

func TestResponseState_DutiesRunOnceBeforeTheHeader(t *testing.T) {
	t.Parallel()
	// 1xx headers do not count as the response's header.
	rec := httptest.NewRecorder()
	st, cs := dutyState(rec)
	st.WriteHeader(http.StatusEarlyHints)
	if cs.sent {
		t.Error("a 103 ran the duties")
	}
	st.Write([]byte("x"))
	if !cs.sent || !strings.Contains(rec.Header().Get("Set-Cookie"), CSRFCookieName+"=s") {
		t.Errorf("the first Write did not run the duties: %v", rec.Header())
	}
	cs.sent = false
	st.WriteHeader(500) // superfluous: ignored by the recorder, no second run
	st.finish()
	if cs.sent || len(rec.Header()["Set-Cookie"]) != 1 {
		t.Errorf("the duties ran twice: %v", rec.Header()["Set-Cookie"])
	}
	var _ http.Flusher = st
	var _ http.Hijacker = st
	var _ io.ReaderFrom = st
	var _ io.StringWriter = st
	// Hijack on a writer that cannot: an error, and the duties still run.
	st, cs = dutyState(httptest.NewRecorder())
	if _, _, err := st.Hijack(); err == nil {
		t.Error("Hijack on a recorder succeeded")
	}
	st.finish()
	if !cs.sent {
		t.Error("a failed Hijack stopped the duties")
	}
	// A reader copied through a writer without ReadFrom.
	st, _ = dutyState(struct{ http.ResponseWriter }{httptest.NewRecorder()})
	if n, err := st.ReadFrom(bufio.NewReader(strings.NewReader("abc"))); n != 3 || err != nil {
		t.Errorf("ReadFrom = %d, %v", n, err)
	}
}
