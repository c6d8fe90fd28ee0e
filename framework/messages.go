package framework

import (
	"encoding/json"
	"strings"
	"sync"
)

// MessageLevel is the level of a message (Django's message levels): it
// orders messages and gives them their tag.
type MessageLevel int

// Django's message levels, with its values.
const (
	MessageDebug   MessageLevel = 10
	MessageInfo    MessageLevel = 20
	MessageSuccess MessageLevel = 25
	MessageWarning MessageLevel = 30
	MessageError   MessageLevel = 40
)

// DefaultMessageLevel is the lowest level recorded unless
// Config.MessageLevel says otherwise: INFO, as Django's MESSAGE_LEVEL,
// so that debug messages are dropped.
const DefaultMessageLevel = MessageInfo

// Tag returns the level's tag, Django's: "debug", "info", "success",
// "warning", "error"; "" for another level.
func (l MessageLevel) Tag() string {
	switch l {
	case MessageDebug:
		return "debug"
	case MessageInfo:
		return "info"
	case MessageSuccess:
		return "success"
	case MessageWarning:
		return "warning"
	case MessageError:
		return "error"
	}
	return ""
}

// Message is a one-time message to the user (Django's contrib.messages):
// added by a view, shown by a later page (typically after a redirect),
// then gone. In a template:
//
//	{% for message in messages %}
//	  <li class="{{ message.tags }}">{{ message }}</li>
//	{% endfor %}
//
// Showing any message of the template's messages — printing it or one of
// its attributes — marks them all as seen (as iterating does in Django),
// and the messages seen are removed when the response is sent. Messages
// not shown stay for the next page.
type Message struct {
	level     MessageLevel
	text      string
	extraTags string
	shown     *messageView // the template view it belongs to; nil if none
}

// Level returns the message's level.
func (m *Message) Level() MessageLevel { m.seen(); return m.level }

// Message returns the message's text (Django's message.message).
func (m *Message) Message() string { m.seen(); return m.text }

// String returns the message's text, as {{ message }} prints it.
func (m *Message) String() string { m.seen(); return m.text }

// LevelTag returns the level's tag ("success").
func (m *Message) LevelTag() string { m.seen(); return m.level.Tag() }

// ExtraTags returns the extra tags given when the message was added.
func (m *Message) ExtraTags() string { m.seen(); return m.extraTags }

// Tags returns the extra tags and the level's tag, space-separated
// ("important success"), for a class attribute.
func (m *Message) Tags() string {
	m.seen()
	return strings.TrimSpace(m.extraTags + " " + m.level.Tag())
}

// MarshalJSON encodes the message as {"level": 25, "tags": "success",
// "message": "..."}, for a view that returns messages as JSON.
func (m *Message) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Level   MessageLevel `json:"level"`
		Tags    string       `json:"tags"`
		Message string       `json:"message"`
	}{m.Level(), m.Tags(), m.Message()})
}

func (m *Message) seen() {
	if m.shown != nil {
		m.shown.markShown()
	}
}

// sessionMessagesKey is the session key holding messages not yet shown,
// Django's.
const sessionMessagesKey = "_messages"

// messageStorage is one request's messages: those the session held and
// those added during the request (Django's SessionStorage).
type messageStorage struct {
	mu      sync.Mutex
	session *Session
	level   MessageLevel
	loaded  bool
	entries []*messageEntry // the session's, then the request's
	changed bool            // entries differ from what the session holds
}

type messageEntry struct {
	level     MessageLevel
	text      string
	extraTags string
	used      bool
}

// messageView is the list of messages one template lookup of `messages`
// returned: showing any of them marks them all used.
type messageView struct {
	st      *messageStorage
	entries []*messageEntry
	once    sync.Once
}

func (v *messageView) markShown() {
	v.once.Do(func() { v.st.markUsed(v.entries) })
}

// loadLocked reads the session's messages, once.
func (st *messageStorage) loadLocked() {
	if st.loaded {
		return
	}
	st.loaded = true
	if st.session == nil {
		return
	}
	v, ok := st.session.Get(sessionMessagesKey)
	if !ok {
		return
	}
	list, _ := v.([]any)
	var stored []*messageEntry
	for _, item := range list {
		m, _ := item.(map[string]any)
		level, _ := m["level"].(float64)
		text, ok := m["message"].(string)
		if !ok {
			continue // not something this storage wrote
		}
		extra, _ := m["extra_tags"].(string)
		stored = append(stored, &messageEntry{level: MessageLevel(level), text: text, extraTags: extra})
	}
	// The session's come before those added so far.
	st.entries = append(stored, st.entries...)
}

