package templates

import (
	"math"
	"math/big"
	"testing"
)

// Outputs rendered by Django 3.2 (see lnCase).
var numFilterCases = []lnCase{
	{"add01", "{{ i|add:\"5\" }}", `{"i": 2000}`, "2005", false},
	{"add01/noescape", "{% autoescape off %}{{ i|add:\"5\" }}{% endautoescape %}", `{"i": 2000}`, "2005", false},
	{"add02", "{{ i|add:\"napis\" }}", `{"i": 2000}`, "", false},
	{"add02/noescape", "{% autoescape off %}{{ i|add:\"napis\" }}{% endautoescape %}", `{"i": 2000}`, "", false},
	{"add03", "{{ i|add:16 }}", `{"i": "not_an_int"}`, "", false},
	{"add03/noescape", "{% autoescape off %}{{ i|add:16 }}{% endautoescape %}", `{"i": "not_an_int"}`, "", false},
	{"add04", "{{ i|add:\"16\" }}", `{"i": "not_an_int"}`, "not_an_int16", false},
	{"add04/noescape", "{% autoescape off %}{{ i|add:\"16\" }}{% endautoescape %}", `{"i": "not_an_int"}`, "not_an_int16", false},
	{"add05", "{{ l1|add:l2 }}", `{"l1": [1, 2], "l2": [3, 4]}`, "[1, 2, 3, 4]", false},
	{"add05/noescape", "{% autoescape off %}{{ l1|add:l2 }}{% endautoescape %}", `{"l1": [1, 2], "l2": [3, 4]}`, "[1, 2, 3, 4]", false},
	{"add-float", "{{ a|add:1 }} {{ b|add:\"2\" }} {{ c|add:1.9 }}", `{"a": 4.7, "b": -1.5, "c": 1}`, "5 1 2", false},
	{"add-float/noescape", "{% autoescape off %}{{ a|add:1 }} {{ b|add:\"2\" }} {{ c|add:1.9 }}{% endautoescape %}", `{"a": 4.7, "b": -1.5, "c": 1}`, "5 1 2", false},
	{"add-strings", "{{ a|add:b }} {{ c|add:d }} {{ e|add:f }}", `{"a": "1.5", "b": "x", "c": 1.5, "d": "2.5", "e": " 3 ", "f": "+4"}`, "1.5x  7", false},
	{"add-strings/noescape", "{% autoescape off %}{{ a|add:b }} {{ c|add:d }} {{ e|add:f }}{% endautoescape %}", `{"a": "1.5", "b": "x", "c": 1.5, "d": "2.5", "e": " 3 ", "f": "+4"}`, "1.5x  7", false},
	{"add-bool-none", "{{ a|add:1 }} [{{ b|add:1 }}] [{{ c|add:\"x\" }}]", `{"a": true, "b": null, "c": [1]}`, "2 [] []", false},
	{"add-bool-none/noescape", "{% autoescape off %}{{ a|add:1 }} [{{ b|add:1 }}] [{{ c|add:\"x\" }}]{% endautoescape %}", `{"a": true, "b": null, "c": [1]}`, "2 [] []", false},
	{"add-escape", "{{ a|add:b }} {{ \"<\"|add:\">\" }} {{ c|add:\">\" }} {{ a|add:\">\" }}", `{"a": "<", "b": ">", "c": {"$safe": "<"}}`, "&lt;&gt; <> <> &lt;&gt;", false},
	{"add-escape/noescape", "{% autoescape off %}{{ a|add:b }} {{ \"<\"|add:\">\" }} {{ c|add:\">\" }} {{ a|add:\">\" }}{% endautoescape %}", `{"a": "<", "b": ">", "c": {"$safe": "<"}}`, "<> <> <> <>", false},
	{"add-list-print", "{{ a|add:b }}", `{"a": ["<a>"], "b": [["x"], {"k": 1}]}`, "[&#x27;&lt;a&gt;&#x27;, [&#x27;x&#x27;], {&#x27;k&#x27;: 1}]", false},
	{"add-list-print/noescape", "{% autoescape off %}{{ a|add:b }}{% endautoescape %}", `{"a": ["<a>"], "b": [["x"], {"k": 1}]}`, "['<a>', ['x'], {'k': 1}]", false},
	{"add-underscore", "{{ a|add:\"1_000\" }} {{ a|add:\"1__0\" }}", `{"a": 1}`, "1001 ", false},
	{"add-underscore/noescape", "{% autoescape off %}{{ a|add:\"1_000\" }} {{ a|add:\"1__0\" }}{% endautoescape %}", `{"a": 1}`, "1001 ", false},
	{"add-big", "{{ a|add:a }} {{ b|add:\"-1\" }}", `{"a": 9223372036854775807, "b": "100000000000000000000000"}`, "18446744073709551614 99999999999999999999999", false},
	{"add-big/noescape", "{% autoescape off %}{{ a|add:a }} {{ b|add:\"-1\" }}{% endautoescape %}", `{"a": 9223372036854775807, "b": "100000000000000000000000"}`, "18446744073709551614 99999999999999999999999", false},
	{"add-missing", "[{{ missing|add:1 }}] [{{ missing|add:\"x\" }}]", `{}`, "[] [x]", false},
	{"add-missing/noescape", "{% autoescape off %}[{{ missing|add:1 }}] [{{ missing|add:\"x\" }}]{% endautoescape %}", `{}`, "[] [x]", false},
	{"add-dict", "[{{ a|add:a }}]", `{"a": {"k": 1}}`, "[]", false},
	{"add-dict/noescape", "{% autoescape off %}[{{ a|add:a }}]{% endautoescape %}", `{"a": {"k": 1}}`, "[]", false},
	{"divisibleby01", "{{ a|divisibleby:3 }} {{ b|divisibleby:3 }} {{ c|divisibleby:\"3\" }} {{ d|divisibleby:2 }} {{ e|divisibleby:-7 }}", `{"a": 21, "b": 22, "c": "21", "d": 4.5, "e": -21}`, "True False True True True", false},
	{"divisibleby01/noescape", "{% autoescape off %}{{ a|divisibleby:3 }} {{ b|divisibleby:3 }} {{ c|divisibleby:\"3\" }} {{ d|divisibleby:2 }} {{ e|divisibleby:-7 }}{% endautoescape %}", `{"a": 21, "b": 22, "c": "21", "d": 4.5, "e": -21}`, "True False True True True", false},
	{"divisibleby-if", "{% if n|divisibleby:2 %}even{% else %}odd{% endif %}", `{"n": 7}`, "odd", false},
	{"divisibleby-if/noescape", "{% autoescape off %}{% if n|divisibleby:2 %}even{% else %}odd{% endif %}{% endautoescape %}", `{"n": 7}`, "odd", false},
	{"divisibleby-bad", "{{ a|divisibleby:2 }}", `{"a": "abc"}`, "", true},
	{"divisibleby-bad/noescape", "{% autoescape off %}{{ a|divisibleby:2 }}{% endautoescape %}", `{"a": "abc"}`, "", true},
	{"divisibleby-zero", "{{ a|divisibleby:0 }}", `{"a": 4}`, "", true},
	{"divisibleby-zero/noescape", "{% autoescape off %}{{ a|divisibleby:0 }}{% endautoescape %}", `{"a": 4}`, "", true},
	{"divisibleby-none", "{{ a|divisibleby:2 }}", `{"a": null}`, "", true},
	{"divisibleby-none/noescape", "{% autoescape off %}{{ a|divisibleby:2 }}{% endautoescape %}", `{"a": null}`, "", true},
	{"get_digit-values", "{{ n|get_digit:1 }} {{ n|get_digit:2 }} {{ n|get_digit:8 }} {{ n|get_digit:0 }} {{ n|get_digit:-1 }} {{ n|get_digit:99 }} {{ n|get_digit:\"2\" }}", `{"n": 123}`, "3 2 0 123 123 0 2", false},
	{"get_digit-values/noescape", "{% autoescape off %}{{ n|get_digit:1 }} {{ n|get_digit:2 }} {{ n|get_digit:8 }} {{ n|get_digit:0 }} {{ n|get_digit:-1 }} {{ n|get_digit:99 }} {{ n|get_digit:\"2\" }}{% endautoescape %}", `{"n": 123}`, "3 2 0 123 123 0 2", false},
	{"get_digit-string", "{{ a|get_digit:1 }} {{ b|get_digit:\"1\" }} {{ c|get_digit:1 }} {{ d|get_digit:0 }}", `{"a": "xyz", "b": "123", "c": "<1>", "d": "0123"}`, "xyz 3 &lt;1&gt; 123", false},
	{"get_digit-string/noescape", "{% autoescape off %}{{ a|get_digit:1 }} {{ b|get_digit:\"1\" }} {{ c|get_digit:1 }} {{ d|get_digit:0 }}{% endautoescape %}", `{"a": "xyz", "b": "123", "c": "<1>", "d": "0123"}`, "xyz 3 <1> 123", false},
	{"get_digit-float", "{{ a|get_digit:1 }}", `{"a": 123.7}`, "3", false},
	{"get_digit-float/noescape", "{% autoescape off %}{{ a|get_digit:1 }}{% endautoescape %}", `{"a": 123.7}`, "3", false},
	{"get_digit-badarg", "{{ a|get_digit:\"x\" }} {{ b|get_digit:\"x\" }}", `{"a": 123, "b": "<b>"}`, "123 &lt;b&gt;", false},
	{"get_digit-badarg/noescape", "{% autoescape off %}{{ a|get_digit:\"x\" }} {{ b|get_digit:\"x\" }}{% endautoescape %}", `{"a": 123, "b": "<b>"}`, "123 <b>", false},
	{"get_digit-conformance", "{{ n|get_digit:2 }}", `{"n": 123456789}`, "8", false},
	{"get_digit-conformance/noescape", "{% autoescape off %}{{ n|get_digit:2 }}{% endautoescape %}", `{"n": 123456789}`, "8", false},
	{"get_digit-none", "{{ a|get_digit:1 }}", `{"a": null}`, "", true},
	{"get_digit-none/noescape", "{% autoescape off %}{{ a|get_digit:1 }}{% endautoescape %}", `{"a": null}`, "", true},
	{"get_digit-minus", "{{ a|get_digit:4 }}", `{"a": -123}`, "", true},
	{"get_digit-minus/noescape", "{% autoescape off %}{{ a|get_digit:4 }}{% endautoescape %}", `{"a": -123}`, "", true},
	{"get_digit-negative", "{{ a|get_digit:2 }}", `{"a": -123}`, "2", false},
	{"get_digit-negative/noescape", "{% autoescape off %}{{ a|get_digit:2 }}{% endautoescape %}", `{"a": -123}`, "2", false},
	{"pluralize01", "{{ n }} vote{{ n|pluralize }}", `{"n": 1}`, "1 vote", false},
	{"pluralize01/noescape", "{% autoescape off %}{{ n }} vote{{ n|pluralize }}{% endautoescape %}", `{"n": 1}`, "1 vote", false},
	{"pluralize-votes", "vote{{ a|pluralize }} vote{{ b|pluralize }} vote{{ c|pluralize }}", `{"a": 0, "b": 1, "c": 2}`, "votes vote votes", false},
	{"pluralize-votes/noescape", "{% autoescape off %}vote{{ a|pluralize }} vote{{ b|pluralize }} vote{{ c|pluralize }}{% endautoescape %}", `{"a": 0, "b": 1, "c": 2}`, "votes vote votes", false},
	{"pluralize-es", "class{{ a|pluralize:\"es\" }} class{{ b|pluralize:\"es\" }} class{{ c|pluralize:\"es\" }}", `{"a": 0, "b": 1, "c": 2}`, "classes class classes", false},
	{"pluralize-es/noescape", "{% autoescape off %}class{{ a|pluralize:\"es\" }} class{{ b|pluralize:\"es\" }} class{{ c|pluralize:\"es\" }}{% endautoescape %}", `{"a": 0, "b": 1, "c": 2}`, "classes class classes", false},
	{"pluralize-y-ies", "cand{{ a|pluralize:\"y,ies\" }} cand{{ b|pluralize:\"y,ies\" }} cand{{ c|pluralize:\"y,ies\" }}", `{"a": 0, "b": 1, "c": 2}`, "candies candy candies", false},
	{"pluralize-y-ies/noescape", "{% autoescape off %}cand{{ a|pluralize:\"y,ies\" }} cand{{ b|pluralize:\"y,ies\" }} cand{{ c|pluralize:\"y,ies\" }}{% endautoescape %}", `{"a": 0, "b": 1, "c": 2}`, "candies candy candies", false},
	{"pluralize-lists", "{{ a|pluralize }}|{{ b|pluralize }}|{{ c|pluralize }}|{{ d|pluralize }}", `{"a": [], "b": [1], "c": [1, 2], "d": {"k": 1}}`, "s||s|", false},
	{"pluralize-lists/noescape", "{% autoescape off %}{{ a|pluralize }}|{{ b|pluralize }}|{{ c|pluralize }}|{{ d|pluralize }}{% endautoescape %}", `{"a": [], "b": [1], "c": [1, 2], "d": {"k": 1}}`, "s||s|", false},
	{"pluralize-strings", "{{ a|pluralize }}|{{ b|pluralize }}|{{ c|pluralize }}|{{ d|pluralize }}|{{ e|pluralize }}", `{"a": "1", "b": "1.0", "c": "2", "d": "abc", "e": " 1e0 "}`, "||s||", false},
	{"pluralize-strings/noescape", "{% autoescape off %}{{ a|pluralize }}|{{ b|pluralize }}|{{ c|pluralize }}|{{ d|pluralize }}|{{ e|pluralize }}{% endautoescape %}", `{"a": "1", "b": "1.0", "c": "2", "d": "abc", "e": " 1e0 "}`, "||s||", false},
	{"pluralize-floats", "{{ a|pluralize }}|{{ b|pluralize }}|{{ c|pluralize }}|{{ d|pluralize }}", `{"a": 1.0, "b": 1.5, "c": 0.5, "d": true}`, "|s|s|", false},
	{"pluralize-floats/noescape", "{% autoescape off %}{{ a|pluralize }}|{{ b|pluralize }}|{{ c|pluralize }}|{{ d|pluralize }}{% endautoescape %}", `{"a": 1.0, "b": 1.5, "c": 0.5, "d": true}`, "|s|s|", false},
	{"pluralize-invalid", "[{{ a|pluralize:\"y,ies,es\" }}] [{{ b|pluralize }}] [{{ missing|pluralize }}]", `{"a": 2, "b": null}`, "[] [] []", false},
	{"pluralize-invalid/noescape", "{% autoescape off %}[{{ a|pluralize:\"y,ies,es\" }}] [{{ b|pluralize }}] [{{ missing|pluralize }}]{% endautoescape %}", `{"a": 2, "b": null}`, "[] [] []", false},
	{"pluralize-escape", "{{ a|pluralize:\"<es>\" }} {{ a|pluralize:v }}", `{"a": 2, "v": "<x>,<y>"}`, "&lt;es&gt; &lt;y&gt;", false},
	{"pluralize-escape/noescape", "{% autoescape off %}{{ a|pluralize:\"<es>\" }} {{ a|pluralize:v }}{% endautoescape %}", `{"a": 2, "v": "<x>,<y>"}`, "<es> <y>", false},
	{"pluralize-int-arg", "{{ a|pluralize:1 }}", `{"a": 2}`, "", true},
	{"pluralize-int-arg/noescape", "{% autoescape off %}{{ a|pluralize:1 }}{% endautoescape %}", `{"a": 2}`, "", true},
	{"pluralize-date", "[{{ d|pluralize }}]", `{"d": {"$date": "2026-03-07T09:05:03"}}`, "[]", false},
	{"pluralize-date/noescape", "{% autoescape off %}[{{ d|pluralize }}]{% endautoescape %}", `{"d": {"$date": "2026-03-07T09:05:03"}}`, "[]", false},
	{"filesizeformat-formats", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}|{{ f|filesizeformat }}", `{"a": 1023, "b": 1024, "c": 10240, "d": 1048575, "e": 1048576, "f": 52428800}`, "1023\u00a0bytes|1.0\u00a0KB|10.0\u00a0KB|1024.0\u00a0KB|1.0\u00a0MB|50.0\u00a0MB", false},
	{"filesizeformat-formats/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}|{{ f|filesizeformat }}{% endautoescape %}", `{"a": 1023, "b": 1024, "c": 10240, "d": 1048575, "e": 1048576, "f": 52428800}`, "1023\u00a0bytes|1.0\u00a0KB|10.0\u00a0KB|1024.0\u00a0KB|1.0\u00a0MB|50.0\u00a0MB", false},
	{"filesizeformat-large", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}", `{"a": 1073741823, "b": 1073741824, "c": 1099511627776, "d": 1125899906842624, "e": 2251799813685248000}`, "1024.0\u00a0MB|1.0\u00a0GB|1.0\u00a0TB|1.0\u00a0PB|2000.0\u00a0PB", false},
	{"filesizeformat-large/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}{% endautoescape %}", `{"a": 1073741823, "b": 1073741824, "c": 1099511627776, "d": 1125899906842624, "e": 2251799813685248000}`, "1024.0\u00a0MB|1.0\u00a0GB|1.0\u00a0TB|1.0\u00a0PB|2000.0\u00a0PB", false},
	{"filesizeformat-bytes", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}", `{"a": 0, "b": 1, "c": 2, "d": -1, "e": -1025}`, "0\u00a0bytes|1\u00a0byte|2\u00a0bytes|-1\u00a0byte|-1.0\u00a0KB", false},
	{"filesizeformat-bytes/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}{% endautoescape %}", `{"a": 0, "b": 1, "c": 2, "d": -1, "e": -1025}`, "0\u00a0bytes|1\u00a0byte|2\u00a0bytes|-1\u00a0byte|-1.0\u00a0KB", false},
	{"filesizeformat-rounding", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}|{{ f|filesizeformat }}", `{"a": 1075, "b": 1076, "c": 1280, "d": 5888, "e": 10239, "f": 123456789}`, "1.0\u00a0KB|1.1\u00a0KB|1.2\u00a0KB|5.8\u00a0KB|10.0\u00a0KB|117.7\u00a0MB", false},
	{"filesizeformat-rounding/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}|{{ f|filesizeformat }}{% endautoescape %}", `{"a": 1075, "b": 1076, "c": 1280, "d": 5888, "e": 10239, "f": 123456789}`, "1.0\u00a0KB|1.1\u00a0KB|1.2\u00a0KB|5.8\u00a0KB|10.0\u00a0KB|117.7\u00a0MB", false},
	{"filesizeformat-invalid", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}|{{ missing|filesizeformat }}", `{"a": "", "b": "α", "c": "1.5", "d": null, "e": [1]}`, "0\u00a0bytes|0\u00a0bytes|0\u00a0bytes|0\u00a0bytes|0\u00a0bytes|0\u00a0bytes", false},
	{"filesizeformat-invalid/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}|{{ missing|filesizeformat }}{% endautoescape %}", `{"a": "", "b": "α", "c": "1.5", "d": null, "e": [1]}`, "0\u00a0bytes|0\u00a0bytes|0\u00a0bytes|0\u00a0bytes|0\u00a0bytes|0\u00a0bytes", false},
	{"filesizeformat-other", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}", `{"a": "12345", "b": 2047.9, "c": true, "d": {"$safe": "2048"}, "e": 9223372036854775807}`, "12.1\u00a0KB|2.0\u00a0KB|1\u00a0byte|2.0\u00a0KB|8192.0\u00a0PB", false},
	{"filesizeformat-other/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}|{{ d|filesizeformat }}|{{ e|filesizeformat }}{% endautoescape %}", `{"a": "12345", "b": 2047.9, "c": true, "d": {"$safe": "2048"}, "e": 9223372036854775807}`, "12.1\u00a0KB|2.0\u00a0KB|1\u00a0byte|2.0\u00a0KB|8192.0\u00a0PB", false},
	{"filesizeformat-huge", "{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}", `{"a": "1267650600228229401496703205376", "b": 1e40, "c": "-99999999999999999999999999999999"}`, "1125899906842624.0\u00a0PB|8881784197001253000000000.0\u00a0PB|-88817841970012530.0\u00a0PB", false},
	{"filesizeformat-huge/noescape", "{% autoescape off %}{{ a|filesizeformat }}|{{ b|filesizeformat }}|{{ c|filesizeformat }}{% endautoescape %}", `{"a": "1267650600228229401496703205376", "b": 1e40, "c": "-99999999999999999999999999999999"}`, "1125899906842624.0\u00a0PB|8881784197001253000000000.0\u00a0PB|-88817841970012530.0\u00a0PB", false},
	{"floatformat01", "{{ a|floatformat }} {{ b|floatformat }}", `{"a": "1.42", "b": {"$safe": "1.42"}}`, "1.4 1.4", false},
	{"floatformat01/noescape", "{% autoescape off %}{{ a|floatformat }} {{ b|floatformat }}{% endautoescape %}", `{"a": "1.42", "b": {"$safe": "1.42"}}`, "1.4 1.4", false},
	{"floatformat-inputs", "{{ a|floatformat }} {{ b|floatformat }} {{ c|floatformat }} {{ d|floatformat }} {{ e|floatformat }} {{ f|floatformat }} {{ g|floatformat }} {{ h|floatformat }}", `{"a": 7.7, "b": 7.0, "c": 0.7, "d": -0.7, "e": 0.07, "f": -0.07, "g": 0.007, "h": 0.0}`, "7.7 7 0.7 -0.7 0.1 -0.1 0.0 0", false},
	{"floatformat-inputs/noescape", "{% autoescape off %}{{ a|floatformat }} {{ b|floatformat }} {{ c|floatformat }} {{ d|floatformat }} {{ e|floatformat }} {{ f|floatformat }} {{ g|floatformat }} {{ h|floatformat }}{% endautoescape %}", `{"a": 7.7, "b": 7.0, "c": 0.7, "d": -0.7, "e": 0.07, "f": -0.07, "g": 0.007, "h": 0.0}`, "7.7 7 0.7 -0.7 0.1 -0.1 0.0 0", false},
	{"floatformat-args", "{{ a|floatformat:0 }} {{ a|floatformat:3 }} {{ b|floatformat:3 }} {{ c|floatformat:3 }} {{ c|floatformat:-3 }} {{ d|floatformat:-3 }} {{ e|floatformat:-2 }} {{ f|floatformat:-2 }} {{ g|floatformat:-2 }}", `{"a": 7.7, "b": 6.0, "c": 6.2, "d": 13.1031, "e": 11.1197, "f": 11.0, "g": 11.000001}`, "8 7.700 6.000 6.200 6.200 13.103 11.12 11 11.00", false},
	{"floatformat-args/noescape", "{% autoescape off %}{{ a|floatformat:0 }} {{ a|floatformat:3 }} {{ b|floatformat:3 }} {{ c|floatformat:3 }} {{ c|floatformat:-3 }} {{ d|floatformat:-3 }} {{ e|floatformat:-2 }} {{ f|floatformat:-2 }} {{ g|floatformat:-2 }}{% endautoescape %}", `{"a": 7.7, "b": 6.0, "c": 6.2, "d": 13.1031, "e": 11.1197, "f": 11.0, "g": 11.000001}`, "8 7.700 6.000 6.200 6.200 13.103 11.12 11 11.00", false},
	{"floatformat-args2", "{{ a|floatformat:3 }} {{ b|floatformat:2 }} {{ c|floatformat:2 }} {{ d|floatformat:2 }} {{ e|floatformat:\"bar\" }} {{ f|floatformat:2 }}", `{"a": 8.2798, "b": 5555.555, "c": 1.3, "d": 0.12345, "e": 13.1031, "f": 18.125}`, "8.280 5555.56 1.30 0.12 13.1031 18.13", false},
	{"floatformat-args2/noescape", "{% autoescape off %}{{ a|floatformat:3 }} {{ b|floatformat:2 }} {{ c|floatformat:2 }} {{ d|floatformat:2 }} {{ e|floatformat:\"bar\" }} {{ f|floatformat:2 }}{% endautoescape %}", `{"a": 8.2798, "b": 5555.555, "c": 1.3, "d": 0.12345, "e": 13.1031, "f": 18.125}`, "8.280 5555.56 1.30 0.12 13.1031 18.13", false},
	{"floatformat-large", "{{ a|floatformat:2 }} {{ a|floatformat:-2 }} {{ b|floatformat:20 }} {{ b|floatformat:-20 }} {{ c|floatformat:16 }}", `{"a": -1.323297138040798e35, "b": 1.5e-15, "c": 1.0000000000000002}`, "-132329713804079800000000000000000000.00 -132329713804079800000000000000000000 0.00000000000000150000 0.00000000000000150000 1.0000000000000002", false},
	{"floatformat-large/noescape", "{% autoescape off %}{{ a|floatformat:2 }} {{ a|floatformat:-2 }} {{ b|floatformat:20 }} {{ b|floatformat:-20 }} {{ c|floatformat:16 }}{% endautoescape %}", `{"a": -1.323297138040798e35, "b": 1.5e-15, "c": 1.0000000000000002}`, "-132329713804079800000000000000000000.00 -132329713804079800000000000000000000 0.00000000000000150000 0.00000000000000150000 1.0000000000000002", false},
	{"floatformat-1e199", "{{ a|floatformat }}", `{"a": "1e199"}`, "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", false},
	{"floatformat-1e199/noescape", "{% autoescape off %}{{ a|floatformat }}{% endautoescape %}", `{"a": "1e199"}`, "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", false},
	{"floatformat-too-many-digits", "{{ a|floatformat }} {{ b|floatformat }} {{ c|floatformat }} {{ d|floatformat:1 }}", `{"a": "1e200", "b": "1E200", "c": 1e300, "d": 5e-324}`, "&#x27;1e200&#x27; &#x27;1E200&#x27; 1e+300 5e-324", false},
	{"floatformat-too-many-digits/noescape", "{% autoescape off %}{{ a|floatformat }} {{ b|floatformat }} {{ c|floatformat }} {{ d|floatformat:1 }}{% endautoescape %}", `{"a": "1e200", "b": "1E200", "c": 1e300, "d": 5e-324}`, "'1e200' '1E200' 1e+300 5e-324", false},
	{"floatformat-invalid", "[{{ a|floatformat }}][{{ b|floatformat }}][{{ c|floatformat }}][{{ d|floatformat }}][{{ e|floatformat }}][{{ f|floatformat }}][{{ g|floatformat }}][{{ missing|floatformat }}]", `{"a": null, "b": [], "c": {}, "d": "abc123", "e": "123abc", "f": "¿Cómo esta usted?", "g": "1e"}`, "[][][][][][][][]", false},
	{"floatformat-invalid/noescape", "{% autoescape off %}[{{ a|floatformat }}][{{ b|floatformat }}][{{ c|floatformat }}][{{ d|floatformat }}][{{ e|floatformat }}][{{ f|floatformat }}][{{ g|floatformat }}][{{ missing|floatformat }}]{% endautoescape %}", `{"a": null, "b": [], "c": {}, "d": "abc123", "e": "123abc", "f": "¿Cómo esta usted?", "g": "1e"}`, "[][][][][][][][]", false},
	{"floatformat-invalid2", "[{{ a|floatformat }}][{{ b|floatformat }}][{{ c|floatformat }}][{{ d|floatformat }}][{{ e|floatformat }}][{{ f|floatformat }}][{{ g|floatformat }}][{{ h|floatformat }}]", `{"a": "1e+", "b": "e400", "c": "1e^2", "d": "1e2e3", "e": "1e2.0", "f": "1e.2", "g": "1+e2", "h": "1e2+"}`, "[][][][][][][][]", false},
	{"floatformat-invalid2/noescape", "{% autoescape off %}[{{ a|floatformat }}][{{ b|floatformat }}][{{ c|floatformat }}][{{ d|floatformat }}][{{ e|floatformat }}][{{ f|floatformat }}][{{ g|floatformat }}][{{ h|floatformat }}]{% endautoescape %}", `{"a": "1e+", "b": "e400", "c": "1e^2", "d": "1e2e3", "e": "1e2.0", "f": "1e.2", "g": "1+e2", "h": "1e2+"}`, "[][][][][][][][]", false},
	{"floatformat-invalid-bararg", "[{{ a|floatformat:\"bar\" }}][{{ b|floatformat:\"bar\" }}]", `{"a": null, "b": "foo"}`, "[][]", false},
	{"floatformat-invalid-bararg/noescape", "{% autoescape off %}[{{ a|floatformat:\"bar\" }}][{{ b|floatformat:\"bar\" }}]{% endautoescape %}", `{"a": null, "b": "foo"}`, "[][]", false},
	{"floatformat-zero", "{{ a|floatformat:6 }} {{ a|floatformat:10 }} {{ b|floatformat:20 }} {{ c|floatformat:0 }} {{ d|floatformat:2 }} {{ e|floatformat:4 }}", `{"a": 0, "b": 1.5e-20, "c": "0.00", "d": "0.0000", "e": "0.000000"}`, "0.000000 0.0000000000 0.00000000000000000002 0 0.00 0.0000", false},
	{"floatformat-zero/noescape", "{% autoescape off %}{{ a|floatformat:6 }} {{ a|floatformat:10 }} {{ b|floatformat:20 }} {{ c|floatformat:0 }} {{ d|floatformat:2 }} {{ e|floatformat:4 }}{% endautoescape %}", `{"a": 0, "b": 1.5e-20, "c": "0.00", "d": "0.0000", "e": "0.000000"}`, "0.000000 0.0000000000 0.00000000000000000002 0 0.00 0.0000", false},
	{"floatformat-negative-zero", "{{ a|floatformat:-1 }} {{ b|floatformat:2 }} {{ c|floatformat:0 }} {{ d|floatformat }} {{ d|floatformat:2 }}", `{"a": -0.01, "b": -0.001, "c": -0.499, "d": -0.0}`, "0.0 0.00 0 0 0.00", false},
	{"floatformat-negative-zero/noescape", "{% autoescape off %}{{ a|floatformat:-1 }} {{ b|floatformat:2 }} {{ c|floatformat:0 }} {{ d|floatformat }} {{ d|floatformat:2 }}{% endautoescape %}", `{"a": -0.01, "b": -0.001, "c": -0.499, "d": -0.0}`, "0.0 0.00 0 0 0.00", false},
	{"floatformat-strings", "{{ a|floatformat:\"bar\" }} {{ b|floatformat }} {{ c|floatformat }} {{ d|floatformat:0 }} {{ e|floatformat }}", `{"a": "1.42", "b": "inf", "c": "NaN", "d": "  2.5 ", "e": "1_000.5"}`, "&#x27;1.42&#x27; &#x27;inf&#x27; &#x27;NaN&#x27; 3 1000.5", false},
	{"floatformat-strings/noescape", "{% autoescape off %}{{ a|floatformat:\"bar\" }} {{ b|floatformat }} {{ c|floatformat }} {{ d|floatformat:0 }} {{ e|floatformat }}{% endautoescape %}", `{"a": "1.42", "b": "inf", "c": "NaN", "d": "  2.5 ", "e": "1_000.5"}`, "'1.42' 'inf' 'NaN' 3 1000.5", false},
	{"floatformat-half-up", "{{ a|floatformat:0 }} {{ b|floatformat:0 }} {{ c|floatformat:0 }} {{ d|floatformat:1 }} {{ e|floatformat:1 }} {{ f|floatformat:2 }}", `{"a": 2.5, "b": 3.5, "c": -2.5, "d": 0.25, "e": 0.35, "f": 1.005}`, "3 4 -3 0.3 0.4 1.01", false},
	{"floatformat-half-up/noescape", "{% autoescape off %}{{ a|floatformat:0 }} {{ b|floatformat:0 }} {{ c|floatformat:0 }} {{ d|floatformat:1 }} {{ e|floatformat:1 }} {{ f|floatformat:2 }}{% endautoescape %}", `{"a": 2.5, "b": 3.5, "c": -2.5, "d": 0.25, "e": 0.35, "f": 1.005}`, "3 4 -3 0.3 0.4 1.01", false},
	{"floatformat-grouping", "{{ a|floatformat:\"g\" }} {{ b|floatformat:\"1g\" }} {{ a|floatformat:\"g2\" }} {{ c|floatformat:\"-2g\" }} {{ d|floatformat:\"2g\" }} {{ e|floatformat:\"g\" }} {{ f|floatformat:\"0g\" }}", `{"a": 10000, "b": 66666.666, "c": 1234567.5, "d": -6666.6666, "e": 100, "f": 999999.5}`, "10,000 66,666.7 10000 1,234,567.50 -6,666.67 100 1,000,000", false},
	{"floatformat-grouping/noescape", "{% autoescape off %}{{ a|floatformat:\"g\" }} {{ b|floatformat:\"1g\" }} {{ a|floatformat:\"g2\" }} {{ c|floatformat:\"-2g\" }} {{ d|floatformat:\"2g\" }} {{ e|floatformat:\"g\" }} {{ f|floatformat:\"0g\" }}{% endautoescape %}", `{"a": 10000, "b": 66666.666, "c": 1234567.5, "d": -6666.6666, "e": 100, "f": 999999.5}`, "10,000 66,666.7 10000 1,234,567.50 -6,666.67 100 1,000,000", false},
	{"floatformat-ints", "{{ a|floatformat }} {{ a|floatformat:2 }} {{ b|floatformat:-2 }} {{ c|floatformat }} {{ d|floatformat:1 }}", `{"a": 5, "b": -12, "c": true, "d": false}`, "5 5.00 -12 1 0.0", false},
	{"floatformat-ints/noescape", "{% autoescape off %}{{ a|floatformat }} {{ a|floatformat:2 }} {{ b|floatformat:-2 }} {{ c|floatformat }} {{ d|floatformat:1 }}{% endautoescape %}", `{"a": 5, "b": -12, "c": true, "d": false}`, "5 5.00 -12 1 0.0", false},
	{"floatformat-args-types", "{{ a|floatformat:2.5 }} {{ a|floatformat:\"\" }} {{ a|floatformat:\" 2 \" }} {{ a|floatformat:\"-0\" }} {{ a|floatformat:n }}", `{"a": 1.2345, "n": "3"}`, "1.23 1.2345 1.23 1 1.235", false},
	{"floatformat-args-types/noescape", "{% autoescape off %}{{ a|floatformat:2.5 }} {{ a|floatformat:\"\" }} {{ a|floatformat:\" 2 \" }} {{ a|floatformat:\"-0\" }} {{ a|floatformat:n }}{% endautoescape %}", `{"a": 1.2345, "n": "3"}`, "1.23 1.2345 1.23 1 1.235", false},
	{"floatformat-none-arg", "{{ a|floatformat:n }}", `{"a": 1.2345, "n": null}`, "", true},
	{"floatformat-none-arg/noescape", "{% autoescape off %}{{ a|floatformat:n }}{% endautoescape %}", `{"a": 1.2345, "n": null}`, "", true},
	{"floatformat-exponents", "{{ a|floatformat:3 }} {{ b|floatformat }} {{ c|floatformat:-3 }} {{ d|floatformat:5 }}", `{"a": 1e16, "b": 1e16, "c": 1.5e-5, "d": 1e-5}`, "10000000000000000.000 10000000000000000 0.000 0.00001", false},
	{"floatformat-exponents/noescape", "{% autoescape off %}{{ a|floatformat:3 }} {{ b|floatformat }} {{ c|floatformat:-3 }} {{ d|floatformat:5 }}{% endautoescape %}", `{"a": 1e16, "b": 1e16, "c": 1.5e-5, "d": 1e-5}`, "10000000000000000.000 10000000000000000 0.000 0.00001", false},
	{"floatformat-conformance", "{{ a|floatformat }} {{ b|floatformat }} {{ a|floatformat:3 }} {{ c|floatformat:\"-2\" }} {{ d|floatformat:0 }}", `{"a": 34.23234, "b": 34.0, "c": 34.26, "d": 39.56}`, "34.2 34 34.232 34.26 40", false},
	{"floatformat-conformance/noescape", "{% autoescape off %}{{ a|floatformat }} {{ b|floatformat }} {{ a|floatformat:3 }} {{ c|floatformat:\"-2\" }} {{ d|floatformat:0 }}{% endautoescape %}", `{"a": 34.23234, "b": 34.0, "c": 34.26, "d": 39.56}`, "34.2 34 34.232 34.26 40", false},
	{"floatformat-escape", "{{ a|floatformat:\"bar\" }}", `{"a": "<1.5>"}`, "", false},
	{"floatformat-escape/noescape", "{% autoescape off %}{{ a|floatformat:\"bar\" }}{% endautoescape %}", `{"a": "<1.5>"}`, "", false},
	{"floatformat-carry", "{{ a|floatformat:2 }} {{ a|floatformat:0 }} {{ b|floatformat:\"2g\" }} {{ c|floatformat }}", `{"a": 99.999, "b": 999999.999, "c": -9.96}`, "100.00 100 1,000,000.00 -10.0", false},
	{"floatformat-carry/noescape", "{% autoescape off %}{{ a|floatformat:2 }} {{ a|floatformat:0 }} {{ b|floatformat:\"2g\" }} {{ c|floatformat }}{% endautoescape %}", `{"a": 99.999, "b": 999999.999, "c": -9.96}`, "100.00 100 1,000,000.00 -10.0", false},
}

