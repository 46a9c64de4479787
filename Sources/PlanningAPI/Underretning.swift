import Foundation
import Shared

/// What the school hands the municipality with an underretning (step 3): the quarter's count as the
/// rule took it, the registered days with their history, the school's contacts with the family and
/// the warning letters sent. Kept as it was when the underretning was made.
public struct UnderretningEvidence: Codable, Sendable, Equatable {
    /// The quarter's school days within the enrolment (the denominator), from the rule's explanation.
    public var quarterSchoolDays: Int?
    /// Unauthorized days as the rule counted them.
    public var unauthorizedDays: Double?
    public var threshold: Double?
    /// The school day the count was taken.
    public var countedOn: SchoolDate?
    public var days: [RegisteredDay]
    public var contacts: [ParentContact]
    public var warnings: [WarningLetter]

    public init(quarterSchoolDays: Int?, unauthorizedDays: Double?, threshold: Double?, countedOn: SchoolDate?, days: [RegisteredDay],
                contacts: [ParentContact], warnings: [WarningLetter]) {
        self.quarterSchoolDays = quarterSchoolDays
        self.unauthorizedDays = unauthorizedDays
        self.threshold = threshold
        self.countedOn = countedOn
        self.days = days
        self.contacts = contacts
        self.warnings = warnings
    }
}

/// `GET /v1/legal-tasks/{taskId}/underretning`: what the underretning will carry, before the school
/// leader makes it.
public struct UnderretningDraft: Codable, Sendable {
    public var taskId: String
    public var pupilKey: String
    public var pupil: Pupil?
    public var schoolId: String
    public var period: String
    public var dueDate: SchoolDate
    public var evidence: UnderretningEvidence
    /// Set once made.
    public var underretningId: String?

    public init(taskId: String, pupilKey: String, pupil: Pupil?, schoolId: String, period: String, dueDate: SchoolDate, evidence: UnderretningEvidence,
                underretningId: String?) {
        self.taskId = taskId
        self.pupilKey = pupilKey
        self.pupil = pupil
        self.schoolId = schoolId
        self.period = period
        self.dueDate = dueDate
        self.evidence = evidence
        self.underretningId = underretningId
    }
}

/// `POST /v1/legal-tasks/{taskId}/underretning`: the school leader's assessment (free text, stays in
/// PlanningService); the underretning goes to the municipality's queue and the task is done.
public struct NewUnderretning: Codable, Sendable {
    public var assessment: String

    public init(assessment: String) { self.assessment = assessment }
}

/// Where an underretning stands.
public enum UnderretningStatus: String, Codable, Sendable, CaseIterable {
    /// made by the school, not yet taken by a case worker
    case new
    /// received: evidence, hearing, decision under way
    case inProgress = "in-progress"
    /// decided; the appeal window is open
    case decided
    /// appealed, outcome pending
    case appealed
    /// decided and any appeal settled
    case closed
}

/// Who did a step and when.
public struct StepRecord: Codable, Sendable, Equatable {
    public var at: Date
    public var by: String

    public init(at: Date, by: String) { (self.at, self.by) = (at, by) }
}

/// Step 4b: does the registered absence support the report (principle 11-21)?
public struct EvidenceCheck: Codable, Sendable, Equatable {
    public var supports: Bool
    public var note: String?
    public var checkedAt: Date
    public var checkedBy: String

    public init(supports: Bool, note: String?, checkedAt: Date, checkedBy: String) {
        (self.supports, self.note, self.checkedAt, self.checkedBy) = (supports, note, checkedAt, checkedBy)
    }
}

/// `POST /v1/underretninger/{id}/evidence-check`.
public struct EvidenceCheckInput: Codable, Sendable {
    public var supports: Bool
    public var note: String?

    public init(supports: Bool, note: String? = nil) { (self.supports, self.note) = (supports, note) }
}

/// Whether the child was heard: from 12 the child is heard too.
public enum ChildHearing: String, Codable, Sendable, CaseIterable {
    case heard
    /// under 12
    case notRequired = "not-required"
    /// asked, and did not want to be heard
    case declined
}

/// Step 4c/4d: a partshøring — what was sent to the parents, when and how, the answer deadline, the child's hearing, and the answer.
public struct Hearing: Codable, Sendable, Equatable {
    public var hearingId: String
    public var sentAt: Date
    public var sentVia: LetterDelivery
    public var answerBy: SchoolDate
    public var child: ChildHearing
    /// What the parents were told and asked (free text; stays in PlanningService).
    public var content: String
    public var sentBy: String
    public var answeredAt: Date?
    public var answer: String?
    public var answerRecordedBy: String?

