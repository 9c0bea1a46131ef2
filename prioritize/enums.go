// Code in this file declares the enumerations of the package and their text
// forms. Each enum has String, MarshalText, UnmarshalText (case-insensitive)
// and AppendText; unknown text is an error wrapping ErrInvalidInput that lists
// the valid names.

package prioritize

import "github.com/healthpm/healthpm/internal/enumtext"

// Tier is the importance tier of a criterion. The zero value TierUnspecified is rejected by validation.
type Tier uint8

// Values of [Tier].
const (
	// TierUnspecified is the zero value; it is invalid in a model.
	TierUnspecified Tier = iota
	// TierCritical marks a criterion that matters most; in the healthcare preset it also carries a gate.
	TierCritical
	// TierHigh is the second tier.
	TierHigh
	// TierMedium is the third tier.
	TierMedium
	// TierLow is the fourth tier.
	TierLow
)

var tierText = enumtext.New[Tier]("prioritize", "Tier", ErrInvalidInput, "", "critical", "high", "medium", "low")

// String returns the text form of v, or "Tier(n)" for a value without one.
func (v Tier) String() string { return tierText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Tier) MarshalText() ([]byte, error) { return tierText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Tier) AppendText(b []byte) ([]byte, error) {
	return tierText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *Tier) UnmarshalText(b []byte) error {
	return tierText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v Tier) valid() bool { return tierText.Valid(v) }

// Direction says whether more of a criterion is better (benefit) or worse (cost). The zero value is rejected by validation.
type Direction uint8

// Values of [Direction].
const (
	// DirectionUnspecified is the zero value; it is invalid in a model.
	DirectionUnspecified Direction = iota
	// Benefit means a higher raw score is better.
	Benefit
	// Cost means a lower raw score is better.
	Cost
)

var directionText = enumtext.New[Direction]("prioritize", "Direction", ErrInvalidInput, "", "benefit", "cost")

// String returns the text form of v, or "Direction(n)" for a value without one.
func (v Direction) String() string { return directionText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Direction) MarshalText() ([]byte, error) { return directionText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Direction) AppendText(b []byte) ([]byte, error) {
	return directionText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *Direction) UnmarshalText(b []byte) error {
	return directionText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v Direction) valid() bool { return directionText.Valid(v) }

// Aggregation names the rule that turns normalized scores and weights into one score per item. The zero value is the weighted sum.
type Aggregation uint8

// Values of [Aggregation].
const (
	// WeightedSum scores an item as the sum over criteria of weight × normalized value (the default).
	WeightedSum Aggregation = iota
	// WeightedProduct scores an item as the product over criteria of normalized value ^ weight.
	WeightedProduct
	// TOPSIS scores an item by its relative closeness to the ideal solution (Hwang & Yoon 1981), in [0, 1].
	TOPSIS
	// WeightedRatio scores an item as (Σ benefit weight × value) / (Σ cost weight × value); it is the WSJF rule.
	WeightedRatio
)

var aggregationText = enumtext.New[Aggregation]("prioritize", "Aggregation", ErrInvalidInput, "weighted_sum", "weighted_product", "topsis", "weighted_ratio")

// String returns the text form of v, or "Aggregation(n)" for a value without one.
func (v Aggregation) String() string { return aggregationText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Aggregation) MarshalText() ([]byte, error) { return aggregationText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Aggregation) AppendText(b []byte) ([]byte, error) {
	return aggregationText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *Aggregation) UnmarshalText(b []byte) error {
	return aggregationText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v Aggregation) valid() bool { return aggregationText.Valid(v) }

// Normalization names how raw scores become comparable values. The zero value is the absolute scale of each criterion, which does not depend on the other items.
type Normalization uint8

// Values of [Normalization].
const (
	// NormAbsolute maps a raw score x on the criterion's scale [min, max] to (x−min)/(max−min) for a benefit and (max−x)/(max−min) for a cost; independent of other items (the default).
	NormAbsolute Normalization = iota
	// NormVector divides each column by its Euclidean norm; relative to the item set.
	NormVector
	// NormMinMax maps each column to [0, 1] by its observed minimum and maximum (a cost is reversed); relative to the item set.
	NormMinMax
	// NormSum divides each column by its sum; a cost column uses (1/x)/Σ(1/x); relative to the item set, values must be > 0.
	NormSum
	// NormNone uses raw values as they are (RICE, ICE and WSJF presets); a cost criterion is handled by the aggregation.
	NormNone
)

