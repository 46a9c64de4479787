import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Step 2: the warning letter (varslingsbrev) from the municipality's template with the registered
/// days, in Danish or the parents' language, and the record of its sending (which completes the task).
extension LegalTrack {
    func warningDraft(taskId: String, language: String?, by staff: StaffPrincipal, now: Date = Date()) async throws -> WarningLetterDraft {
        try await support.transaction { connection in
            let (task, role, caseId) = try await self.task(taskId, .completeWarnParents, staff, forUpdate: false, on: connection)
            guard task.kind == .warnParents else { throw ProblemDetails.notFound("legal task '\(taskId)' is not a warning to the parents") }
            let languages = try await LetterTemplateStore.languages(.warning, shipped: letters.shipped, on: connection, logger: logger)
            let language = language ?? "da"
            guard languages.contains(language) else {
                throw ProblemDetails.badRequest("no warning letter template in '\(language)'; the municipality has \(languages.joined(separator: ", "))",
                                                field: "language")
            }
            let letter = try await renderWarning(task, language: language, staff: staff, now: now, on: connection)
            try await audit(staff, role: role, "read-warning-letter", pupil: task.pupilKey, school: task.schoolId, caseId: caseId, on: connection)
            return WarningLetterDraft(taskId: task.taskId, pupilKey: task.pupilKey, pupil: letter.pupil, schoolId: task.schoolId, period: task.period,
                                      dueDate: task.dueDate, language: language, languages: languages, text: letter.text, days: letter.days,
                                      sent: try await WarningLetterStore.letters(task: task.taskId, on: connection, logger: logger))
        }
    }

    func sendWarning(taskId: String, _ sending: WarningLetterSending, by staff: StaffPrincipal, now: Date = Date()) async throws -> WarningLetter {
        var problems = InputProblems()
        problems.require(LegalInput.isLanguage(sending.language), "language", "must be a language code such as da or en")
        LegalInput.moment(sending.sentAt, "sentAt", now: now, into: &problems)
        try problems.throwIfAny("The warning letter is not valid")
        return try await support.transaction { connection in
            let (task, role, caseId) = try await self.task(taskId, .completeWarnParents, staff, forUpdate: true, on: connection)
            guard task.kind == .warnParents else { throw ProblemDetails.notFound("legal task '\(taskId)' is not a warning to the parents") }
            if task.cancelledReason != nil { throw ProblemDetails.conflict("the task is cancelled: \(task.cancelledReason ?? "")") }
            let languages = try await LetterTemplateStore.languages(.warning, shipped: letters.shipped, on: connection, logger: logger)
            guard languages.contains(sending.language) else {
                throw ProblemDetails.invalid("language", "no warning letter template in '\(sending.language)'; the municipality has \(languages.joined(separator: ", "))")
            }
            let rendered = try await renderWarning(task, language: sending.language, staff: staff, now: now, on: connection)
            let letter = WarningLetter(letterId: TimeOrderedID.string(), taskId: task.taskId, pupilKey: task.pupilKey, schoolId: task.schoolId,
                                       period: task.period, language: sending.language, text: rendered.text, sentAt: sending.sentAt ?? now,
                                       sentVia: sending.sentVia, recordedBy: staff.staffId, recordedAt: now)
            try await WarningLetterStore.insert(letter, on: connection, logger: logger)
            if task.isOpen {
                try await LegalTaskStore.complete(task.taskId, by: staff.staffId, note: "warning letter sent (\(sending.sentVia.rawValue))",
                                                  on: connection, logger: logger)
                if let caseId { try await CaseEvents.planUpdated(caseId, at: now, on: connection, logger: logger) }
            }
            try await LegalTimelineStore.add(pupil: task.pupilKey, school: task.schoolId, period: task.period, underretning: nil, step: .warnParents,
                                             summary: "warning letter (\(sending.language)) sent by \(sending.sentVia.rawValue)", by: staff.staffId,
                                             on: connection, logger: logger)
            try await audit(staff, role: role, "send-warning-letter", pupil: task.pupilKey, school: task.schoolId, caseId: caseId, on: connection)
            return letter
        }
    }

    private func renderWarning(_ task: LegalTask, language: String, staff: StaffPrincipal, now: Date,
                               on connection: PostgresConnection) async throws -> (text: String, days: [RegisteredDay], pupil: Pupil?) {
        let concern = try await ConcernStore.concern(task.concernId, on: connection, logger: logger)
        let days = try await registeredDays(pupil: task.pupilKey, period: task.period, around: concern?.windowEnd ?? SchoolDate(now), on: connection)
        let pupil = try await ReadModelStore.pupil(task.pupilKey, on: connection, logger: logger)
        guard let template = try await LetterTemplateStore.template(.warning, language: language, shipped: letters.shipped, on: connection, logger: logger)
        else { throw ProblemDetails.invalid("language", "no warning letter template in '\(language)'") }
        let values = LetterValues.warning(.init(municipality: municipality, pupil: pupil, schoolId: task.schoolId, period: task.period, today: SchoolDate(now)),
                                          format: LetterFormat(language: language), days: days,
                                          countedDays: concern?.explanation?.absentDays["unauthorized"],
                                          quarterSchoolDays: concern?.explanation?.schoolDays, signedBy: staff.name)
        return (try letters.render(template.body, values), days, pupil)
    }
}
