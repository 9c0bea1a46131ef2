package roi

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// result-or-error table used by the core function tests.
type numCase struct {
	name, reason string
	call         func() (decimal.Decimal, error)
	want         string // expected value, compared with tol
	tol          string
	wantErr      error
}

func runNumCases(t *testing.T, cases []numCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v (%s)", err, tt.wantErr, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v (%s)", err, tt.reason)
			}
			tol := tt.tol
			if tol == "" {
				tol = "0"
			}
			if !near(got, d(tt.want), tol) {
				t.Errorf("got %s, want %s ± %s (%s)", got, tt.want, tol, tt.reason)
			}
		})
	}
}

func TestNPV(t *testing.T) {
	v := ds("-10000", "3000", "4200", "6800")
	runNumCases(t, []numCase{
		{"excel", "Excel's documented example", func() (decimal.Decimal, error) { return NPV(d("0.1"), v, ConventionExcel) }, "1188.443412335223003893177", "1e-20", nil},
		{"t0 is (1+r)·excel", "the conventions differ by exactly (1+rate)", func() (decimal.Decimal, error) { return NPV(d("0.1"), v, ConventionT0) }, "1307.2877535687453042825", "1e-18", nil},
		{"rate zero", "plain sum", func() (decimal.Decimal, error) { return NPV(decimal.Zero, v, ConventionExcel) }, "4000", "", nil},
		{"rate below -1", "Excel evaluates rates below −1", func() (decimal.Decimal, error) { return NPV(d("-1.5"), ds("-100", "10", "10", "100"), ConventionExcel) }, "1760", "", nil},
		{"rate -1", "no discount factor", func() (decimal.Decimal, error) { return NPV(d("-1"), v, ConventionExcel) }, "", "", ErrInvalidInput},
		{"zero convention", "the caller must choose", func() (decimal.Decimal, error) { return NPV(d("0.1"), v, ConventionUnspecified) }, "", "", ErrInvalidInput},
		{"empty", "nothing to discount", func() (decimal.Decimal, error) { return NPV(d("0.1"), nil, ConventionT0) }, "", "", ErrInvalidInput},
		{"tiny rate", "1e-12 keeps every digit", func() (decimal.Decimal, error) { return NPV(d("1e-12"), ds("1", "1"), ConventionT0) }, "1.999999999999000000000001", "1e-30", nil},
		{"out of range", "magnitudes beyond 1e1000 are rejected", func() (decimal.Decimal, error) { return NPV(d("0.1"), ds("1e2000"), ConventionT0) }, "", "", ErrInvalidInput},
	})
}

func TestNPVReportsEveryProblem(t *testing.T) {
	_, err := NPV(d("-1"), nil, ConventionUnspecified)
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FieldError", err)
	}
	for _, want := range []string{"rate", "values", "convention"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestXNPV(t *testing.T) {
	runNumCases(t, []numCase{
		{"excel doc", "Excel's XNPV example", func() (decimal.Decimal, error) {
			return XNPV(d("0.09"), flows("2008-01-01", "-10000", "2008-03-01", "2750", "2008-10-30", "4250", "2009-02-15", "3250", "2009-04-01", "2750"))
		}, "2086.6476020315", "1e-9", nil},
		{"365 days", "one year at 10 % discounts 1100 to 1000", func() (decimal.Decimal, error) {
			return XNPV(d("0.1"), flows("2019-01-01", "-1000", "2020-01-01", "1100"))
		}, "0", "1e-30", nil},
		{"before first", "Excel rejects a date before the first listed date", func() (decimal.Decimal, error) {
			return XNPV(d("0.1"), flows("2020-01-01", "-1000", "2019-12-31", "1100"))
		}, "", "", ErrInvalidInput},
		{"rate -1", "fractional powers of 0", func() (decimal.Decimal, error) {
			return XNPV(d("-1"), flows("2020-01-01", "-1000", "2021-01-01", "1100"))
		}, "", "", ErrInvalidInput},
		{"empty", "no flows", func() (decimal.Decimal, error) { return XNPV(d("0.1"), nil) }, "", "", ErrInvalidInput},
		{"zero date", "a missing date is an error", func() (decimal.Decimal, error) {
			return XNPV(d("0.1"), []Flow{{Amount: d("1")}})
		}, "", "", ErrInvalidInput},
	})
}

func TestCivilDaysIgnoreZones(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata")
	}
	// Across the DST change the wall-clock difference is 23 h, but the civil
	// dates are one day apart.
	a := time.Date(2024, 3, 10, 0, 0, 0, 0, ny)
	b := time.Date(2024, 3, 11, 0, 0, 0, 0, ny)
	if got := civilDay(b) - civilDay(a); got != 1 {
		t.Errorf("days = %d, want 1", got)
	}
	if got := civilDay(time.Date(1970, 1, 1, 23, 59, 0, 0, time.UTC)); got != 0 {
		t.Errorf("epoch day = %d", got)
	}
	if got := civilDay(time.Date(2000, 3, 1, 0, 0, 0, 0, time.UTC)); got != 11017 {
		t.Errorf("2000-03-01 = %d, want 11017", got)
	}
}