var normalizationText = enumtext.New[Normalization]("prioritize", "Normalization", ErrInvalidInput, "absolute", "vector", "minmax", "sum", "none")

// String returns the text form of v, or "Normalization(n)" for a value without one.
func (v Normalization) String() string { return normalizationText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Normalization) MarshalText() ([]byte, error) { return normalizationText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Normalization) AppendText(b []byte) ([]byte, error) {
	return normalizationText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *Normalization) UnmarshalText(b []byte) error {
	return normalizationText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v Normalization) valid() bool { return normalizationText.Valid(v) }

// Scheme names how criterion weights are obtained. The zero value is the rank-order centroid with tied tiers.
type Scheme uint8

// Values of [Scheme].
const (
	// SchemeROC derives weights from tiers by the rank-order centroid, tied tiers sharing the mean of the positions they occupy (the default).
	SchemeROC Scheme = iota
	// SchemeRankSum derives weights from tiers by rank sum, 2(n+1−k)/(n(n+1)), with tied positions averaged.
	SchemeRankSum
	// SchemeReciprocal derives weights from tiers by reciprocal rank, (1/k)/Σ(1/i), with tied positions averaged.
	SchemeReciprocal
	// SchemeFixedRatio gives each tier a fixed number (see [Weighting.Ratios]) and normalizes.
	SchemeFixedRatio
	// SchemeSwing takes swing points per criterion (the most important swing = 100) and normalizes.
	SchemeSwing
	// SchemeExplicit takes one weight per criterion; a sum other than 1 follows [Weighting.Policy].
	SchemeExplicit
	// SchemeAHP derives weights from a pairwise comparison matrix over the criteria (see [AHP]).
	SchemeAHP
)

var schemeText = enumtext.New[Scheme]("prioritize", "Scheme", ErrInvalidInput, "roc", "rank_sum", "reciprocal", "fixed_ratio", "swing", "explicit", "ahp")

// String returns the text form of v, or "Scheme(n)" for a value without one.
func (v Scheme) String() string { return schemeText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Scheme) MarshalText() ([]byte, error) { return schemeText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Scheme) AppendText(b []byte) ([]byte, error) {
	return schemeText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *Scheme) UnmarshalText(b []byte) error {
	return schemeText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v Scheme) valid() bool { return schemeText.Valid(v) }

// Derivation names how AHP priorities are computed from a pairwise matrix. The zero value is the principal eigenvector.
type Derivation uint8

// Values of [Derivation].
const (
	// DerivEigen is the principal right eigenvector normalized to sum 1 (Saaty; the default).
	DerivEigen Derivation = iota
	// DerivGeometricMean is the normalized vector of row geometric means (logarithmic least squares).
	DerivGeometricMean
	// DerivColumnMean is the mean of the rows of the column-normalized matrix (the approximate method).
	DerivColumnMean
)

var derivationText = enumtext.New[Derivation]("prioritize", "Derivation", ErrInvalidInput, "eigen", "geometric_mean", "column_mean")

// String returns the text form of v, or "Derivation(n)" for a value without one.
func (v Derivation) String() string { return derivationText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Derivation) MarshalText() ([]byte, error) { return derivationText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v Derivation) AppendText(b []byte) ([]byte, error) {
	return derivationText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *Derivation) UnmarshalText(b []byte) error {
	return derivationText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v Derivation) valid() bool { return derivationText.Valid(v) }

// LambdaMethod names how λmax is computed for the consistency index. The zero value is the principal eigenvalue.
type LambdaMethod uint8

// Values of [LambdaMethod].
const (
	// LambdaEigenvalue is the principal (Perron) eigenvalue of the matrix, whatever the derivation (the default).
	LambdaEigenvalue LambdaMethod = iota
	// LambdaMeanRatio is the mean over rows of (A·w)_i / w_i for the derived priorities w (JMcDM's rule).
	LambdaMeanRatio
)

var lambdaText = enumtext.New[LambdaMethod]("prioritize", "LambdaMethod", ErrInvalidInput, "eigenvalue", "mean_ratio")

// String returns the text form of v, or "LambdaMethod(n)" for a value without one.
func (v LambdaMethod) String() string { return lambdaText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v LambdaMethod) MarshalText() ([]byte, error) { return lambdaText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v LambdaMethod) AppendText(b []byte) ([]byte, error) {
	return lambdaText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *LambdaMethod) UnmarshalText(b []byte) error {
	return lambdaText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v LambdaMethod) valid() bool { return lambdaText.Valid(v) }

