package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// TestLogin is the journey of a visitor: anonymous, a failed login, a
// login, pages that know them, a logout — with each session store.
func TestLogin(t *testing.T) {
	t.Parallel()
	for _, store := range allStores {
		t.Run(string(store), func(t *testing.T) {
			t.Parallel()
			ta := newTestApp(t, store)
			alice := createUser(t, ta.db, "alice")
			c := ta.client()

			if got := get(t, c, "/").Text(); got != "Hello AnonymousUser" {
				t.Errorf("home, anonymous: %q", got)
			}
			for _, tt := range []struct{ username, password, msg string }{
				{"bob", testPassword, "Incorrect username."},
				{"alice", "guess", "Incorrect password."},
			} {
				resp, err := c.PostForm("/login/", url.Values{"username": {tt.username}, "password": {tt.password}})
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != 200 || !strings.Contains(resp.Text(), tt.msg) {
					t.Errorf("login as %s/%s: %d %q, want 200 and %q", tt.username, tt.password, resp.StatusCode, resp.Text(), tt.msg)
				}
			}
			if who, _ := whoami(t, c); who != "anonymous" {
				t.Errorf("after failed logins the client is %q", who)
			}

			before := time.Now().Add(-time.Second)
			login(t, c, "alice", testPassword)
			if got := get(t, c, "/").Text(); got != "Hello alice" {
				t.Errorf("home, logged in: %q", got)
			}
			if who, _ := whoami(t, c); who != "alice" {
				t.Errorf("whoami after login: %q", who)
			}
			stored, err := orm.Get[auth.User](context.Background(), ta.db, alice.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.LastLogin == nil || stored.LastLogin.Before(before) {
				t.Errorf("last_login = %v, want the login's time", stored.LastLogin)
			}

			resp, err := c.PostForm("/logout/", nil)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 302 {
				t.Fatalf("logout: %d", resp.StatusCode)
			}
			if got := get(t, c, "/").Text(); got != "Hello AnonymousUser" {
				t.Errorf("home after logout: %q", got)
			}
		})
	}
}

// TestLogin_SessionFixation: a session key planted in the victim's
// browser before the login gives the attacker nothing after it.
func TestLogin_SessionFixation(t *testing.T) {
	t.Parallel()
	for _, store := range allStores {
		t.Run(string(store), func(t *testing.T) {
			t.Parallel()
			ta := newTestApp(t, store)
			createUser(t, ta.db, "alice")
			victim := ta.client()
			if _, err := victim.PostForm("/visit/", nil); err != nil {
				t.Fatal(err)
			}
			planted := victim.Cookie(framework.SessionCookieName)
			if planted == nil {
				t.Fatal("no session cookie after /visit/")
			}
			attacker := ta.client()
			attacker.SetCookie(&http.Cookie{Name: planted.Name, Value: planted.Value})

			login(t, victim, "alice", testPassword)
			after := victim.Cookie(framework.SessionCookieName)
			if after == nil || after.Value == planted.Value {
				t.Fatalf("the session key did not change at login (%v)", after)
			}
			if who, visited := whoami(t, victim); who != "alice" || !visited {
				t.Errorf("victim after login: %q, visited %v; want alice with the session's data kept", who, visited)
			}
			who, visited := whoami(t, attacker)
			if who != "anonymous" {
				t.Errorf("the attacker's planted session is %q's", who)
			}
			if store != cookieStore && visited {
				t.Error("the planted session key still names the session in the server's store")
			}
		})
	}
}

// TestLogin_OtherUsersSession: logging in over another user's session
// keeps nothing of it.
func TestLogin_OtherUsersSession(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, memoryStore)
	createUser(t, ta.db, "alice")
	createUser(t, ta.db, "bob")
	c := ta.client()
	login(t, c, "alice", testPassword)
	if _, err := c.PostForm("/visit/", nil); err != nil {
		t.Fatal(err)
	}
	login(t, c, "bob", testPassword)
	if who, visited := whoami(t, c); who != "bob" || visited {
		t.Errorf("after bob's login over alice's session: %q, visited %v; want bob with an empty session", who, visited)
	}
}

func TestLogin_RotatesCSRFToken(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, cookieStore)
	createUser(t, ta.db, "alice")
	c := ta.client()
	if _, err := c.PostForm("/visit/", nil); err != nil { // the client makes up a CSRF cookie
		t.Fatal(err)
	}
	before := c.Cookie(framework.CSRFCookieName)
	login(t, c, "alice", testPassword)
	after := c.Cookie(framework.CSRFCookieName)
	if before == nil || after == nil || before.Value == after.Value {
		t.Errorf("CSRF cookie %v before login, %v after: want it rotated", before, after)
	}
}

