package templates

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones of TestDateFormatZones, whatever the system has
)

// The expected outputs in this file are what Django 3.2's
// django.utils.dateformat and django.utils.timesince give (settings
// TIME_ZONE set to the zone of the case, USE_TZ = False), many of them
// from Django's own tests.

// allFormatChars is every format character, separated by bars.
const allFormatChars = "a|A|b|c|d|D|e|E|f|F|g|G|h|H|i|I|j|l|L|m|M|n|N|o|O|P|r|s|S|t|T|u|U|w|W|y|Y|z|Z"

func TestDateFormatChars(t *testing.T) {
	loc := time.UTC
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "a.m.|AM|mar|2026-03-07T09:05:03|07|Sat||March|9:05|March|9|9|09|09|05|0|7|Saturday|False|03|Mar|3|March|2026|+0000|9:05 a.m.|Sat, 07 Mar 2026 09:05:03 +0000|03|th|31|UTC|000000|1772874303|6|10|26|2026|66|0"},
		{time.Date(1979, 7, 8, 22, 0, 0, 0, loc), "p.m.|PM|jul|1979-07-08T22:00:00|08|Sun||July|10|July|10|22|10|22|00|0|8|Sunday|False|07|Jul|7|July|1979|+0000|10 p.m.|Sun, 08 Jul 1979 22:00:00 +0000|00|th|31|UTC|000000|300319200|0|27|79|1979|189|0"},
		{time.Date(2008, 5, 19, 11, 45, 23, 123456000, loc), "a.m.|AM|may|2008-05-19T11:45:23.123456|19|Mon||May|11:45|May|11|11|11|11|45|0|19|Monday|True|05|May|5|May|2008|+0000|11:45 a.m.|Mon, 19 May 2008 11:45:23 +0000|23|th|31|UTC|123456|1211197523|1|21|08|2008|140|0"},
		{time.Date(2000, 1, 1, 0, 0, 0, 0, loc), "a.m.|AM|jan|2000-01-01T00:00:00|01|Sat||January|12|January|12|0|12|00|00|0|1|Saturday|True|01|Jan|1|Jan.|1999|+0000|midnight|Sat, 01 Jan 2000 00:00:00 +0000|00|st|31|UTC|000000|946684800|6|52|00|2000|1|0"},
		{time.Date(2024, 2, 29, 12, 0, 0, 0, loc), "p.m.|PM|feb|2024-02-29T12:00:00|29|Thu||February|12|February|12|12|12|12|00|0|29|Thursday|True|02|Feb|2|Feb.|2024|+0000|noon|Thu, 29 Feb 2024 12:00:00 +0000|00|th|29|UTC|000000|1709208000|4|9|24|2024|60|0"},
		{time.Date(2024, 12, 30, 12, 30, 59, 0, loc), "p.m.|PM|dec|2024-12-30T12:30:59|30|Mon||December|12:30|December|12|12|12|12|30|0|30|Monday|True|12|Dec|12|Dec.|2025|+0000|12:30 p.m.|Mon, 30 Dec 2024 12:30:59 +0000|59|th|31|UTC|000000|1735561859|1|1|24|2024|365|0"},
		{time.Date(2021, 1, 1, 0, 1, 0, 0, loc), "a.m.|AM|jan|2021-01-01T00:01:00|01|Fri||January|12:01|January|12|0|12|00|01|0|1|Friday|False|01|Jan|1|Jan.|2020|+0000|12:01 a.m.|Fri, 01 Jan 2021 00:01:00 +0000|00|st|31|UTC|000000|1609459260|5|53|21|2021|1|0"},
		{time.Date(2023, 6, 11, 13, 0, 0, 0, loc), "p.m.|PM|jun|2023-06-11T13:00:00|11|Sun||June|1|June|1|13|01|13|00|0|11|Sunday|False|06|Jun|6|June|2023|+0000|1 p.m.|Sun, 11 Jun 2023 13:00:00 +0000|00|th|30|UTC|000000|1686488400|0|23|23|2023|162|0"},
		{time.Date(2023, 6, 22, 23, 59, 59, 1000, loc), "p.m.|PM|jun|2023-06-22T23:59:59.000001|22|Thu||June|11:59|June|11|23|11|23|59|0|22|Thursday|False|06|Jun|6|June|2023|+0000|11:59 p.m.|Thu, 22 Jun 2023 23:59:59 +0000|59|nd|30|UTC|000001|1687478399|4|25|23|2023|173|0"},
		{time.Date(2023, 11, 23, 1, 9, 9, 0, loc), "a.m.|AM|nov|2023-11-23T01:09:09|23|Thu||November|1:09|November|1|1|01|01|09|0|23|Thursday|False|11|Nov|11|Nov.|2023|+0000|1:09 a.m.|Thu, 23 Nov 2023 01:09:09 +0000|09|rd|30|UTC|000000|1700701749|4|47|23|2023|327|0"},
		{time.Date(2100, 10, 25, 0, 0, 0, 0, loc), "a.m.|AM|oct|2100-10-25T00:00:00|25|Mon||October|12|October|12|0|12|00|00|0|25|Monday|False|10|Oct|10|Oct.|2100|+0000|midnight|Mon, 25 Oct 2100 00:00:00 +0000|00|th|31|UTC|000000|4128105600|1|43|00|2100|298|0"},
		{time.Date(5, 4, 3, 1, 2, 3, 0, loc), "a.m.|AM|apr|0005-04-03T01:02:03|03|Sun||April|1:02|April|1|1|01|01|02|0|3|Sunday|False|04|Apr|4|April|5|+0000|1:02 a.m.|Sun, 03 Apr 0005 01:02:03 +0000|03|rd|30|UTC|000000|-62001413877|0|13|05|5|93|0"},
		{time.Date(1969, 12, 31, 23, 59, 59, 0, loc), "p.m.|PM|dec|1969-12-31T23:59:59|31|Wed||December|11:59|December|11|23|11|23|59|0|31|Wednesday|False|12|Dec|12|Dec.|1970|+0000|11:59 p.m.|Wed, 31 Dec 1969 23:59:59 +0000|59|st|31|UTC|000000|-1|3|1|69|1969|365|0"},
		{time.Date(2022, 9, 1, 12, 1, 0, 0, loc), "p.m.|PM|sep|2022-09-01T12:01:00|01|Thu||September|12:01|September|12|12|12|12|01|0|1|Thursday|False|09|Sep|9|Sept.|2022|+0000|12:01 p.m.|Thu, 01 Sep 2022 12:01:00 +0000|00|st|30|UTC|000000|1662033660|4|35|22|2022|244|0"},
		{time.Date(2022, 8, 31, 0, 30, 0, 0, loc), "a.m.|AM|aug|2022-08-31T00:30:00|31|Wed||August|12:30|August|12|0|12|00|30|0|31|Wednesday|False|08|Aug|8|Aug.|2022|+0000|12:30 a.m.|Wed, 31 Aug 2022 00:30:00 +0000|00|st|31|UTC|000000|1661905800|3|35|22|2022|243|0"},
	}
	for _, tt := range tests {
		if got := dateFormat(tt.t, allFormatChars); got != tt.want {
			t.Errorf("dateFormat(%v)\n got %q\nwant %q", tt.t, got, tt.want)
		}
	}
}

