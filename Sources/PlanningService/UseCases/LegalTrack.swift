import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The legal track's use cases (docs/legal-track.md), one area per file: the daily contact list,
/// the warning letter, the underretning, the municipality's steps, the letter templates and the
/// figures. Each runs in one transaction: it loads what the step is about, decides access on it,
/// checks the step may be taken now, records it with its timeline entry and audit log entry.
struct LegalTrack: Sendable {
    let support: ControllerSupport
    let deadlines: LegalDeadlines
    let letters: LetterRenderer
    /// The municipality's name as the letters write it (`PLANNING_MUNICIPALITY_NAME`).
    let municipality: String

    var logger: Logger { support.logger }

    /// A task with the access decision on it: the school, and the team of the pupil's open case.
    func task(_ id: String, _ action: AccessPolicy.Action, _ staff: StaffPrincipal, forUpdate: Bool,
              on connection: PostgresConnection) async throws -> (task: LegalTask, role: String, caseId: String?) {
        guard let task = try await LegalTaskStore.task(id, forUpdate: forUpdate, on: connection, logger: logger) else {
            throw ProblemDetails.notFound("no legal task '\(id)'")
        }
        let caseId = try await CaseStore.openCase(pupil: task.pupilKey, on: connection, logger: logger)
        var resource = AccessPolicy.Resource.school(task.schoolId)
        if let caseId { resource.team = try await CaseStore.team(caseId, on: connection, logger: logger).map(\.event) }
        return (task, try ControllerSupport.authorize(action, staff, on: resource), caseId)
    }

    /// The first and last day of the quarter a period names (a quarter rule's period is its quarter).
    static func days(of period: String, around day: SchoolDate) -> (from: SchoolDate, to: SchoolDate) {
        let quarter = Quarter(period) ?? Quarter(day)
        return (quarter.first, quarter.last)
    }

    /// The pupil's registered days of the quarter with their history.
    func registeredDays(pupil: String, period: String, around day: SchoolDate, on connection: PostgresConnection) async throws -> [RegisteredDay] {
        let (from, to) = Self.days(of: period, around: day)
        return RegistrationHistory.days(try await RegisteredAbsenceStore.registrations(pupil: pupil, from: from, to: to, on: connection, logger: logger))
    }

    /// A refused order or field of `UnderretningProgress` as the API answers it.
    static func problem(_ refusal: UnderretningProgress.Refusal) -> ProblemDetails {
        switch refusal {
        case .order(let detail): ProblemDetails.conflict(detail)
        case .invalid(let field, let reason): ProblemDetails.invalid(field, reason)
        }
    }

    func audit(_ staff: StaffPrincipal, role: String, _ action: String, pupil: String, school: String, caseId: String? = nil,
               on connection: PostgresConnection) async throws {
        try await AuditLog.record(staff, role: role, action: action, pupils: [pupil], caseId: caseId, schoolId: school, on: connection, logger: logger)
    }
}
