// Package prioritize ranks healthcare product features and investments with a
// weighted scoring model you can defend: named and versioned weighting
// schemes, non-compensatory critical gates, ε-aware ties with a reported
// tie-break cascade, per-criterion explanations, and AHP done transparently.
//
// A [Model] lists criteria ([Criterion]: tier, direction, an absolute
// [Scale] with labelled levels, an optional [Gate]) and a [Weighting].
// [HealthcareDefault] is the six-criterion preset (Patient Safety and
// Regulatory Viability are Critical and gated); [RICE], [ICEProduct],
// [ICEMean] and [WSJF] are product-framework presets on the same engine.
//
// # Inputs
//
//   - [Model] with [Criterion], [Scale], [Level], [Gate] and [Weighting]
//     ([Scheme]: [SchemeROC] (default), [SchemeRankSum], [SchemeReciprocal],
//     [SchemeFixedRatio] with [TierRatios], [SchemeSwing], [SchemeExplicit]
//     with a [SumPolicy], or [SchemeAHP]); [Aggregation] ([WeightedSum]
//     (default), [WeightedProduct], [TOPSIS], [WeightedRatio]) and
//     [Normalization] ([NormAbsolute] (default), [NormVector], [NormMinMax],
//     [NormSum], [NormNone]).
//   - [Item] with one [Score] per criterion: a point, an interval or a
//     three-point estimate ([ScoreKind]), with evidence and rater.
//   - Pairwise matrices (up to [MaxPairwiseSize] rows; with missing
//     judgments up to [MaxIncompleteSize]) for [AHP] with [AHPOptions] ([Derivation],
//     [LambdaMethod], [RITable], the consistency threshold); a [Hierarchy] of
//     [Node] values for [SolveHierarchy]; [RaterJudgments] for [GroupAHP].
//   - A plain [Matrix] with [MatrixOptions] for [EvaluateMatrix].
//   - Ordinal levels for [OrdinalWeights]; weight vectors for
//     [NormalizeWeights].
//   - JSON through [DecodeModel] and [DecodeItems] (strict: unknown fields
//     and oversized input are rejected).
//   - Robustness: [SensitivityOptions] for [AnalyzeSensitivity]; [SMAAOptions]
//     (samples, seed, [TierRanges] of [WeightRange], PERT or triangular
//     three-point scores) for [SMAA]; a [PortfolioProblem] of [Candidate]
//     values (see [CandidatesFromRanking]) with a budget, mandatory items,
//     exclusive groups and [Requirement] links, and [PortfolioOptions], for
//     [SelectPortfolio]; items for [CheckRankReversal].
//
// # Outputs
//
//   - [Rank] returns a [Ranking]: one [Entry] per item with score,
//     competition rank, position, ε-tie group and the tie-break step applied
//     ([TieBreakCascade]), gate results ([GateResult]), dominance flags and
//     per-criterion [Contribution] (raw → normalized → weighted, share). The
//     ranking records the model hash, scheme, weights, aggregation,
//     normalization, ε and [LibraryVersion], and round-trips through JSON.
//     [Scores] is the scoring pass alone.
//   - [Explain] returns an [Explanation] of why one item is above another,
//     criterion by criterion ([CriterionDelta]).
//   - [AHP] returns an [AHPResult] (weights, λmax, CI, RI, CR, the named RI
//     table, the [Judgment] most worth revisiting, [Completion] of missing
//     judgments); [SolveHierarchy] a [HierarchyResult] with [NodeResult]
//     local and global weights; [GroupAHP] a [GroupResult] with each rater's
//     [RaterResult].
//   - [EvaluateMatrix] returns a [MatrixResult] (scores, competition ranks,
//     ties, TOPSIS distances).
//   - [AnalyzeSensitivity] returns a [SensitivityReport]: per criterion a
//     [CriterionSensitivity] with the smallest weight decrease and increase
//     ([WeightChange], "no change possible" stated as [NoChangePossible])
//     that change the winner and that swap each adjacent pair
//     ([PairSensitivity]), analytic for the weighted sum ([MethodAnalyticWS])
//     and a numeric sweep otherwise ([MethodSweep]); the smallest
//     single-score change ([ScoreChange], in scale levels); the
//     fragile-winner flag with its reasons.
//   - [SMAA] returns an [SMAAResult]: per item ([SMAAItem]) the rank
//     acceptability, P(best) with its standard error, central weights and
//     confidence factor.
//   - [SelectPortfolio] returns a [PortfolioResult]: the exact optimum
//     ([Portfolio]) at the budget, at 90 % and 110 % of it with the marginal
//     items that leave or enter, and the frontier ([FrontierPoint]).
//   - [CheckRankReversal] returns a [ReversalReport] of [ReversalCase]
//     values listing each [FlippedPair].
//   - Rankings carry [Warning] values ([WarnRelativeNormalization],
//     [WarnConstantColumn]); dominance is checked up to [DominanceLimit]
//     items.
//
// # Errors
//
// Every error wraps a sentinel: [ErrInvalidInput], [ErrWeights],
// [ErrInconsistent] (as an [*InconsistencyError] naming the judgment to
// revisit), [ErrOutOfTable], [ErrNotFound] or [ErrNoConvergence]. Field
// problems are [*FieldError] values whose Path names the item, criterion or
// matrix cell. Validation ([Model.Validate], [Model.ValidateItems],
// [ValidatePairwise]) reports every problem at once with [errors.Join].
// [SelectPortfolio] returns [ErrNoConvergence] only when its dynamic-program
// table would exceed MaxCells and the branch-and-bound fallback then exceeds
// MaxNodes, and [SMAA] when its weight ranges reject almost every draw;
// neither approximates silently.
//
// # Invariants
//
//   - Permutation: a ranking lists every item exactly once; positions are
//     1…n and competition ranks are consistent with them.
//   - Order independence: permuting the items never changes the ranking.
//   - Gates are non-compensatory: an item that fails a gate never ranks
//     above one that passes them all.
//   - Monotonicity (weighted sum): raising a benefit score never lowers the
//     item's rank.
//   - Scale invariance: multiplying all explicit weights by a positive
//     constant changes nothing under the normalize policy.
//   - Additivity (weighted sum): an entry's contributions sum to its score.
//   - AHP: a consistent matrix yields weights reproducing its ratios and
//     CR = 0; CR = 0 for n ≤ 2.
//   - Sensitivity: applying a reported weight change (just beyond the
//     boundary) changes the order; any smaller change does not.
//   - SMAA: every acceptability row and column sums to 1; the same seed gives
//     byte-identical results for any GOMAXPROCS.
//   - Portfolio: the selection meets the budget and every constraint and its
//     value equals the exhaustive optimum.
//   - No rank reversal under absolute normalization with the weighted sum.
//   - Determinism: no clock, no randomness, no map-order leaks; inputs are
//     never modified and results never alias them; all functions are safe
//     for concurrent use.
package prioritize