func TestNumFilters(t *testing.T) { runLNCases(t, numFilterCases) }

// TestNumFiltersGoValues runs the number filters on values JSON does not
// give: NaN, infinities, Go's integer kinds, big integers. The outputs
// are Django's for the same Python values.
func TestNumFiltersGoValues(t *testing.T) {
	huge := new(big.Int).Lsh(big.NewInt(1), 70)
	vars := map[string]any{
		"inf": math.Inf(1), "ninf": math.Inf(-1), "nan": math.NaN(),
		"min": int64(math.MinInt64), "umax": uint64(math.MaxUint64),
		"huge": huge, "half": new(big.Int).Rsh(huge, 1), "tiny": new(big.Int).Lsh(big.NewInt(1), 1100),
		"i32": int32(5), "f32": float32(0.1), "u8": uint8(1), "one": []string{"a"},
		"l": []int{1},
	}
	cases := []struct{ src, want string }{
		{"{{ inf|floatformat }} {{ ninf|floatformat }} {{ nan|floatformat:2 }}", "inf -inf nan"},
		{"{{ nan|add:1 }}", "nan"},
		{"{{ nan|filesizeformat }} {{ min|filesizeformat }} {{ umax|filesizeformat }}", "0\u00a0bytes -8192.0\u00a0PB 16384.0\u00a0PB"},
		{"{{ min|divisibleby:-1 }} {{ huge|divisibleby:half }} {{ huge|divisibleby:3 }}", "True True False"},
		{"{{ huge|get_digit:22 }} {{ huge|get_digit:1 }} {{ huge|get_digit:23 }}", "1 4 0"},
		{"{{ huge|floatformat:2 }} {{ huge|floatformat }} {{ huge|add:1 }}", "1180591620717411303424.00 1180591620717411303424 1180591620717411303425"},
		{"{{ min|add:-1 }}", "-9223372036854775809"},
		{"{{ f32|floatformat }} {{ i32|floatformat:2 }} {{ i32|add:u8 }} {{ u8|pluralize }}{{ one|pluralize }}", "0.1 5.00 6 "},
		{"{{ 1|get_digit:nan }} {{ nan|pluralize }}", "1 s"},
		{"{{ umax|floatformat }} {{ umax|add:1 }} {{ umax|get_digit:1 }} {{ umax|divisibleby:5 }}", "18446744073709551615 18446744073709551616 5 True"},
	}
	for _, c := range cases {
		if got := render(t, c.src, vars); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.src, got, c.want)
		}
	}
	// Python raises OverflowError for these; Django lets it propagate.
	for _, src := range []string{
		"{{ 1|add:inf }}", "{{ inf|filesizeformat }}", "{{ l|length_is:inf }}", "{{ tiny|pluralize }}",
	} {
		if _, err := renderErr(t, src, vars); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}

