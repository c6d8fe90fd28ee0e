package templates

import "testing"

// Integers of a JSON context stay integers, at any size, as in Python
// (the outputs are Django 3.2's for the same JSON loaded by Python).
func TestJSONContextIntegers(t *testing.T) {
	vars, err := ParseJSONContext([]byte(`{"b": 12345678901234567890, "n": -9223372036854775809, "i": 3, "f": 2.0, "l": [12345678901234567890]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ src, want string }{
		{"{{ i }} {{ f }} {{ b }} {{ n }} {{ l }}", "3 2.0 12345678901234567890 -9223372036854775809 [12345678901234567890]"},
		{"{{ b|add:1 }} {{ b|stringformat:'d' }} {{ b|floatformat }} {{ b|divisibleby:2 }} {{ b|get_digit:2 }}", "12345678901234567891 12345678901234567890 12345678901234567890 True 9"},
		{"{% if b > 1 %}gt{% endif %}{% if b > 1.5e19 %}bad{% endif %}{% if b == 12345678901234567890 %}eq{% endif %}{% if n < i %}lt{% endif %}", "gteqlt"},
		{`{{ l|json_script:"i" }}`, `<script id="i" type="application/json">[12345678901234567890]</script>`},
	}
	for _, tc := range tests {
		if got, err := renderErr(t, tc.src, vars); err != nil || got != tc.want {
			t.Errorf("%s\n got %q, %v\nwant %q", tc.src, got, err, tc.want)
		}
	}
}
