package regulatory

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name, reason string
		from         Date
		days         int
		want         string
	}{
		{"presence", "60 days after 22 Oct 2013 is 21 Dec 2013", MustDate(2013, time.October, 22), 60, "2013-12-21"},
		{"year-end-2025", "60 days after 31 Dec 2025 is 1 Mar 2026 (non-leap February)", MustDate(2025, time.December, 31), 60, "2026-03-01"},
		{"year-end-2023", "60 days after 31 Dec 2023 is 29 Feb 2024 (leap February)", MustDate(2023, time.December, 31), 60, "2024-02-29"},
		{"century", "2100 is not a leap year", MustDate(2099, time.December, 31), 60, "2100-03-01"},
		{"negative", "days can go back", MustDate(2026, time.January, 1), -1, "2025-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.from.AddDays(tt.days)
			if got.String() != tt.want {
				t.Errorf("%s: got %s, want %s", tt.reason, got, tt.want)
			}
			if tt.from.DaysUntil(got) != tt.days {
				t.Errorf("DaysUntil = %d, want %d", tt.from.DaysUntil(got), tt.days)
			}
		})
	}
	if got := MustDate(2024, time.February, 29).AddMonths(12).String(); got != "2025-02-28" {
		t.Errorf("AddMonths clamps to month end: got %s", got)
	}
	if got := MustDate(2025, time.January, 31).AddMonths(-2).String(); got != "2024-11-30" {
		t.Errorf("AddMonths backwards: got %s", got)
	}
	if got := MustDate(9999, time.December, 30).AddDays(10); got.String() != "9999-12-31" {
		t.Errorf("AddDays clamps at the end of the range: %s", got)
	}
}

func TestWorkDays(t *testing.T) {
	cal := WorkCalendar{Name: "US federal 2026 (part)", Holidays: []Date{MustDate(2026, time.July, 3), MustDate(2026, time.May, 25)}}
	tests := []struct {
		name, reason string
		from         Date
		n            int
		want         string
	}{
		{"monday", "5 work days after a Monday is the next Monday", MustDate(2026, time.March, 2), 5, "2026-03-09"},
		{"friday", "the weekend is skipped", MustDate(2026, time.March, 6), 5, "2026-03-13"},
		{"saturday", "awareness on a Saturday: the day itself never counts", MustDate(2026, time.March, 7), 5, "2026-03-13"},
		{"holiday", "Independence Day observed (Fri 3 Jul 2026) is skipped", MustDate(2026, time.July, 1), 5, "2026-07-09"},
		{"memorial", "Memorial Day is skipped", MustDate(2026, time.May, 22), 1, "2026-05-26"},
		{"ten", "10 work days spanning two weekends", MustDate(2026, time.March, 2), 10, "2026-03-16"},
		{"zero", "n = 0 returns the day", MustDate(2026, time.March, 7), 0, "2026-03-07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.AddWorkDays(tt.from, tt.n); got.String() != tt.want {
				t.Errorf("%s: got %s, want %s", tt.reason, got, tt.want)
			}
		})
	}
	if cal.IsWorkDay(MustDate(2026, time.July, 3)) || !cal.IsWorkDay(MustDate(2026, time.July, 2)) {
		t.Error("IsWorkDay ignores the holiday list")
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"2025-02-29", "2025-13-01", "25-01-01", "2025/01/01", "", "0000-01-01", "2025-01-01T00:00:00Z"} {
		if _, err := ParseDate(bad); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ParseDate(%q) = %v, want ErrInvalidInput", bad, err)
		}
	}
	if _, err := NewDate(2025, time.February, 29); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NewDate accepted 2025-02-29")
	}
	d := MustDate(2024, time.February, 29)
	b, _ := json.Marshal(d)
	var back Date
	if err := json.Unmarshal(b, &back); err != nil || back != d {
		t.Errorf("round trip %s -> %s: %v", d, back, err)
	}
	if err := json.Unmarshal([]byte(`""`), &back); err != nil || !back.IsZero() {
		t.Errorf("empty text should give the zero date: %v %v", back, err)
	}
}

func TestWorkCalendarValidate(t *testing.T) {
	c := WorkCalendar{Holidays: []Date{{}, MustDate(2026, 1, 1)}}
	if d := errorPaths(c.Validate()); len(d) != 1 || d[0] != "calendar.holidays[0]" {
		t.Errorf("paths %v", d)
	}
	big := WorkCalendar{Holidays: make([]Date, MaxHolidays+1)}
	if err := big.Validate(); !errors.Is(err, ErrInvalidInput) {
		t.Error("over-cap calendar accepted")
	}
}