// Django's own dateformat tests (tests/utils_tests/test_dateformat.py).
func TestDateFormatDjango(t *testing.T) {
	myBirthday := time.Date(1979, 7, 8, 22, 0, 0, 0, time.UTC)
	timestamp := time.Date(2008, 5, 19, 11, 45, 23, 123456000, time.UTC)
	tests := []struct {
		t      time.Time
		format string
		want   string
	}{
		{myBirthday, "", ""},
		{myBirthday, "a", "p.m."},
		{time.Date(2009, 5, 16, 0, 0, 0, 123000, time.UTC), "u", "000123"},
		{myBirthday, "A", "PM"},
		{timestamp, "c", "2008-05-19T11:45:23.123456"},
		{myBirthday, "d", "08"},
		{myBirthday, "j", "8"},
		{myBirthday, "l", "Sunday"},
		{myBirthday, "L", "False"},
		{myBirthday, "m", "07"},
		{myBirthday, "M", "Jul"},
		{myBirthday, "b", "jul"},
		{myBirthday, "n", "7"},
		{myBirthday, "N", "July"},
		{myBirthday, "P", "10 p.m."},
		{myBirthday, "s", "00"},
		{myBirthday, "S", "th"},
		{myBirthday, "t", "31"},
		{myBirthday, "w", "0"},
		{myBirthday, "W", "27"},
		{myBirthday, "y", "79"},
		{myBirthday, "Y", "1979"},
		{myBirthday, "z", "189"},
		{myBirthday, `Y z \C\E\T`, "1979 189 CET"},
		{myBirthday, `jS \o\f F`, "8th of July"},
		{time.Date(2100, 10, 25, 0, 0, 0, 0, time.UTC), "Y", "2100"},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), "U", "0"},
		{time.Date(9, 1, 1, 0, 0, 0, 0, time.UTC), "y", "09"},
		{time.Date(476, 9, 8, 5, 0, 0, 0, time.UTC), "y", "76"},
		{time.Date(476, 9, 8, 5, 0, 0, 0, time.UTC), "Y", "476"}, // not padded in Django 3.2
		{time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), "L", "True"},
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), "L", "False"},
		{time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC), "L", "True"},
	}
	for _, tt := range tests {
		if got := dateFormat(tt.t, tt.format); got != tt.want {
			t.Errorf("dateFormat(%v, %q) = %q, want %q", tt.t, tt.format, got, tt.want)
		}
	}
}

