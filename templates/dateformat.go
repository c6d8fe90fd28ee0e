package templates

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Django's date formatting (django/utils/dateformat.py of Django 3.2),
// with the English names of django/utils/dates.py.
//
// Datetimes are naive, as in Django with USE_TZ = False: a time.Time is
// formatted by its wall clock in its own Location, and that Location
// stands for Django's default time zone (settings.TIME_ZONE), which
// Django applies to naive datetimes. So for the times of JSON contexts,
// which are in UTC, O is "+0000", T "UTC", Z "0" and I "0"; e is always
// "" (a naive datetime has no tzinfo); U is the Unix time of the wall
// clock read in that Location (Django's time.mktime with the process's
// TZ set to TIME_ZONE), which for UTC times is the wall clock read as
// UTC. As in Django, O, T, Z and I are "" for a wall clock that the
// zone repeats when its clocks go back.

var (
	// weekdayNames and weekdayAbbrs are indexed by Go's Weekday (Sunday 0).
	weekdayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	weekdayAbbrs = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	// The month tables are indexed by month, 1 to 12.
	monthNames = [13]string{"", "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
	monthAbbrs = [13]string{"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	monthTitle = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	// monthsAP are the month names in Associated Press style (N).
	monthsAP = [13]string{"", "Jan.", "Feb.", "March", "April", "May", "June",
		"July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}
)

// isFormatChar reports whether c is one of Django's format characters
// (re_formatchars).
func isFormatChar(c byte) bool {
	switch c {
	case 'a', 'A', 'b', 'c', 'd', 'D', 'e', 'E', 'f', 'F', 'g', 'G', 'h', 'H', 'i', 'I',
		'j', 'l', 'L', 'm', 'M', 'n', 'N', 'o', 'O', 'P', 'r', 's', 'S', 't', 'T',
		'U', 'u', 'w', 'W', 'y', 'Y', 'z', 'Z':
		return true
	}
	return false
}

// isTimeFormatChar reports whether c is a format character of Django's
// TimeFormat, the only ones time_format (the time filter) allows.
func isTimeFormatChar(c byte) bool {
	switch c {
	case 'a', 'A', 'e', 'f', 'g', 'G', 'h', 'H', 'i', 'O', 'P', 's', 'T', 'u', 'Z':
		return true
	}
	return false
}

// errDateInTimeFormat is Django's AttributeError for a date format
// character in a time format.
var errDateInTimeFormat = errors.New("a time format may not contain date-related format characters")

// dateFormat formats t with Django's date format characters
// (django.utils.dateformat.format): backslash escapes the next
// character, other characters are copied.
func dateFormat(t time.Time, format string) string {
	f := dateFormatter{t: t, isDate: true}
	s, _ := f.format(format)
	return s
}

// timeFormat formats t with Django's time format characters
// (django.utils.dateformat.time_format); a date format character is an
// error, as Django's AttributeError.
func timeFormat(t time.Time, format string) (string, error) {
	f := dateFormatter{t: t, isDate: true, timeOnly: true}
	return f.format(format)
}

// nonDateFormat is what Django's formatters give for a value that is not
// a date: the format characters that need no date (e, O, T, Z and, for
// dates, I) give "", any other is an AttributeError (ok is false).
func nonDateFormat(format string, timeOnly bool) (s string, ok bool) {
	f := dateFormatter{timeOnly: timeOnly}
	s, err := f.format(format)
	return s, err == nil
}

// dateFormatter formats one value.
type dateFormatter struct {
	t        time.Time
	isDate   bool // false: the value is not a date
	timeOnly bool // Django's TimeFormat rather than DateFormat
}

// format runs Django's Formatter.format: format characters not preceded
// by a backslash are replaced; in the text between them a backslash
// escapes the character after it (except a newline).
func (f *dateFormatter) format(format string) (string, error) {
	var b strings.Builder
	b.Grow(len(format) + len(format)/2 + 8)
	for i := 0; i < len(format); {
		c := format[i]
		if isFormatChar(c) && (i == 0 || format[i-1] != '\\') {
			if !f.directive(&b, c) {
				return "", errDateInTimeFormat
			}
			i++
			continue
		}
		if c == '\\' && i+1 < len(format) && format[i+1] != '\n' {
			_, n := utf8.DecodeRuneInString(format[i+1:])
			b.WriteString(format[i+1 : i+1+n])
			i += 1 + n
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), nil
}

// directive writes the expansion of format character c; false means
// Django's formatter has no such method (an AttributeError).
func (f *dateFormatter) directive(b *strings.Builder, c byte) bool {
	if f.timeOnly && !isTimeFormatChar(c) {
		return false
	}
	if !f.isDate {
		switch c {
		case 'e', 'O', 'T', 'Z', 'I':
			return true // no time zone: ""
		}
		return false
	}
	t := f.t
	var buf [24]byte
	num := func(n int) { b.Write(strconv.AppendInt(buf[:0], int64(n), 10)) }
	pad := func(n, width int) { b.Write(appendPadded(buf[:0], n, width)) }
	switch c {
	case 'a':
		if t.Hour() > 11 {
			b.WriteString("p.m.")
		} else {
			b.WriteString("a.m.")
		}
	case 'A':
		if t.Hour() > 11 {
			b.WriteString("PM")
		} else {
			b.WriteString("AM")
		}
	case 'b':
		b.WriteString(monthAbbrs[t.Month()])
	case 'c':
		b.Write(appendISO(buf[:0], t))
		if us := t.Nanosecond() / 1000; us != 0 {
			b.WriteByte('.')
			pad(us, 6)
		}
	case 'd':
		pad(t.Day(), 2)
	case 'D':
		b.WriteString(weekdayAbbrs[t.Weekday()])
	case 'e':
		// A naive datetime has no tzinfo.
	case 'E', 'F':
		// E is Django's alternative month name, the same in English.
		b.WriteString(monthNames[t.Month()])
	case 'f':
		num(hour12(t))
		if m := t.Minute(); m != 0 {
			b.WriteByte(':')
			pad(m, 2)
		}
	case 'g':
		num(hour12(t))
	case 'G':
		num(t.Hour())
	case 'h':
		pad(hour12(t), 2)
	case 'H':
		pad(t.Hour(), 2)
	case 'i':
		pad(t.Minute(), 2)
	case 'I':
		if !zoneAmbiguous(t) {
			if t.IsDST() {
				b.WriteByte('1')
			} else {
				b.WriteByte('0')
			}
		}
	case 'j':
		num(t.Day())
	case 'l':
		b.WriteString(weekdayNames[t.Weekday()])
	case 'L':
		if isLeap(t.Year()) {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case 'm':
		pad(int(t.Month()), 2)
	case 'M':
		b.WriteString(monthTitle[t.Month()])
	case 'n':
		num(int(t.Month()))
	case 'N':
		b.WriteString(monthsAP[t.Month()])
	case 'o':
		y, _ := t.ISOWeek()
		num(y)
	case 'O':
		if !zoneAmbiguous(t) {
			_, off := t.Zone()
			b.Write(appendOffset(buf[:0], off, false))
		}
	case 'P':
		switch h, m := t.Hour(), t.Minute(); {
		case m == 0 && h == 0:
			b.WriteString("midnight")
		case m == 0 && h == 12:
			b.WriteString("noon")
		default:
			f.directive(b, 'f')
			b.WriteByte(' ')
			f.directive(b, 'a')
		}
	case 'r':
		// email.utils.format_datetime of the datetime made aware in
		// the default time zone.
		b.WriteString(weekdayAbbrs[t.Weekday()])
		b.WriteString(", ")
		pad(t.Day(), 2)
		b.WriteByte(' ')
		b.WriteString(monthTitle[t.Month()])
		b.WriteByte(' ')
		pad(t.Year(), 4)
		b.WriteByte(' ')
		pad(t.Hour(), 2)
		b.WriteByte(':')
		pad(t.Minute(), 2)
		b.WriteByte(':')
		pad(t.Second(), 2)
		b.WriteByte(' ')
		_, off := t.Zone()
		b.Write(appendOffset(buf[:0], off, true))
	case 's':
		pad(t.Second(), 2)
	case 'S':
		b.WriteString(ordinalSuffix(t.Day()))
	case 't':
		pad(daysIn(t.Year(), t.Month()), 2)
	case 'T':
		if !zoneAmbiguous(t) {
			name, off := t.Zone()
			if name == "" {
				b.Write(appendOffset(buf[:0], off, false))
			} else {
				b.WriteString(name)
			}
		}
	case 'u':
		pad(t.Nanosecond()/1000, 6)
	case 'U':
		b.Write(strconv.AppendInt(buf[:0], t.Unix(), 10))
	case 'w':
		num(int(t.Weekday()))
	case 'W':
		_, w := t.ISOWeek()
		num(w)
	case 'y':
		pad(mod(t.Year(), 100), 2)
	case 'Y':
		// Django 3.2 does not pad the year (4.0 does, to four digits).
		num(t.Year())
	case 'z':
		num(t.YearDay())
	case 'Z':
		if !zoneAmbiguous(t) {
			_, off := t.Zone()
			num(off)
		}
	}
	return true
}

// hour12 is the hour on a 12-hour clock, 1 to 12.
func hour12(t time.Time) int {
	if h := t.Hour() % 12; h != 0 {
		return h
	}
	return 12
}

// ordinalSuffix is the English suffix of a day of the month (S).
func ordinalSuffix(day int) string {
	switch day {
	case 11, 12, 13:
		return "th"
	}
	switch day % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// isLeap is calendar.isleap.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysIn is the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// mod is Python's %: the result has the sign of n.
func mod(a, n int) int {
	r := a % n
	if r < 0 {
		r += n
	}
	return r
}

// floorDiv is Python's //.
func floorDiv(a, n int) int {
	q := a / n
	if (a%n != 0) && ((a < 0) != (n < 0)) {
		q--
	}
	return q
}

// appendPadded appends n as Python's "%0*d" % (width, n).
func appendPadded(dst []byte, n, width int) []byte {
	if n < 0 {
		dst = append(dst, '-')
		n = -n
		width--
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// appendISO appends Python's isoformat() of a naive datetime without its
// microseconds: YYYY-MM-DDTHH:MM:SS.
func appendISO(dst []byte, t time.Time) []byte {
	dst = appendPadded(dst, t.Year(), 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, int(t.Month()), 2)
	dst = append(dst, '-')
	dst = appendPadded(dst, t.Day(), 2)
	dst = append(dst, 'T')
	dst = appendPadded(dst, t.Hour(), 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, t.Minute(), 2)
	dst = append(dst, ':')
	return appendPadded(dst, t.Second(), 2)
}

// appendOffset appends a UTC offset in seconds as +HHMM (Django's O);
// withSeconds adds the seconds when there are any, as Python's %z.
func appendOffset(dst []byte, off int, withSeconds bool) []byte {
	if off < 0 {
		dst = append(dst, '-')
		off = -off
	} else {
		dst = append(dst, '+')
	}
	dst = appendPadded(dst, off/3600, 2)
	dst = appendPadded(dst, off/60%60, 2)
	if withSeconds && off%60 != 0 {
		dst = appendPadded(dst, off%60, 2)
	}
	return dst
}

// zoneAmbiguous reports whether t's wall clock occurs twice in its
// Location, around a change of offset (Django's
// _datetime_ambiguous_or_imaginary): Django then gives "" for O, T, Z
// and I. (A time.Time's wall clock always exists, so it is never
// imaginary.)
func zoneAmbiguous(t time.Time) bool {
	if t.Location() == time.UTC {
		return false
	}
	_, off := t.Zone()
	wall := t.Unix() + int64(off)
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		// The wall clock read with the previous period's offset.
		_, prev := start.Add(-time.Second).Zone()
		if prev != off && wall-int64(prev) < start.Unix() {
			return true
		}
	}
	if !end.IsZero() {
		_, next := end.Zone()
		if next != off && wall-int64(next) >= end.Unix() {
			return true
		}
	}
	return false
}

// Django's timesince (django/utils/timesince.py of Django 3.2).

// timesinceChunks are the units of timesince, longest first: a year is
// 365 days and a month 30.
var timesinceChunks = [...]struct {
	seconds          int64
	singular, plural string
}{
	{60 * 60 * 24 * 365, "year", "years"},
	{60 * 60 * 24 * 30, "month", "months"},
	{60 * 60 * 24 * 7, "week", "weeks"},
	{60 * 60 * 24, "day", "days"},
	{60 * 60, "hour", "hours"},
	{60, "minute", "minutes"},
}

// timesinceDepth is the number of adjacent units timesince shows.
const timesinceDepth = 2

// nbsp joins a number to its unit so that they do not wrap apart
// (Django's avoid_wrapping).
const nbsp = "\u00a0"

// timeSince is Django 3.2's timesince(d, now): the time from d to now
// as "4\u00a0days, 6\u00a0hours", with up to two adjacent units, or
// "0\u00a0minutes" when d is not before now. The two are compared as
// naive datetimes: now is first moved to d's Location, then their wall
// clocks are subtracted. Seconds are ignored; leap days between the two
// years are subtracted as Django does.
func timeSince(d, now time.Time) string {
	now = now.In(d.Location())
	_, dOff := d.Zone()
	_, nOff := now.Zone()
	since := (now.Unix() + int64(nOff)) - (d.Unix() + int64(dOff))
	if now.Nanosecond()/1000 < d.Nanosecond()/1000 {
		since-- // timedelta's seconds are floored
	}
	// Leap days: calendar.leapdays(d.year, now.year), adjusted.
	dy, ny := d.Year(), now.Year()
	leapdays := leapdaysBetween(dy, ny)
	if leapdays != 0 {
		if isLeap(dy) {
			leapdays--
		} else if isLeap(ny) {
			leapdays++
		}
	}
	since -= int64(leapdays) * 86400
	const zero = "0" + nbsp + "minutes"
	if since <= 0 {
		return zero
	}
	i := 0
	for i < len(timesinceChunks) && since/timesinceChunks[i].seconds == 0 {
		i++
	}
	if i == len(timesinceChunks) {
		return zero
	}
	var b strings.Builder
	b.Grow(32)
	var buf [20]byte
	for depth := 0; i < len(timesinceChunks) && depth < timesinceDepth; i, depth = i+1, depth+1 {
		ch := &timesinceChunks[i]
		count := since / ch.seconds
		if count == 0 {
			break
		}
		if depth > 0 {
			b.WriteString(", ")
		}
		b.Write(strconv.AppendInt(buf[:0], count, 10))
		b.WriteString(nbsp)
		if count == 1 {
			b.WriteString(ch.singular)
		} else {
			b.WriteString(ch.plural)
		}
		since -= ch.seconds * count
	}
	return b.String()
}

// leapdaysBetween is calendar.leapdays(y1, y2): the number of leap years
// in [y1, y2) (negative when y2 < y1).
func leapdaysBetween(y1, y2 int) int {
	y1--
	y2--
	return (floorDiv(y2, 4) - floorDiv(y1, 4)) - (floorDiv(y2, 100) - floorDiv(y1, 100)) + (floorDiv(y2, 400) - floorDiv(y1, 400))
}