// TestFloatformatDecimal checks the decimal helpers floatformat computes with.
func TestFloatformatDecimal(t *testing.T) {
	for _, c := range []struct {
		in     string
		places int
		want   string
		frac   bool
		intS   string
	}{
		{"34.23234", 1, "342", true, "34"},
		{"39.56", 0, "40", true, "39"},
		{"0.007", 1, "0", true, "0"},
		{"-0.07", 1, "1", true, "0"},
		{"99.999", 2, "10000", true, "99"},
		{"1e+16", 2, "1000000000000000000", false, "10000000000000000"},
		{"1.5e-15", 20, "150000", true, "0"},
		{"34.0", 3, "34000", false, "34"},
		{"0.0", 2, "0", false, "0"},
		{"5", 0, "5", false, "5"},
		{"0.05", 1, "1", true, "0"},
		{"0.049", 1, "0", true, "0"},
	} {
		d := parseDecimal(c.in)
		if got := d.quantize(c.places); got != c.want {
			t.Errorf("quantize(%s, %d) = %s, want %s", c.in, c.places, got, c.want)
		}
		if got := d.hasFraction(); got != c.frac {
			t.Errorf("hasFraction(%s) = %v", c.in, got)
		}
		if got := d.intPart(); got != c.intS {
			t.Errorf("intPart(%s) = %s, want %s", c.in, got, c.intS)
		}
	}
	for _, c := range []struct {
		in   string
		pos  int
		g    bool
		want string
	}{
		{"1234567.891", 2, true, "1,234,567.89"},
		{"-123456", 0, true, "-123,456"},
		{"123", 0, true, "123"},
		{"1234", 3, false, "1234.000"},
		{"12.", 0, false, "12"},
	} {
		if got := numberFormat(c.in, c.pos, c.g); got != c.want {
			t.Errorf("numberFormat(%s, %d, %v) = %s, want %s", c.in, c.pos, c.g, got, c.want)
		}
	}
}