// TestLogout_EndsCopies: with a server-side store, a copy of the
// session cookie taken before the logout names nothing after it.
func TestLogout_EndsCopies(t *testing.T) {
	t.Parallel()
	for _, store := range []storeKind{memoryStore, dbStore} {
		t.Run(string(store), func(t *testing.T) {
			t.Parallel()
			ta := newTestApp(t, store)
			createUser(t, ta.db, "alice")
			c := ta.client()
			login(t, c, "alice", testPassword)
			stolen := ta.client()
			stolen.SetCookie(c.Cookie(framework.SessionCookieName))
			if who, _ := whoami(t, stolen); who != "alice" {
				t.Fatalf("the copied cookie is %q's before the logout", who)
			}
			if _, err := c.PostForm("/logout/", nil); err != nil {
				t.Fatal(err)
			}
			if who, _ := whoami(t, stolen); who != "anonymous" {
				t.Errorf("the copied cookie is %q's after the logout", who)
			}
		})
	}
}

// TestPasswordChange_LogsOutOtherSessions: the session auth hash.
func TestPasswordChange_LogsOutOtherSessions(t *testing.T) {
	t.Parallel()
	for _, store := range allStores {
		t.Run(string(store), func(t *testing.T) {
			t.Parallel()
			ta := newTestApp(t, store)
			alice := createUser(t, ta.db, "alice")
			laptop, phone := ta.client(), ta.client()
			login(t, laptop, "alice", testPassword)
			login(t, phone, "alice", testPassword)

			resp, err := laptop.PostForm("/password/", url.Values{"password": {"another passphrase"}})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Text() != "changed" {
				t.Fatalf("password change: %d %q", resp.StatusCode, resp.Text())
			}
			if who, _ := whoami(t, laptop); who != "alice" {
				t.Errorf("the session that changed the password is %q's, want alice's still", who)
			}
			if who, _ := whoami(t, phone); who != "anonymous" {
				t.Errorf("the other session is %q's after the password change, want logged out", who)
			}

			// A change made elsewhere (changepassword) logs out every session.
			if err := auth.SetPassword(context.Background(), ta.db, alice, "yet another one"); err != nil {
				t.Fatal(err)
			}
			if who, _ := whoami(t, laptop); who != "anonymous" {
				t.Errorf("after SetPassword elsewhere the session is %q's", who)
			}
		})
	}
}

// TestMiddleware_UserGone: an inactive or deleted user is anonymous.
func TestMiddleware_UserGone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ta := newTestApp(t, cookieStore)
	alice, bob := createUser(t, ta.db, "alice"), createUser(t, ta.db, "bob")
	ca, cb := ta.client(), ta.client()
	login(t, ca, "alice", testPassword)
	login(t, cb, "bob", testPassword)
	if _, err := orm.Objects[auth.User](ta.db).Filter("id", alice.ID).Update(ctx, map[string]any{"is_active": false}); err != nil {
		t.Fatal(err)
	}
	if err := orm.Delete(ctx, ta.db, bob); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*framework.TestClient{"deactivated": ca, "deleted": cb} {
		if who, _ := whoami(t, c); who != "anonymous" {
			t.Errorf("%s user's session is %q's", name, who)
		}
	}
}

// TestSecretKeyRotation: sessions logged in under a key now in
// SECRET_KEY_FALLBACKS stay logged in.
func TestSecretKeyRotation(t *testing.T) {
	t.Parallel()
	dbURL, db := migratedDB(t)
	createUser(t, db, "alice")
	newApp := func(key string, fallbacks ...string) *framework.App {
		app := framework.New(framework.Config{SecretKey: key, SecretKeyFallbacks: fallbacks,
			AllowedHosts: []string{"example.com"}, DatabaseURL: dbURL, TemplatesFS: testTemplates})
		t.Cleanup(func() { app.Close() })
		auth.Install(app)
		(&testApp{app: app, db: db}).routes()
		return app
	}
	oldKey, newKey := secretKey, "the-new-secret-key-9876543210fedcba"
	c := framework.NewTestClient(newApp(oldKey))
	login(t, c, "alice", testPassword)

	rotated := framework.NewTestClient(newApp(newKey, oldKey))
	rotated.Jar = c.Jar
	if who, _ := whoami(t, rotated); who != "alice" {
		t.Fatalf("after rotating SECRET_KEY (old one in the fallbacks) the session is %q's", who)
	}
	// That request signed the session again with the new key: it
	// survives the old key's removal.
	gone := framework.NewTestClient(newApp(newKey))
	gone.Jar = c.Jar
	if who, _ := whoami(t, gone); who != "alice" {
		t.Errorf("after dropping the old key the session is %q's, want alice's (re-signed)", who)
	}
}