func (st *messageStorage) add(level MessageLevel, text, extraTags string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if level < st.level {
		return
	}
	st.entries = append(st.entries, &messageEntry{level: level, text: text, extraTags: extraTags})
	st.changed = true
}

// pending returns the messages not used yet.
func (st *messageStorage) pending() []*messageEntry {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.loadLocked()
	var out []*messageEntry
	for _, e := range st.entries {
		if !e.used {
			out = append(out, e)
		}
	}
	return out
}

func (st *messageStorage) markUsed(entries []*messageEntry) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, e := range entries {
		if !e.used {
			e.used = true
			st.changed = true
		}
	}
}

// list returns the messages not used yet; with mark, they are used now
// (Request.Messages), otherwise when one is shown (templates).
func (st *messageStorage) list(mark bool) []*Message {
	entries := st.pending()
	out := make([]*Message, len(entries))
	var view *messageView
	if mark {
		st.markUsed(entries)
	} else {
		view = &messageView{st: st, entries: entries}
	}
	for i, e := range entries {
		out[i] = &Message{level: e.level, text: e.text, extraTags: e.extraTags, shown: view}
	}
	return out
}

// update writes the messages not used back to the session, when they
// changed: before the response's header is written.
func (st *messageStorage) update() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.changed || st.session == nil {
		return
	}
	st.loadLocked()
	var keep []map[string]any
	for _, e := range st.entries {
		if e.used {
			continue
		}
		m := map[string]any{"level": int(e.level), "message": e.text}
		if e.extraTags != "" {
			m["extra_tags"] = e.extraTags
		}
		keep = append(keep, m)
	}
	if len(keep) == 0 {
		st.session.Delete(sessionMessagesKey)
	} else {
		st.session.Set(sessionMessagesKey, keep) // plain JSON: cannot fail
	}
	st.changed = false
}

// startMessages gives the request its message storage, kept in its
// session; reqState.beforeWrite stores what is left for the next request.
func (a *App) startMessages(rs *reqState) {
	rs.messagesV = messageStorage{session: rs.session, level: a.messageLevel}
	rs.messages = &rs.messagesV
}

func messagesOf(r *Request) *messageStorage {
	if rs := reqStateFrom(r.Context()); rs != nil {
		return rs.messages
	}
	return nil
}

// messagesFor returns the template variable `messages`: a function the
// engine calls when the template uses it, so that a template without
// messages does not load the session.
func messagesFor(r *Request) any {
	st := messagesOf(r)
	if st == nil {
		return nil
	}
	return func() []*Message { return st.list(false) }
}

// AddMessage adds a message for the user, shown by the next page that
// displays messages (Django's messages.add_message); extraTags are added
// to its tags. A message below the level (Config.MessageLevel, or
// SetMessageLevel) is dropped.
func (r *Request) AddMessage(level MessageLevel, text string, extraTags ...string) {
	if st := messagesOf(r); st != nil {
		st.add(level, text, strings.Join(extraTags, " "))
	}
}

// DebugMessage adds a message at MessageDebug (dropped unless the level
// was lowered).
func (r *Request) DebugMessage(text string) { r.AddMessage(MessageDebug, text) }

// InfoMessage adds a message at MessageInfo.
func (r *Request) InfoMessage(text string) { r.AddMessage(MessageInfo, text) }

// SuccessMessage adds a message at MessageSuccess.
func (r *Request) SuccessMessage(text string) { r.AddMessage(MessageSuccess, text) }

// WarningMessage adds a message at MessageWarning.
func (r *Request) WarningMessage(text string) { r.AddMessage(MessageWarning, text) }

// ErrorMessage adds a message at MessageError.
func (r *Request) ErrorMessage(text string) { r.AddMessage(MessageError, text) }

// Messages returns the messages not shown yet and marks them shown, for
// a view that delivers them itself (a JSON response); templates use the
// `messages` variable.
func (r *Request) Messages() []*Message {
	if st := messagesOf(r); st != nil {
		return st.list(true)
	}
	return nil
}

// SetMessageLevel sets the lowest level of messages recorded for the rest
// of the request (Django's messages.set_level).
func (r *Request) SetMessageLevel(level MessageLevel) {
	if st := messagesOf(r); st != nil {
		st.mu.Lock()
		st.level = level
		st.mu.Unlock()
	}
}