func TestDateFormatDaysOfMonth(t *testing.T) {
	suffixes := "st nd rd th th th th th th th th th th th th th th th th th st nd rd th th th th th th th st"
	for i, want := range strings.Fields(suffixes) {
		if got := dateFormat(time.Date(2023, 1, i+1, 0, 0, 0, 0, time.UTC), "S"); got != want {
			t.Errorf("day %d: S = %q, want %q", i+1, got, want)
		}
	}
	months := "31 28 31 30 31 30 31 31 30 31 30 31"
	for i, want := range strings.Fields(months) {
		if got := dateFormat(time.Date(2023, time.Month(i+1), 5, 0, 0, 0, 0, time.UTC), "t"); got != want {
			t.Errorf("month %d: t = %q, want %q", i+1, got, want)
		}
	}
	ap := "Jan.|Feb.|March|April|May|June|July|Aug.|Sept.|Oct.|Nov.|Dec."
	for i, want := range strings.Split(ap, "|") {
		m := time.Date(2023, time.Month(i+1), 5, 0, 0, 0, 0, time.UTC)
		if got := dateFormat(m, "N"); got != want {
			t.Errorf("month %d: N = %q, want %q", i+1, got, want)
		}
		if got, want := dateFormat(m, "E"), dateFormat(m, "F"); got != want {
			t.Errorf("month %d: E = %q, want %q", i+1, got, want)
		}
	}
}

