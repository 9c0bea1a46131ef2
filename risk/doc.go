// Package risk keeps one risk register with two lenses: FMEA worksheets
// scored with a verified Action Priority engine, and the ISO 14971:2019 chain
// from hazard to residual risk, linked so that FMEA lines feed sequences of
// events and hazardous situations.
//
// The Action Priority (AP) tables are data. The built-in [AIAGVDA2019] table
// ("aiag-vda-2019", the AIAG-VDA 2019 table for DFMEA and PFMEA) carries its
// provenance text and a SHA-256 content checksum ([AIAGVDA2019Checksum]),
// and the package tests check all 1,000 of its cells against a separate
// transcription of the printed grids. Company or OEM tables load through
// [LoadAPTable] or [NewAPTable] and must be total: every (S, O, D) triple
// covered by exactly one rule.
//
// RPN and AP rank the need for action. They are never risk acceptability
// criteria: a [Plan] that tries to use them is rejected with
// [ErrAcceptabilityCriterion], and acceptability always comes from severity
// of harm and probability of harm.
//
// # Inputs
//
//   - FMEA: [Worksheet] (kind [DFMEA], [PFMEA], [UseFMEA], [SoftwareFMEA] and
//     the AP table it uses), [FMEARow] (function → failure mode → effect →
//     cause, prevention and detection controls, [Rating] S, O, D in 1..10 or
//     [Unscored]) and [Action] (owner, due date, [ActionStatus]).
//   - AP tables: [APTableSpec] of [APRule] band rules, built with
//     [NewAPTable] or read with [LoadAPTable].
//   - ISO 14971: a versioned [Plan] (severity scale, probability scale of
//     numeric ranges, acceptability matrix of [RiskClass] values; presets
//     [PlanMedtech5x5], [PlanOpenRegulatory5x4], [PlanDCB0129]; read with
//     [LoadPlan]), the harm catalogue ([Harm], one severity per harm),
//     [Hazard], [SequenceOfEvents], [HazardousSituation], append-only
//     [Estimate] values (stage [StageInitial], [StageAfterControls],
//     [StagePostMarket]; P1 and P2 as [Interval]), [Control] (option
//     [InherentSafety], [ProtectiveMeasure], [InformationForSafety]; state
//     machine [StateProposed] → [StateImplemented] →
//     [StateImplementationVerified] → [StateEffectivenessVerified], each step
//     a [Transition] with evidence, actor and time; [NewRiskCheck] links),
//     [BenefitRisk] and [OverallResidual].
//   - Contingency plans: [ContingencyPlan] linked to the hazards or
//     situations it answers (trigger, activation criteria, manual fallback
//     workflow, [Communication] channel and the systems it depends on,
//     owner and deputy, RTO and RPO as [Duration], [RecoveryStep] with an
//     acceptance percentage per data domain, regulatory [Specification]
//     values of [SpecKind], last [Exercise] with [ExerciseResult], next due
//     date, [PlanStatus]). Templates: [TemplateEHRDowntime] (ONC SAFER
//     "Contingency Planning"), [TemplateHIPAA] (45 CFR §164.308(a)(7),
//     three required and two addressable specifications) and
//     [TemplateDataMigration] (silent-loss hazards with reconciliation steps,
//     as a [MigrationKit]). Hazards of category [CategoryDowntime],
//     [CategoryInterfaceFailure] or [CategoryDataMigration] may state
//     MaxDowntime and MaxDataLoss.
//   - Audit history: [Event] values ([EventAction]) appended by
//     [Register.Log], [Register.Rate], [Register.RecordEstimate],
//     [Register.ChangeControlState], [Register.SetActionStatus],
//     [Register.SetPlanStatus], [Register.Close], [Register.Supersede] and [Register.Reopen]
//     (rating and status changes need a reason); a [HistoryAnchor] kept
//     outside the register; [Baseline] values from [Register.TakeBaseline]
//     or, recorded in the history, [Register.AddBaseline].
//   - [Register] holds all of the above with stable IDs; [DecodeRegister]
//     reads its JSON form ([SchemaVersion] v3, or [SchemaVersionV2] and [SchemaVersionV1])
//     strictly, and [ReadCSV] and [MergeCSV] read its CSV form
//     ([CSVLayout]).
//
// # Outputs
//
//   - [APTable.Lookup] and [ActionPriority] give an [AP] ("H", "M", "L");
//     [APResult] records the RPN, the table ID and its checksum.
//   - [RollUp] gives one [Rollup] per failure mode with [RollupRule] recorded.
//   - [Plan.Evaluate] gives an [Evaluation]: P = P1 × P2 on interval bounds,
//     the probability level of its upper bound, the class and its
//     [Acceptability], with the plan ID, version and [EvaluationRule].
//   - [Register.RiskOf] gives the initial and current risk of a pair as a
//     [RiskStatus]; [Register.Validate] gives every [Finding] with a stable
//     code (CodeX constants such as [CodeAPHighWithoutAction]), a
//     [FindingSeverity] and the IDs involved.
//   - [Register.AppendEstimate] and [Register.AdvanceControl] add estimates
//     and control steps with their rules enforced.
//   - Contingency readiness findings of [Register.Validate]
//     ([CodePlanNeverExercised], [CodePlanExerciseStale],
//     [CodePlanExerciseOverdue], [CodePlanExerciseNoFollowUp],
//     [CodePlanMissingOwner], [CodePlanMissingDeputy],
//     [CodePlanRTORPOMissing], [CodePlanRTORPOInconsistent],
//     [CodePlanChannelDependsOnFailed], [CodePlanReconciliationBelowFull],
//     [CodePlanRequiredSpecOpen], [CodePlanAddressableUndocumented],
//     [CodeHighRiskWithoutPlan]) and history findings ([CodeHistoryBroken],
//     [CodeRecordDeleted], [CodeEditWhileClosed]).
//   - [VerifyHistory] returns nil or a [*HistoryError] naming the first bad
//     event; [Register.Lifecycle] gives a record's [Lifecycle];
//     [DiffBaselines] gives a [BaselineDiff].
//   - [Register.WriteCSV] writes the whole register as CSV with formulas
//     neutralized; JSON via encoding/json.
//   - Markdown reports: [Register.WriteRiskMatrix] (before and after
//     controls), [Register.WriteControlMatrix] (hazard → control →
//     verification), [Register.WriteHazardLog] (DCB0129 form) and
//     [Register.WriteReadiness] (contingency readiness).
//
// # Errors
//
// Every error wraps one of the sentinels [ErrInvalidInput], [ErrOutOfRange],
// [ErrUnscored], [ErrTableGap], [ErrTableOverlap], [ErrChecksum],
// [ErrAcceptabilityCriterion], [ErrTransition], [ErrTampered] or
// [ErrTooLarge]; field problems are [*FieldError] values with a path, CSV
// problems [*CSVError] values with row and column, history problems a
// [*HistoryError] with the event's position, and validation reports every
// problem at once with [errors.Join]. No function panics on any input.
// Register problems are not errors: they are findings of [Register.Validate].
//
// # Invariants
//
//   - AP table: total (each of the 1,000 triples has exactly one priority);
//     the built-in table has 318 H, 214 M and 468 L cells, gives L whenever
//     O = 1 or S = 1, and never lowers the priority when S, O or D rises.
//   - Unscored is a state: an unscored factor gives no RPN and no AP and is
//     never defaulted.
//   - Probability: for valid P1 and P2, P = P1 × P2 lies in [0, 1] and each
//     bound is at most the smaller factor's bound.
//   - Planned controls never lower a risk: the current risk of a pair comes
//     from its initial estimate or from a final estimate whose controls are
//     all effectiveness-verified.
//   - Validate is deterministic, does not depend on the order of records,
//     never modifies the register, and adding records with fresh IDs never
//     removes a finding about other records except by supplying what it
//     reported missing.
//   - History: [VerifyHistory] accepts a history only if every event's
//     SHA-256 over its canonical encoding ([HistoryRule]) matches, each
//     links to the previous hash and sequence numbers run 1, 2, 3 …; so any
//     single edit, deletion, insertion or reordering is detected (removal
//     at the end with a [HistoryAnchor]). Records are closed or superseded,
//     never deleted ([CodeRecordDeleted]).
//   - Round trips: JSON and CSV export then import give an equal register;
//     a CSV re-import with the same IDs updates in place; every CSV row is
//     either applied or reported.
//   - Every result records the table, plan, rule and version it used. No
//     wall clock: callers pass asOf. All exported functions are safe for
//     concurrent use; inputs are never modified and results never alias them.
package risk