// RITable names a random consistency index table (prioritize.md §3.1). The zero value is Saaty 1980.
type RITable uint8

// Values of [RITable].
const (
	// RISaaty1980 is Saaty (1980), n = 3…15, the widely reproduced table (n = 12 is 1.48); the default. Beyond 15: error.
	RISaaty1980 RITable = iota
	// RIJMcDM is JMcDM's table: Saaty 1980 with n = 12 = 1.53; beyond 15 it keeps 1.59.
	RIJMcDM
	// RISaaty2005 is Saaty (2005) p. 31 as used by AHPy; beyond 15: error.
	RISaaty2005
	// RIScikitAHPExt is scikit-criteria's ahp_ext table (decimal values); beyond 15: error.
	RIScikitAHPExt
	// RITummalaLing1998 is Tummala & Ling (1998) as used by pymcdm; beyond 15: error.
	RITummalaLing1998
	// RIDoneganDodd1991 is Donegan & Dodd (1991), listed to n = 100 and linearly interpolated between listed sizes; beyond 100: error.
	RIDoneganDodd1991
)

var riTableText = enumtext.New[RITable]("prioritize", "RITable", ErrInvalidInput, "saaty1980", "jmcdm", "saaty2005", "scikit_ahp_ext", "tummala_ling1998", "donegan_dodd1991")

// String returns the text form of v, or "RITable(n)" for a value without one.
func (v RITable) String() string { return riTableText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v RITable) MarshalText() ([]byte, error) { return riTableText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v RITable) AppendText(b []byte) ([]byte, error) {
	return riTableText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *RITable) UnmarshalText(b []byte) error {
	return riTableText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v RITable) valid() bool { return riTableText.Valid(v) }

// SumPolicy says what happens to explicit weights that do not sum to 1. The zero value normalizes.
type SumPolicy uint8

// Values of [SumPolicy].
const (
	// SumNormalize divides the weights by their sum (the default).
	SumNormalize SumPolicy = iota
	// SumReject rejects weights whose sum differs from 1 by more than 1e-9.
	SumReject
	// SumAsGiven uses the weights as given (needed by the RICE, ICE and WSJF presets, where weights are exponents or multipliers).
	SumAsGiven
)

var sumPolicyText = enumtext.New[SumPolicy]("prioritize", "SumPolicy", ErrInvalidInput, "normalize", "reject", "as_given")

// String returns the text form of v, or "SumPolicy(n)" for a value without one.
func (v SumPolicy) String() string { return sumPolicyText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v SumPolicy) MarshalText() ([]byte, error) { return sumPolicyText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v SumPolicy) AppendText(b []byte) ([]byte, error) {
	return sumPolicyText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *SumPolicy) UnmarshalText(b []byte) error {
	return sumPolicyText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v SumPolicy) valid() bool { return sumPolicyText.Valid(v) }

// ScoreKind says how a score is given. The zero value is a point score.
type ScoreKind uint8

// Values of [ScoreKind].
const (
	// ScorePoint is a single value (Score.Value).
	ScorePoint ScoreKind = iota
	// ScoreInterval is a range [Score.Min, Score.Max]; its point value is the midpoint.
	ScoreInterval
	// ScoreThreePoint is min / likely / max (Score.Min, Score.Value, Score.Max); its point value is the likely value.
	ScoreThreePoint
)

var scoreKindText = enumtext.New[ScoreKind]("prioritize", "ScoreKind", ErrInvalidInput, "point", "interval", "three_point")

// String returns the text form of v, or "ScoreKind(n)" for a value without one.
func (v ScoreKind) String() string { return scoreKindText.String(v) }

// MarshalText returns the text form; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v ScoreKind) MarshalText() ([]byte, error) { return scoreKindText.Marshal(v) }

// AppendText appends the text form to b; it returns an error wrapping [ErrInvalidInput] for a value without one.
func (v ScoreKind) AppendText(b []byte) ([]byte, error) {
	return scoreKindText.Append(b, v)
}

// UnmarshalText parses the text form, ignoring case; unknown text is an error wrapping [ErrInvalidInput].
func (v *ScoreKind) UnmarshalText(b []byte) error {
	return scoreKindText.Unmarshal(v, b)
}

// valid reports whether v has a text form.
func (v ScoreKind) valid() bool { return scoreKindText.Valid(v) }