func TestDateFormatEscapes(t *testing.T) {
	d := time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)
	tests := []struct{ format, want string }{
		{"Y z \\C\\E\\T", "2026 66 CET"},
		{"jS \\o\\f F", "7th of March"},
		{"l jS \\o\\f F Y h:i:s A", "Saturday 7th of March 2026 09:05:03 AM"},
		{"\\\\Y", "\\Y"},
		{"\\Y\\\\", "Y\\"},
		{"Y\\", "2026\\"},
		{"\\", "\\"},
		{"\\\\\\Y", "\\Y"},
		{"Y\n\\\nY", "2026\n\\\n2026"},
		{"\u0132 Y \u2014 \\\u00e9 \\\u00f1Y", "\u0132 2026 \u2014 \u00e9 \u00f12026"},
		{"\u65e5\u672c Y\u5e74n\u6708j\u65e5", "\u65e5\u672c 2026\u5e743\u67087\u65e5"},
		{"q-k", "q-k"},
		{"", ""},
		{"%Y-%m-%d", "%2026-%03-%07"},
		{"B V x X q Q R p", "B V x X q Q R p"},
		{"\\a\\A\\b", "aAb"},
		{"\\\\", "\\"},
		{"Y-m-d H:i", "2026-03-07 09:05"},
		{"\\\\\\\\", "\\\\"},
		{"H\\\\i", "09\\i"},
		{"\\\tY", "\t2026"},
	}
	for _, tt := range tests {
		if got := dateFormat(d, tt.format); got != tt.want {
			t.Errorf("dateFormat(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

// Naive datetimes in a Location that stands for Django's TIME_ZONE.
func TestDateFormatZones(t *testing.T) {
	const format = "I|O|T|Z|e|U|r|c|P"
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(1979, 7, 8, 22, 0, 0, 0, zone(t, "Europe/Copenhagen")), "0|+0100|CET|3600||300315600|Sun, 08 Jul 1979 22:00:00 +0100|1979-07-08T22:00:00|10 p.m."},
		{time.Date(2005, 10, 30, 1, 0, 0, 0, zone(t, "Europe/Copenhagen")), "1|+0200|CEST|7200||1130626800|Sun, 30 Oct 2005 01:00:00 +0200|2005-10-30T01:00:00|1 a.m."},
		{time.Date(2005, 10, 30, 4, 0, 0, 0, zone(t, "Europe/Copenhagen")), "0|+0100|CET|3600||1130641200|Sun, 30 Oct 2005 04:00:00 +0100|2005-10-30T04:00:00|4 a.m."},
		{time.Date(2015, 10, 25, 1, 59, 59, 0, zone(t, "Europe/Copenhagen")), "1|+0200|CEST|7200||1445731199|Sun, 25 Oct 2015 01:59:59 +0200|2015-10-25T01:59:59|1:59 a.m."},
		{time.Date(2015, 10, 25, 3, 0, 0, 0, zone(t, "Europe/Copenhagen")), "0|+0100|CET|3600||1445738400|Sun, 25 Oct 2015 03:00:00 +0100|2015-10-25T03:00:00|3 a.m."},
		{time.Date(2015, 3, 29, 3, 30, 0, 0, zone(t, "Europe/Copenhagen")), "1|+0200|CEST|7200||1427592600|Sun, 29 Mar 2015 03:30:00 +0200|2015-03-29T03:30:00|3:30 a.m."},
		{time.Date(2009, 5, 16, 5, 30, 30, 0, zone(t, "Europe/Copenhagen")), "1|+0200|CEST|7200||1242444630|Sat, 16 May 2009 05:30:30 +0200|2009-05-16T05:30:30|5:30 a.m."},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, zone(t, "America/New_York")), "0|-0500|EST|-18000||1772892303|Sat, 07 Mar 2026 09:05:03 -0500|2026-03-07T09:05:03|9:05 a.m."},
		{time.Date(2026, 7, 4, 18, 30, 0, 0, zone(t, "America/New_York")), "1|-0400|EDT|-14400||1783204200|Sat, 04 Jul 2026 18:30:00 -0400|2026-07-04T18:30:00|6:30 p.m."},
		{time.Date(1969, 12, 31, 19, 0, 0, 0, zone(t, "America/New_York")), "0|-0500|EST|-18000||0|Wed, 31 Dec 1969 19:00:00 -0500|1969-12-31T19:00:00|7 p.m."},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, zone(t, "Asia/Kathmandu")), "0|+0545|+0545|20700||1772853603|Sat, 07 Mar 2026 09:05:03 +0545|2026-03-07T09:05:03|9:05 a.m."},
		{time.Date(2026, 1, 7, 9, 5, 3, 0, zone(t, "America/St_Johns")), "0|-0330|NST|-12600||1767789303|Wed, 07 Jan 2026 09:05:03 -0330|2026-01-07T09:05:03|9:05 a.m."},
		{time.Date(2026, 7, 7, 9, 5, 3, 0, zone(t, "America/St_Johns")), "1|-0230|NDT|-9000||1783424103|Tue, 07 Jul 2026 09:05:03 -0230|2026-07-07T09:05:03|9:05 a.m."},
		{time.Date(2026, 1, 7, 9, 5, 3, 0, zone(t, "Australia/Lord_Howe")), "1|+1100|+11|39600||1767737103|Wed, 07 Jan 2026 09:05:03 +1100|2026-01-07T09:05:03|9:05 a.m."},
		{time.Date(2026, 7, 7, 9, 5, 3, 0, zone(t, "Australia/Lord_Howe")), "0|+1030|+1030|37800||1783377303|Tue, 07 Jul 2026 09:05:03 +1030|2026-07-07T09:05:03|9:05 a.m."},
	}
	for _, tt := range tests {
		if got := dateFormat(tt.t, format); got != tt.want {
			t.Errorf("dateFormat(%v)\n got %q\nwant %q", tt.t, got, tt.want)
		}
	}
}