func TestIRR(t *testing.T) {
	three := ds("-1000", "3000", "-2500", "600")
	runNumCases(t, []numCase{
		{"two flows exact", "closed form in decimal", func() (decimal.Decimal, error) { return IRR(ds("-1000", "1"), IRROptions{}) }, "-0.999", "", nil},
		{"exact zero", "a zero root is returned as exactly 0", func() (decimal.Decimal, error) { return IRR(ds("-100", "50", "50"), IRROptions{}) }, "0", "", nil},
		{"leading zeros", "zeros before the first flow do not change the rate", func() (decimal.Decimal, error) { return IRR(ds("0", "0", "-100", "0", "121"), IRROptions{}) }, "0.1", "1e-15", nil},
		{"excel policy guess 0.5", "Newton from 0.5 reaches the largest root", func() (decimal.Decimal, error) { return IRR(three, guess("0.5")) }, "0.7914254764290810149", "1e-13", nil},
		{"excel policy fallback", "Newton from 0.1 diverges; the root nearest 0.1 is returned", func() (decimal.Decimal, error) { return IRR(three, IRROptions{}) }, "-0.22183264606983407908", "1e-13", nil},
		{"nearest to guess", "explicit policy", func() (decimal.Decimal, error) {
			return IRR(three, IRROptions{Guess: decimal.NewNullDecimal(d("-0.5")), Policy: NearestToGuess})
		}, "-0.56959283035924693582", "1e-13", nil},
		{"smallest non-negative", "numpy-financial's effective rule", func() (decimal.Decimal, error) { return IRR(three, IRROptions{Policy: SmallestNonNegative}) }, "0.7914254764290810149", "1e-13", nil},
		{"numpy issue 28", "Excel returns 185.44 %", func() (decimal.Decimal, error) { return IRR(ds("-50", "-100", "600", "300", "-100"), IRROptions{}) }, "1.8544178284561779286", "1e-13", nil},
		{"root below -1 ignored", "LibreOffice returns −176 %; the only root above −100 % is −13.2 %", func() (decimal.Decimal, error) {
			return IRR(ds("-144852555", "1418817.33", "1402670.49", "1382962.9", "1370421.6", "1354305.96", "1338186.55", "1318574.19", "1305934.72", "1289804.33", "1273673.5", "1253548.45", "1241449.17", "1225335.63", "1209170.48", "1189273.31", "1176256.9", "1159466.27", "1142451.61", "1121479.27", "1106681.64"), IRROptions{})
		}, "-0.1320937226046868601", "1e-12", nil},
		{"no real root", "−1, 3, −3 changes sign twice but has no root", func() (decimal.Decimal, error) { return IRR(ds("-1", "3", "-3"), IRROptions{}) }, "", "", ErrNoRealRoot},
		{"all positive", "no sign change", func() (decimal.Decimal, error) { return IRR(ds("1", "2"), IRROptions{}) }, "", "", ErrNoSignChange},
		{"all zero", "no sign change", func() (decimal.Decimal, error) { return IRR(ds("0", "0"), IRROptions{}) }, "", "", ErrNoSignChange},
		{"empty", "invalid", func() (decimal.Decimal, error) { return IRR(nil, IRROptions{}) }, "", "", ErrInvalidInput},
		{"bad guess", "guess must be > −1", func() (decimal.Decimal, error) { return IRR(ds("-1", "2"), guess("-1")) }, "", "", ErrInvalidInput},
		{"bad policy", "unknown policy", func() (decimal.Decimal, error) { return IRR(ds("-1", "2"), IRROptions{Policy: 9}) }, "", "", ErrInvalidInput},
	})
}

