package postmarket

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/risk"
)

// MaxOutages is the largest number of outages an uptime review accepts.
const MaxOutages = 100_000

// AllowedDowntime returns the error budget of an availability target over a
// window: (1 − target) × window, rounded to the nanosecond (Google SRE
// book, 2016, Appendix A: 99.9% allows 43.2 min per 30 days and 8.76 h per
// 365 days). The window length is the plan's choice.
//
// AllowedDowntime returns an error if target is outside (0, 1) or window is
// not positive (wrap [ErrOutOfRange]).
func AllowedDowntime(target float64, window time.Duration) (time.Duration, error) {
	var l fielderr.List
	l.Add(checkProbOpen("target", target))
	if window <= 0 {
		l.Add(fieldErr("window", window.String(), fmt.Errorf("%w: window must be positive", ErrOutOfRange)))
	}
	if err := l.Err(); err != nil {
		return 0, err
	}
	return time.Duration(math.Round((1 - target) * float64(window))), nil
}

// Outage is one period of unavailability, [Start, End).
type Outage struct {
	ID    string    `json:"id"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// RTOCheck compares a contingency plan's recovery time objective with the
// error budget: an outage recovered exactly at the RTO consumes
// ShareOfBudget of the window's budget. FitsBudget is false when one such
// outage alone breaks the target; FitsRemaining is false when it would
// break it given the downtime already spent.
type RTOCheck struct {
	Plan          string        `json:"plan"`
	RTO           time.Duration `json:"rto"`
	ShareOfBudget float64       `json:"share_of_budget"`
	FitsBudget    bool          `json:"fits_budget"`
	FitsRemaining bool          `json:"fits_remaining"`
}

// UptimeReview is an availability target judged as an error budget over a
// window up to AsOf.
//
// Downtime is the union of the outages clipped to [WindowStart, min(AsOf,
// WindowEnd)) (overlaps are counted once). Consumed = Downtime/Budget;
// Elapsed is the share of the window that has passed; BurnRate =
// Consumed/Elapsed (1 means the budget runs out exactly at the window's
// end). Status is [StatusSignal] when the budget is spent (Consumed ≥ 1),
// [StatusWatch] when the burn rate is above 1, else [StatusNone].
type UptimeReview struct {
	Target        float64       `json:"target"`
	WindowStart   time.Time     `json:"window_start"`
	WindowEnd     time.Time     `json:"window_end"`
	AsOf          time.Time     `json:"as_of"`
	Budget        time.Duration `json:"budget"`
	Downtime      time.Duration `json:"downtime"`
	Remaining     time.Duration `json:"remaining"`
	Consumed      float64       `json:"consumed"`
	Elapsed       float64       `json:"elapsed"`
	BurnRate      float64       `json:"burn_rate"`
	LongestOutage time.Duration `json:"longest_outage"`
	Status        Status        `json:"status"`
	Plans         []RTOCheck    `json:"plans"`
}

// ReviewUptime judges outages against an availability target over
// [windowStart, windowEnd) as of asOf, and checks the RTO of each
// contingency plan given (plans without an RTO are listed with RTO 0 and
// FitsBudget false, so a missing RTO is never read as "fits"). Plans are
// read, never modified. Cost O(n log n), n ≤ [MaxOutages].
//
// ReviewUptime returns an error if target is outside (0, 1), the window is
// empty or inverted, asOf is before windowStart (wrap [ErrOutOfRange]), an
// outage ends before it starts (wraps [ErrInvalidInput]), or there are more
// than MaxOutages outages (wraps [ErrTooLarge]).
func ReviewUptime(target float64, windowStart, windowEnd time.Time, outages []Outage, asOf time.Time, plans []risk.ContingencyPlan) (UptimeReview, error) {
	if len(outages) > MaxOutages {
		return UptimeReview{}, fieldErr("outages", strconv.Itoa(len(outages)), fmt.Errorf("%w: more than %d outages", ErrTooLarge, MaxOutages))
	}
	var l fielderr.List
	l.Add(checkProbOpen("target", target))
	if !windowEnd.After(windowStart) {
		l.Add(fieldErr("window_end", windowEnd.Format(time.RFC3339), fmt.Errorf("%w: window must end after it starts", ErrOutOfRange)))
	}
	if asOf.Before(windowStart) {
		l.Add(fieldErr("as_of", asOf.Format(time.RFC3339), fmt.Errorf("%w: before the window starts", ErrOutOfRange)))
	}
	for i, o := range outages {
		if o.End.Before(o.Start) {
			l.Add(fieldErr(fmt.Sprintf("outages[%d].end", i), o.End.Format(time.RFC3339), fmt.Errorf("%w: ends before it starts", ErrInvalidInput)))
		}
	}
	if err := l.Err(); err != nil {
		return UptimeReview{}, err
	}
	window := windowEnd.Sub(windowStart)
	budget, _ := AllowedDowntime(target, window)
	end := windowEnd
	if asOf.Before(end) {
		end = asOf
	}
	type span struct{ s, e time.Time }
	spans := make([]span, 0, len(outages))
	var longest time.Duration
	for _, o := range outages {
		s, e := o.Start, o.End
		if d := e.Sub(s); d > longest {
			longest = d
		}
		if s.Before(windowStart) {
			s = windowStart
		}
		if e.After(end) {
			e = end
		}
		if e.After(s) {
			spans = append(spans, span{s, e})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.s.Compare(b.s) })
	var down time.Duration
	var cur span
	for i, sp := range spans {
		if i == 0 {
			cur = sp
			continue
		}
		if !sp.s.After(cur.e) {
			if sp.e.After(cur.e) {
				cur.e = sp.e
			}
			continue
		}
		down += cur.e.Sub(cur.s)
		cur = sp
	}
	if len(spans) > 0 {
		down += cur.e.Sub(cur.s)
	}
	r := UptimeReview{Target: target, WindowStart: windowStart, WindowEnd: windowEnd, AsOf: asOf,
		Budget: budget, Downtime: down, Remaining: max(budget-down, 0), LongestOutage: longest, Plans: []RTOCheck{}}
	if budget > 0 {
		r.Consumed = float64(down) / float64(budget)
	} else if down > 0 {
		r.Consumed = 1 // a zero budget is spent by any downtime
	}
	r.Elapsed = math.Min(1, float64(end.Sub(windowStart))/float64(window))
	if r.Elapsed > 0 {
		r.BurnRate = r.Consumed / r.Elapsed
	}
	switch {
	case r.Consumed >= 1:
		r.Status = StatusSignal
	case r.BurnRate > 1:
		r.Status = StatusWatch
	default:
		r.Status = StatusNone
	}
	for _, p := range plans {
		c := RTOCheck{Plan: p.ID}
		if p.RTO != nil {
			c.RTO = time.Duration(*p.RTO)
			if budget > 0 {
				c.ShareOfBudget = float64(c.RTO) / float64(budget)
			}
			c.FitsBudget = c.RTO <= budget
			c.FitsRemaining = c.RTO <= r.Remaining
		}
		r.Plans = append(r.Plans, c)
	}
	slices.SortFunc(r.Plans, func(a, b RTOCheck) int {
		switch {
		case a.Plan < b.Plan:
			return -1
		case a.Plan > b.Plan:
			return 1
		}
		return 0
	})
	return r, nil
}