// A wall clock that the zone repeats when its clocks go back has no
// offset, name or DST flag for Django (pytz's AmbiguousTimeError).
func TestDateFormatAmbiguous(t *testing.T) {
	const format = "I|O|T|Z|e|c|P"
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2015, 10, 25, 2, 30, 0, 0, zone(t, "Europe/Copenhagen")), "|||||2015-10-25T02:30:00|2:30 a.m."},
		{time.Date(2015, 10, 25, 2, 0, 0, 0, zone(t, "Europe/Copenhagen")), "|||||2015-10-25T02:00:00|2 a.m."},
		{time.Date(2015, 10, 25, 2, 59, 59, 0, zone(t, "Europe/Copenhagen")), "|||||2015-10-25T02:59:59|2:59 a.m."},
		{time.Date(2026, 11, 1, 1, 30, 0, 0, zone(t, "America/New_York")), "|||||2026-11-01T01:30:00|1:30 a.m."},
	}
	for _, tt := range tests {
		if got := dateFormat(tt.t, format); got != tt.want {
			t.Errorf("dateFormat(%v)\n got %q\nwant %q", tt.t, got, tt.want)
		}
		// Both readings of the wall clock are ambiguous.
		for _, d := range []time.Duration{-time.Hour, time.Hour} {
			if other := tt.t.Add(d); other.Hour() == tt.t.Hour() && other.Minute() == tt.t.Minute() {
				if got := dateFormat(other, format); got != tt.want {
					t.Errorf("dateFormat(%v)\n got %q\nwant %q", other, got, tt.want)
				}
			}
		}
	}
	// Fixed zones: an empty name is written as the offset.
	fixed := time.Date(2009, 5, 16, 5, 30, 30, 0, time.FixedZone("", -210*60))
	if got, want := dateFormat(fixed, "O T Z I e r"), "-0330 -0330 -12600 0  Sat, 16 May 2009 05:30:30 -0330"; got != want {
		t.Errorf("fixed zone: got %q, want %q", got, want)
	}
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestTimeFormat(t *testing.T) {
	loc := time.UTC
	tests := []struct {
		t       time.Time
		format  string
		want    string
		wantErr bool
	}{
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "H:i", "09:05", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "P", "9:05 a.m.", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "a A e f g G h H i O P s T u Z", "a.m. AM  9:05 9 9 09 09 05 +0000 9:05 a.m. 03 UTC 000000 0", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "H \\Y", "09 Y", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "\\d\\a\\t\\e", "date", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "", "", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "q", "q", false},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "Y", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "d", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "c", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "r", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "U", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "I", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "N j, Y", "", true},
		{time.Date(2026, 3, 7, 9, 5, 3, 0, loc), "D", "", true},
		{time.Date(2026, 3, 7, 0, 0, 0, 0, loc), "a A e f g G h H i O P s T u Z", "a.m. AM  12 12 0 12 00 00 +0000 midnight 00 UTC 000000 0", false},
		{time.Date(2026, 3, 7, 12, 0, 0, 0, loc), "a A e f g G h H i O P s T u Z", "p.m. PM  12 12 12 12 12 00 +0000 noon 00 UTC 000000 0", false},
		{time.Date(2026, 3, 7, 12, 30, 1, 999000, loc), "a A e f g G h H i O P s T u Z", "p.m. PM  12:30 12 12 12 12 30 +0000 12:30 p.m. 01 UTC 000999 0", false},
		{time.Date(2026, 3, 7, 23, 1, 59, 0, loc), "a A e f g G h H i O P s T u Z", "p.m. PM  11:01 11 23 11 23 01 +0000 11:01 p.m. 59 UTC 000000 0", false},
	}
	for _, tt := range tests {
		got, err := timeFormat(tt.t, tt.format)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("timeFormat(%v, %q) = %q, %v; want %q, error %v", tt.t, tt.format, got, err, tt.want, tt.wantErr)
		}
	}
}