    public init(hearingId: String, sentAt: Date, sentVia: LetterDelivery, answerBy: SchoolDate, child: ChildHearing, content: String, sentBy: String,
                answeredAt: Date?, answer: String?, answerRecordedBy: String?) {
        self.hearingId = hearingId
        self.sentAt = sentAt
        self.sentVia = sentVia
        self.answerBy = answerBy
        self.child = child
        self.content = content
        self.sentBy = sentBy
        self.answeredAt = answeredAt
        self.answer = answer
        self.answerRecordedBy = answerRecordedBy
    }
}

/// `POST /v1/underretninger/{id}/hearings`.
public struct NewHearing: Codable, Sendable {
    /// Default: now.
    public var sentAt: Date?
    public var sentVia: LetterDelivery
    /// Default: the municipality's answer period after sending.
    public var answerBy: SchoolDate?
    public var child: ChildHearing
    public var content: String

    public init(sentAt: Date? = nil, sentVia: LetterDelivery, answerBy: SchoolDate? = nil, child: ChildHearing, content: String) {
        (self.sentAt, self.sentVia, self.answerBy, self.child, self.content) = (sentAt, sentVia, answerBy, child, content)
    }
}

/// `POST /v1/underretninger/{id}/hearings/{hearingId}/answer`: what the parents (and the child) answered.
public struct HearingAnswer: Codable, Sendable {
    /// Default: now.
    public var answeredAt: Date?
    public var answer: String

    public init(answeredAt: Date? = nil, answer: String) { (self.answeredAt, self.answer) = (answeredAt, answer) }
}

/// The decision on the child benefit.
public enum DecisionOutcome: String, Codable, Sendable, CaseIterable {
    /// stop the benefit for a quarter
    case stop
    /// no stop: excusable circumstances, or other reasons
    case noStop = "no-stop"
    /// the registered absence does not support the report: no basis to go on (principle 11-21)
    case dropped
}

/// Excusable circumstances (undskyldelige omstændigheder) the case worker found.
public enum ExcusableCircumstance: String, Codable, Sendable, CaseIterable {
    /// the parents teach the child themselves and told the municipality in writing beforehand
    case homeTeaching = "home-teaching"
    /// the absence was not unauthorized after all (illness, a disability, …)
    case notUnauthorized = "not-unauthorized"
    /// extraordinary leave the school leader granted beforehand
    case extraordinaryLeave = "extraordinary-leave"
    /// the child awaits a school offer after a placement
    case awaitingSchoolOffer = "awaiting-school-offer"
    case other
}

/// `POST /v1/underretninger/{id}/decision`.
public struct NewBenefitDecision: Codable, Sendable {
    public var outcome: DecisionOutcome
    public var excusable: [ExcusableCircumstance]?
    /// The reasons (begrundelse), free text; they are part of the decision letter.
    public var reasons: String
    /// The quarter the stop applies to (`2027-Q1`); default the quarter after the absence's.
    public var stopPeriod: String?
    /// The decision letter's language (default `da`).
    public var language: String?

    public init(outcome: DecisionOutcome, excusable: [ExcusableCircumstance]? = nil, reasons: String, stopPeriod: String? = nil, language: String? = nil) {
        (self.outcome, self.excusable, self.reasons, self.stopPeriod, self.language) = (outcome, excusable, reasons, stopPeriod, language)
    }
}

/// Step 4e: the decision, with its letter (appeal guidance included) and, for a stop, the notice to
/// the benefit payer — both as rendered from the municipality's templates when decided.
public struct BenefitDecision: Codable, Sendable, Equatable {
    public var outcome: DecisionOutcome
    public var excusable: [ExcusableCircumstance]
    public var reasons: String
    public var stopPeriod: String?
    public var language: String
    public var letter: String
    public var payerNotice: String?
    public var decidedAt: Date
    public var decidedBy: String
    /// The last day an appeal is in time (four weeks after the decision; the letter's rule counts from its receipt).
    public var appealBy: SchoolDate

    public init(outcome: DecisionOutcome, excusable: [ExcusableCircumstance], reasons: String, stopPeriod: String?, language: String, letter: String,
                payerNotice: String?, decidedAt: Date, decidedBy: String, appealBy: SchoolDate) {
        self.outcome = outcome
        self.excusable = excusable
        self.reasons = reasons
        self.stopPeriod = stopPeriod
        self.language = language
        self.letter = letter
        self.payerNotice = payerNotice
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.appealBy = appealBy
    }
}

/// How the municipality's reassessment (genvurdering) of an appealed decision ended.
public enum AppealReassessment: String, Codable, Sendable, CaseIterable {
    /// kept: sent on to Ankestyrelsen
    case kept
    /// the municipality changed its decision itself
    case changed
}

/// Ankestyrelsen's outcome.
public enum AppealOutcome: String, Codable, Sendable, CaseIterable {
    /// stadfæstet
    case upheld
    /// ændret
    case changed
    /// ophævet
    case overturned
    /// hjemvist: sent back to the municipality
    case remitted
}