func TestIRRRoots(t *testing.T) {
	tests := []struct {
		name, reason string
		values       []decimal.Decimal
		want         []string
		wantErr      error
	}{
		{"pump", "two exact roots", ds("-1600", "10000", "-10000"), []string{"0.25", "4"}, nil},
		{"double root", "(x−1)² touches zero at r = 0", ds("-1", "2", "-1"), []string{"0"}, nil},
		{"none", "no real root", ds("-1", "3", "-3"), []string{}, nil},
		{"no sign change", "empty, not an error", ds("1", "2"), []string{}, nil},
		{"all zero", "every rate would be a root", ds("0", "0"), nil, ErrNoSignChange},
		{"empty", "invalid", nil, nil, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IRRRoots(tt.values)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got == nil || len(got) != len(tt.want) {
				t.Fatalf("IRRRoots = %v, want %v (%s)", got, tt.want, tt.reason)
			}
			for i := range got {
				if !near(got[i], d(tt.want[i]), "1e-12") {
					t.Errorf("root %d = %s, want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestXIRR(t *testing.T) {
	runNumCases(t, []numCase{
		{"exact 365", "two flows 365 days apart give an exact decimal", func() (decimal.Decimal, error) {
			return XIRR(flows("2019-01-01", "-1000", "2020-01-01", "1100"), IRROptions{})
		}, "0.1", "", nil},
		{"same date netted", "flows on one date are added first", func() (decimal.Decimal, error) {
			return XIRR(flows("2019-01-01", "-600", "2019-01-01", "-400", "2020-01-01", "1100"), IRROptions{})
		}, "0.1", "", nil},
		{"near -1", "a root within 1e−14 of −100 % is still above it", func() (decimal.Decimal, error) {
			return XIRR(flows("2024-11-21", "-100", "2024-11-28", "-100", "2024-12-03", "100"), IRROptions{})
		}, "-0.99999999999998326", "1e-16", nil},
		{"same day", "zero span", func() (decimal.Decimal, error) {
			return XIRR(flows("2020-01-01", "-100", "2020-01-01", "100"), IRROptions{})
		}, "", "", ErrInvalidInput},
		{"one sign", "no sign change", func() (decimal.Decimal, error) {
			return XIRR(flows("2020-01-01", "100", "2021-01-01", "100"), IRROptions{})
		}, "", "", ErrNoSignChange},
		{"netted one sign", "after netting by date the signs do not change", func() (decimal.Decimal, error) {
			return XIRR(flows("2020-01-01", "-100", "2020-01-01", "200", "2021-01-01", "100"), IRROptions{})
		}, "", "", ErrNoSignChange},
	})
}

func TestIRRNeverBelowMinusOne(t *testing.T) {
	for _, v := range [][]decimal.Decimal{
		ds("-1", "0.000000001"),
		ds("-1e300", "1e-300"),
		ds("-172545.848122807", "787.735232517999", "-1"),
	} {
		rs, err := IRRRoots(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.LessThanOrEqual(d("-1")) {
				t.Errorf("IRRRoots(%v) contains %s ≤ −1", v, r)
			}
		}
	}
}

func TestMIRR(t *testing.T) {
	runNumCases(t, []numCase{
		{"excel", "Excel's example", func() (decimal.Decimal, error) {
			return MIRR(ds("-120000", "39000", "30000", "21000", "37000", "46000"), d("0.1"), d("0.12"))
		}, "0.126094130365", "1e-12", nil},
		{"two values exact", "n = 2 is a plain ratio", func() (decimal.Decimal, error) { return MIRR(ds("-100", "110"), d("0.1"), d("0.1")) }, "0.1", "", nil},
		{"trailing zero counts", "Excel counts zeros in n", func() (decimal.Decimal, error) { return MIRR(ds("-100", "110", "0"), d("0"), d("0")) }, "0.048808848170151546", "1e-15", nil},
		{"same sign", "needs both signs", func() (decimal.Decimal, error) { return MIRR(ds("-1", "-2"), d("0.1"), d("0.1")) }, "", "", ErrNoSignChange},
		{"rate -1", "invalid rate", func() (decimal.Decimal, error) { return MIRR(ds("-1", "2"), d("-1"), d("0.1")) }, "", "", ErrInvalidInput},
	})
}

func TestTVM(t *testing.T) {
	runNumCases(t, []numCase{
		{"pmt excel", "Excel's example", func() (decimal.Decimal, error) {
			return PMT(d("0.0066666666666666666666666666666666667"), 10, d("10000"), decimal.Zero, EndOfPeriod)
		}, "-1037.0320893591606", "1e-9", nil},
		{"pmt tiny rate", "float64 loses 9e-5 relative here", func() (decimal.Decimal, error) {
			return PMT(d("1e-12"), 360, d("100000"), decimal.Zero, EndOfPeriod)
		}, "-277.777777827916666669666643518517018530086", "1e-30", nil},
		{"pmt rate 12 nper 400", "13^400 overflows float64", func() (decimal.Decimal, error) {
			return PMT(d("12"), 400, d("10000"), d("5000"), BeginningOfPeriod)
		}, "-9230.769230769230769230769", "1e-20", nil},
		{"pmt zero rate", "no division by rate", func() (decimal.Decimal, error) { return PMT(decimal.Zero, 10, d("1000"), d("500"), EndOfPeriod) }, "-150", "", nil},
		{"fv zero rate", "razorpay panics here", func() (decimal.Decimal, error) { return FV(decimal.Zero, 10, d("-100"), d("-1000"), EndOfPeriod) }, "2000", "", nil},
		{"pv zero rate", "razorpay panics here", func() (decimal.Decimal, error) { return PV(decimal.Zero, 36, d("350.50"), d("1000"), EndOfPeriod) }, "-13618", "", nil},
		{"nper zero", "invalid", func() (decimal.Decimal, error) { return PMT(d("0.05"), 0, d("1000"), decimal.Zero, EndOfPeriod) }, "", "", ErrInvalidInput},
		{"rate -1", "invalid", func() (decimal.Decimal, error) { return FV(d("-1"), 5, d("1"), d("1"), EndOfPeriod) }, "", "", ErrInvalidInput},
		{"bad timing", "invalid", func() (decimal.Decimal, error) { return PV(d("0.1"), 5, d("1"), d("1"), Timing(7)) }, "", "", ErrInvalidInput},
	})
}

func TestPayback(t *testing.T) {
	redip := ds("-100", "60", "60", "-50", "40")
	runNumCases(t, []numCase{
		{"first crossing", "the default rule", func() (decimal.Decimal, error) { return Payback(redip) }, "1.666666666666666666666666666666667", "", nil},
		{"final crossing", "the option", func() (decimal.Decimal, error) { return PaybackWith(redip, PaybackOptions{Crossing: FinalCrossing}) }, "3.75", "", nil},
		{"final never", "ends negative", func() (decimal.Decimal, error) {
			return PaybackWith(ds("-100", "60", "60", "-50"), PaybackOptions{Crossing: FinalCrossing})
		}, "", "", ErrNeverPaysBack},
		{"immediate", "first value ≥ 0", func() (decimal.Decimal, error) { return Payback(ds("100", "50")) }, "0", "", nil},
		{"exact", "whole periods", func() (decimal.Decimal, error) { return Payback(ds("-400", "100", "100", "100", "100")) }, "4", "", nil},
		{"never", "cumulative stays negative", func() (decimal.Decimal, error) { return Payback(ds("-1000", "100", "100")) }, "", "", ErrNeverPaysBack},
		{"discounted rate zero", "equals simple payback", func() (decimal.Decimal, error) {
			return DiscountedPayback(decimal.Zero, ds("-1000", "300", "300", "300", "300"))
		}, "3.333333333333333333333333333333333", "", nil},
		{"discounted final", "option applies to discounted flows", func() (decimal.Decimal, error) {
			return DiscountedPaybackWith(decimal.Zero, redip, PaybackOptions{Crossing: FinalCrossing})
		}, "3.75", "", nil},
		{"bad crossing", "invalid", func() (decimal.Decimal, error) { return PaybackWith(redip, PaybackOptions{Crossing: 5}) }, "", "", ErrInvalidInput},
		{"empty", "invalid", func() (decimal.Decimal, error) { return Payback(nil) }, "", "", ErrInvalidInput},
	})
}