// Values that are not dates: only the time zone characters, which give
// "", do not fail.
func TestNonDateFormat(t *testing.T) {
	tests := []struct {
		format   string
		timeOnly bool
		want     string
		ok       bool
	}{
		{"q-k", false, "q-k", true},
		{"e O", false, " ", true},
		{"e|O|T|Z|I", false, "||||", true},
		{"e|O|T|Z|I", true, "", false},
		{"e|O|T|Z", true, "|||", true},
		{`\Y`, false, "Y", true},
		{"Y", false, "", false},
		{"H", true, "", false},
		{"", false, "", true},
	}
	for _, tt := range tests {
		got, ok := nonDateFormat(tt.format, tt.timeOnly)
		if got != tt.want || ok != tt.ok {
			t.Errorf("nonDateFormat(%q, %v) = %q, %v; want %q, %v", tt.format, tt.timeOnly, got, ok, tt.want, tt.ok)
		}
	}
}

// Django's timesince tests (tests/utils_tests/test_timesince.py of 3.2),
// with the edge cases of later versions as 3.2 computes them (months of
// 30 days, years of 365).
func TestTimeSince(t *testing.T) {
	tests := []struct {
		d, now       time.Time
		since, until string // timesince(d, now) and timeuntil(now, d)
	}{
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 46, 0, 1000, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 46, 1, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 46, 59, 999999000, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 46, 59, 999999000, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 47, 0, 0, time.UTC), "1\u00a0minute", "1\u00a0minute"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 14, 46, 0, 0, time.UTC), "1\u00a0hour", "1\u00a0hour"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 15, 13, 46, 0, 0, time.UTC), "1\u00a0day", "1\u00a0day"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 21, 13, 46, 0, 0, time.UTC), "1\u00a0week", "1\u00a0week"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 9, 13, 13, 46, 0, 0, time.UTC), "1\u00a0month", "1\u00a0month"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2008, 8, 13, 13, 46, 0, 0, time.UTC), "1\u00a0year", "1\u00a0year"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 9, 14, 13, 46, 0, 0, time.UTC), "1\u00a0month", "1\u00a0month"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2008, 8, 14, 13, 46, 0, 0, time.UTC), "1\u00a0year", "1\u00a0year"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 16, 19, 46, 0, 0, time.UTC), "2\u00a0days, 6\u00a0hours", "2\u00a0days, 6\u00a0hours"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 30, 13, 46, 0, 0, time.UTC), "2\u00a0weeks, 2\u00a0days", "2\u00a0weeks, 2\u00a0days"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 28, 16, 50, 0, 0, time.UTC), "2\u00a0weeks", "2\u00a0weeks"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 18, 13, 51, 0, 0, time.UTC), "4\u00a0days", "4\u00a0days"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 45, 59, 999999000, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 45, 59, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 45, 0, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 13, 13, 46, 0, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2006, 8, 14, 13, 46, 0, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 7, 29, 13, 46, 0, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2008, 9, 20, 14, 46, 0, 0, time.UTC), "1\u00a0year, 1\u00a0month", "1\u00a0year, 1\u00a0month"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 14, 47, 0, 0, time.UTC), "1\u00a0hour, 1\u00a0minute", "1\u00a0hour, 1\u00a0minute"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 9, 20, 13, 46, 0, 0, time.UTC), "1\u00a0month, 1\u00a0week", "1\u00a0month, 1\u00a0week"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2008, 8, 21, 13, 46, 0, 0, time.UTC), "1\u00a0year", "1\u00a0year"},
		{time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2008, 7, 13, 13, 46, 0, 0, time.UTC), "11\u00a0months", "11\u00a0months"},
		{time.Date(1007, 8, 14, 13, 46, 0, 0, time.UTC), time.Date(2007, 8, 14, 13, 46, 0, 0, time.UTC), "1000\u00a0years", "1000\u00a0years"},
		{time.Date(2016, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), "1\u00a0week", "1\u00a0week"},
		{time.Date(2016, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 18, 0, 0, 0, time.UTC), "18\u00a0hours", "18\u00a0hours"},
		{time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 18, 0, 0, 0, time.UTC), "0\u00a0minutes", "0\u00a0minutes"},
		{time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC), "1\u00a0year", "1\u00a0year"},
		{time.Date(2016, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2017, 2, 1, 0, 0, 0, 0, time.UTC), "1\u00a0year", "1\u00a0year"},
		{time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), "2\u00a0years", "2\u00a0years"},
		{time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 0, 0, 0, 0, time.UTC), "1\u00a0year", "1\u00a0year"},
		{time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2017, 2, 28, 0, 0, 0, 0, time.UTC), "12\u00a0months", "12\u00a0months"},
		{time.Date(2011, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC), "9\u00a0years", "9\u00a0years"},
		{time.Date(1999, 12, 31, 23, 59, 0, 0, time.UTC), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), "1\u00a0minute", "1\u00a0minute"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 1, 31, 0, 0, 0, 0, time.UTC), "1\u00a0month", "1\u00a0month"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC), "1\u00a0month", "1\u00a0month"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 2, 28, 0, 0, 0, 0, time.UTC), "1\u00a0month, 4\u00a0weeks", "1\u00a0month, 4\u00a0weeks"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), "1\u00a0month, 4\u00a0weeks", "1\u00a0month, 4\u00a0weeks"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 3, 31, 0, 0, 0, 0, time.UTC), "2\u00a0months, 4\u00a0weeks", "2\u00a0months, 4\u00a0weeks"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC), "6\u00a0months", "6\u00a0months"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), "12\u00a0months", "12\u00a0months"},
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 12, 31, 23, 59, 59, 0, time.UTC), "12\u00a0months", "12\u00a0months"},
	}
	for _, tt := range tests {
		if got := timeSince(tt.d, tt.now); got != tt.since {
			t.Errorf("timeSince(%v, %v) = %q, want %q", tt.d, tt.now, got, tt.since)
		}
		if got, err := filterTimeuntil(FilterCall{HasArg: true}, tt.now, tt.d); got != tt.until || err != nil {
			t.Errorf("{{ now|timeuntil:d }} (%v, %v) = %q, %v; want %q", tt.now, tt.d, got, err, tt.until)
		}
	}
}

