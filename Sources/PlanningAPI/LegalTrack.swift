import Foundation
import Shared

/// The steps of the legal track (docs/legal-track.md) from the first unauthorized day to the
/// decision on the child benefit (børne- og ungeydelse) and an appeal: the school's three, then the
/// municipality's.
public enum LegalStep: String, Codable, Sendable, CaseIterable {
    /// 1. the school contacts the parents the same day (daily contact list)
    case contactParents = "contact-parents"
    /// 2. at 10 % of the quarter: the written warning (varslingsbrev)
    case warnParents = "warn-parents"
    /// 3. at 15 %: the school leader's underretning to the municipality
    case notifyMunicipality = "notify-municipality"
    /// 4a. a case worker takes the underretning into the municipality's queue
    case receive
    /// 4b. the registered absence supports the report (Ankestyrelsen's principle 11-21)
    case checkEvidence = "check-evidence"
    /// 4c. partshøring: the parents (and the child from 12) are heard
    case hearParties = "hear-parties"
    /// 4d. the hearing's answer deadline
    case awaitAnswer = "await-answer"
    /// 4e. the decision: stop of the benefit for a quarter, or not, with reasons and appeal guidance
    case decide
    /// 5a. an appeal: the municipality reassesses (genvurdering) and forwards it to Ankestyrelsen
    case reassessAppeal = "reassess-appeal"
    /// 5b. Ankestyrelsen's outcome
    case appealOutcome = "appeal-outcome"
}

/// A step's deadline and whether it is done, as the queue and the underretning show it.
public struct LegalStepStatus: Codable, Sendable, Equatable {
    public var step: LegalStep
    public var dueDate: SchoolDate?
    public var doneAt: Date?
    public var overdue: Bool

    public init(step: LegalStep, dueDate: SchoolDate?, doneAt: Date?, overdue: Bool) {
        (self.step, self.dueDate, self.doneAt, self.overdue) = (step, dueDate, doneAt, overdue)
    }
}

/// One registration of a school day as IntakeService received it (from `attendance.ingested`): the
/// school system that sent it, when it was recorded there, when it arrived, and what it replaced.
public struct RegistrationRecord: Codable, Sendable, Equatable {
    public var registrationId: String
    /// `day` or a lesson number.
    public var period: String
    public var status: String
    public var absenceCategory: String?
    public var dayFraction: Double
    /// When the school system recorded it (its own clock).
    public var recordedAt: Date
    /// The school system (attendance source) that sent it: who registered it, as far as the feed says.
    public var sourceSystem: String
    /// When Planning received it.
    public var receivedAt: Date
    public var replacesRegistrationId: String?
    /// Not replaced by a later registration: what counts now.
    public var current: Bool

    public init(registrationId: String, period: String, status: String, absenceCategory: String?, dayFraction: Double, recordedAt: Date,
                sourceSystem: String, receivedAt: Date, replacesRegistrationId: String?, current: Bool) {
        self.registrationId = registrationId
        self.period = period
        self.status = status
        self.absenceCategory = absenceCategory
        self.dayFraction = dayFraction
        self.recordedAt = recordedAt
        self.sourceSystem = sourceSystem
        self.receivedAt = receivedAt
        self.replacesRegistrationId = replacesRegistrationId
        self.current = current
    }
}

/// A school day with absence registered: the unauthorized share of the day that counts now, and every
/// registration of it, oldest first (each correction with who sent it and when).
public struct RegisteredDay: Codable, Sendable, Equatable {
    public var date: SchoolDate
    public var unauthorized: Double
    public var history: [RegistrationRecord]

    public init(date: SchoolDate, unauthorized: Double, history: [RegistrationRecord]) {
        (self.date, self.unauthorized, self.history) = (date, unauthorized, history)
    }
}

/// An entry of the legal track's own timeline (per pupil and quarter): no free text, the step and who.
public struct LegalTimelineEntry: Codable, Sendable, Equatable {
    public var at: Date
    public var staffId: String
    public var step: LegalStep
    public var summary: String

    public init(at: Date, staffId: String, step: LegalStep, summary: String) {
        (self.at, self.staffId, self.step, self.summary) = (at, staffId, step, summary)
    }
}
