package templates

import "testing"

func TestReprLikePython(t *testing.T) {
	got := toStr([]any{"\u00a0", "\u2028", "\u200b", "é", "\x7f", "\t", "a'b", "a\"b'c", "\U0001F600", "\ue000"})
	// From Python 3: repr(['\xa0', '\u2028', '\u200b', 'é', '\x7f', '\t', 'a\'b', 'a"b\'c', '\U0001F600', '\ue000'])
	want := `['\xa0', '\u2028', '\u200b', 'é', '\x7f', '\t', "a'b", 'a"b\'c', '😀', '\ue000']`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