// The two times are compared as naive datetimes in the first one's
// Location.
func TestTimeSinceLocations(t *testing.T) {
	now := time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)
	kathmandu := now.In(time.FixedZone("+0545", 5*3600+45*60))
	if got, want := timeSince(kathmandu, now), "0\u00a0minutes"; got != want {
		t.Errorf("same instant: %q, want %q", got, want)
	}
	if got, want := timeSince(kathmandu.Add(-time.Hour), now), "1\u00a0hour"; got != want {
		t.Errorf("an hour before: %q, want %q", got, want)
	}
	// Across a change to summer time the wall clocks are subtracted,
	// as Django does for naive datetimes.
	berlin := zone(t, "Europe/Berlin")
	before := time.Date(2026, 3, 28, 12, 0, 0, 0, berlin)
	after := time.Date(2026, 3, 30, 12, 0, 0, 0, berlin)
	if got, want := timeSince(before, after), "2\u00a0days"; got != want {
		t.Errorf("across DST: %q, want %q", got, want)
	}
}

func TestLeapdays(t *testing.T) {
	tests := []struct{ y1, y2, want int }{
		{2007, 2008, 0}, {2008, 2009, 1}, {2000, 2100, 25}, {1900, 2000, 24}, {2100, 2000, -25}, {1, 2001, 485},
	}
	for _, tt := range tests {
		if got := leapdaysBetween(tt.y1, tt.y2); got != tt.want {
			t.Errorf("leapdaysBetween(%d, %d) = %d, want %d", tt.y1, tt.y2, got, tt.want)
		}
	}
}

func BenchmarkDateFormat(b *testing.B) {
	d := time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		dateFormat(d, "N j, Y, P")
	}
}