// TestPyIntFloat checks Python's int() and float() of strings.
func TestPyIntFloat(t *testing.T) {
	for s, want := range map[string]pyErr{
		"12": pyOK, " -3 ": pyOK, "+4": pyOK, "1_000": pyOK, "007": pyOK,
		"1__0": pyValueError, "_1": pyValueError, "1_": pyValueError, "1.5": pyValueError,
		"": pyValueError, "- 1": pyValueError, "0x10": pyValueError, "\u00a012\n": pyOK,
	} {
		if _, _, e := parsePyInt(s); e != want {
			t.Errorf("int(%q): got %v, want %v", s, e, want)
		}
	}
	for s, want := range map[string]float64{
		"1.5": 1.5, " -2e3 ": -2000, "1_000.5": 1000.5, ".5": 0.5, "5.": 5, "Infinity": math.Inf(1),
		"-inf": math.Inf(-1), "1e400": math.Inf(1),
	} {
		if f, e := parsePyFloatStr(s); e != pyOK || f != want {
			t.Errorf("float(%q) = %v, %v; want %v", s, f, e, want)
		}
	}
	for _, s := range []string{"", "1e", "e5", "1_", "1__0", "0x1p3", "1e2e3", "abc", "1,5"} {
		if _, e := parsePyFloatStr(s); e != pyValueError {
			t.Errorf("float(%q) did not fail", s)
		}
	}
	if f, e := parsePyFloatStr("nan"); e != pyOK || !math.IsNaN(f) {
		t.Errorf("float('nan') = %v, %v", f, e)
	}
}