/// Step 5: the appeal and its outcome.
public struct Appeal: Codable, Sendable, Equatable {
    public var receivedAt: Date
    public var recordedBy: String
    public var reassessment: AppealReassessment?
    public var reassessedAt: Date?
    public var outcome: AppealOutcome?
    public var outcomeAt: Date?
    public var note: String?

    public init(receivedAt: Date, recordedBy: String, reassessment: AppealReassessment?, reassessedAt: Date?, outcome: AppealOutcome?, outcomeAt: Date?,
                note: String?) {
        self.receivedAt = receivedAt
        self.recordedBy = recordedBy
        self.reassessment = reassessment
        self.reassessedAt = reassessedAt
        self.outcome = outcome
        self.outcomeAt = outcomeAt
        self.note = note
    }
}

/// `POST /v1/underretninger/{id}/appeal`: the family appealed (when the municipality received it).
public struct NewAppeal: Codable, Sendable {
    /// Default: now.
    public var receivedAt: Date?
    public var note: String?

    public init(receivedAt: Date? = nil, note: String? = nil) { (self.receivedAt, self.note) = (receivedAt, note) }
}

/// `POST /v1/underretninger/{id}/appeal/outcome`: the reassessment, and (once known) Ankestyrelsen's outcome.
public struct AppealResult: Codable, Sendable {
    public var reassessment: AppealReassessment
    public var outcome: AppealOutcome?
    public var note: String?

    public init(reassessment: AppealReassessment, outcome: AppealOutcome? = nil, note: String? = nil) {
        (self.reassessment, self.outcome, self.note) = (reassessment, outcome, note)
    }
}

/// `GET /v1/underretninger/{underretningId}` (and the answer of each step on it): the underretning as
/// the school made it, the registrations received since that changed its days, and the municipality's
/// steps with their deadlines.
public struct UnderretningView: Codable, Sendable {
    public var underretningId: String
    public var taskId: String
    public var pupilKey: String
    public var pupil: Pupil?
    public var schoolId: String
    public var period: String
    public var status: UnderretningStatus
    public var madeAt: Date
    public var madeBy: String
    public var madeByName: String?
    public var assessment: String
    public var evidence: UnderretningEvidence
    /// Days of the quarter with a registration received after the underretning was made (a later
    /// correction, e.g. a doctor's note): the municipality checks the report against them.
    public var changedSince: [RegisteredDay]
    public var received: StepRecord?
    public var evidenceCheck: EvidenceCheck?
    public var hearings: [Hearing]
    public var decision: BenefitDecision?
    public var appeal: Appeal?
    public var steps: [LegalStepStatus]
    public var nextStep: LegalStepStatus?
    public var timeline: [LegalTimelineEntry]

    public init(underretningId: String, taskId: String, pupilKey: String, pupil: Pupil?, schoolId: String, period: String, status: UnderretningStatus,
                madeAt: Date, madeBy: String, madeByName: String?, assessment: String, evidence: UnderretningEvidence, changedSince: [RegisteredDay],
                received: StepRecord?, evidenceCheck: EvidenceCheck?, hearings: [Hearing], decision: BenefitDecision?, appeal: Appeal?,
                steps: [LegalStepStatus], nextStep: LegalStepStatus?, timeline: [LegalTimelineEntry]) {
        self.underretningId = underretningId
        self.taskId = taskId
        self.pupilKey = pupilKey
        self.pupil = pupil
        self.schoolId = schoolId
        self.period = period
        self.status = status
        self.madeAt = madeAt
        self.madeBy = madeBy
        self.madeByName = madeByName
        self.assessment = assessment
        self.evidence = evidence
        self.changedSince = changedSince
        self.received = received
        self.evidenceCheck = evidenceCheck
        self.hearings = hearings
        self.decision = decision
        self.appeal = appeal
        self.steps = steps
        self.nextStep = nextStep
        self.timeline = timeline
    }
}

/// `GET /v1/underretninger[?status=&schoolId=]`: the municipality's queue (a case worker: every
/// school; a school leader: their schools), the oldest deadline first.
public struct UnderretningQueue: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public var underretningId: String
        public var pupilKey: String
        public var pupil: Pupil?
        public var schoolId: String
        public var period: String
        public var madeAt: Date
        public var status: UnderretningStatus
        public var nextStep: LegalStepStatus?

        public init(underretningId: String, pupilKey: String, pupil: Pupil?, schoolId: String, period: String, madeAt: Date, status: UnderretningStatus,
                    nextStep: LegalStepStatus?) {
            self.underretningId = underretningId
            self.pupilKey = pupilKey
            self.pupil = pupil
            self.schoolId = schoolId
            self.period = period
            self.madeAt = madeAt
            self.status = status
            self.nextStep = nextStep
        }
    }

    public var underretninger: [Item]

    public init(underretninger: [Item]) { self.underretninger = underretninger }
}
