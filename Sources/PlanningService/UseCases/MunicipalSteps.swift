import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Steps 4 and 5, the municipality's: receive the underretning, check the registered absence
/// against it (principle 11-21), hear the parents and the child (partshøring), decide with reasons
/// and appeal guidance (and, for a stop, the notice to the benefit payer), record an appeal and its outcome.
extension LegalTrack {
    /// Runs a municipal step on the locked underretning: access, the step's own check and change, the
    /// timeline and the audit log; answers the underretning as it stands after it.
    private func step(_ id: String, by staff: StaffPrincipal, now: Date, audit action: String, step: LegalStep,
                      _ body: (UnderretningStore.Header, UnderretningProgress, PostgresConnection) async throws -> String) async throws -> UnderretningView {
        let role = try ControllerSupport.authorize(.handleUnderretning, staff, on: .municipality)
        return try await support.transaction { connection in
            guard let header = try await UnderretningStore.header(id, forUpdate: true, on: connection, logger: logger) else {
                throw ProblemDetails.notFound("no underretning '\(id)'")
            }
            let progress = UnderretningProgress(record: try await UnderretningStore.progressRecord(header, on: connection, logger: logger),
                                                deadlines: deadlines, today: SchoolDate(now))
            let summary = try await body(header, progress, connection)
            try await LegalTimelineStore.add(pupil: header.pupilKey, school: header.schoolId, period: header.period, underretning: id, step: step,
                                             summary: summary, by: staff.staffId, on: connection, logger: logger)
            try await audit(staff, role: role, action, pupil: header.pupilKey, school: header.schoolId, on: connection)
            guard let after = try await UnderretningStore.header(id, forUpdate: false, on: connection, logger: logger) else {
                throw ProblemDetails.notFound("no underretning '\(id)'")
            }
            return try await view(after, now: now, on: connection)
        }
    }

    private func check(_ decision: () throws(UnderretningProgress.Refusal) -> Void) throws {
        do { try decision() } catch { throw Self.problem(error) }
    }

    func receive(_ id: String, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        try await step(id, by: staff, now: now, audit: "receive-underretning", step: .receive) { header, progress, connection in
            try check { () throws(UnderretningProgress.Refusal) in try progress.mayReceive() }
            try await UnderretningStore.receive(id, by: staff.staffId, at: now, on: connection, logger: logger)
            return "received by the municipality"
        }
    }

    func checkEvidence(_ id: String, _ input: EvidenceCheckInput, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.note, "note", max: 2000, required: false, into: &problems)
        try problems.throwIfAny("The evidence check is not valid")
        return try await step(id, by: staff, now: now, audit: "check-underretning-evidence", step: .checkEvidence) { _, progress, connection in
            try check { () throws(UnderretningProgress.Refusal) in try progress.mayCheckEvidence() }
            try await UnderretningStore.checkEvidence(id, supports: input.supports, note: InputProblems.nonBlank(input.note) ? input.note : nil,
                                                      by: staff.staffId, at: now, on: connection, logger: logger)
            return input.supports ? "the registered absence supports the report" : "the registered absence does not support the report"
        }
    }

    func hear(_ id: String, _ input: NewHearing, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.content, "content", max: 5000, required: true, into: &problems)
        LegalInput.moment(input.sentAt, "sentAt", now: now, into: &problems)
        let sent = input.sentAt ?? now
        let answerBy = input.answerBy ?? SchoolDate(sent).adding(days: deadlines.answerDays)
        problems.require(answerBy >= SchoolDate(sent), "answerBy", "must be on or after the day the hearing was sent")
        problems.require(answerBy <= SchoolDate(sent).adding(days: 90), "answerBy", "must be within 90 days of the day the hearing was sent")
        try problems.throwIfAny("The hearing is not valid")
        return try await step(id, by: staff, now: now, audit: "send-hearing", step: .hearParties) { _, progress, connection in
            try check { () throws(UnderretningProgress.Refusal) in try progress.mayHear() }
            let hearing = Hearing(hearingId: TimeOrderedID.string(), sentAt: sent, sentVia: input.sentVia, answerBy: answerBy, child: input.child,
                                  content: input.content, sentBy: staff.staffId, answeredAt: nil, answer: nil, answerRecordedBy: nil)
            try await UnderretningStore.insert(hearing, underretning: id, on: connection, logger: logger)
            return "partshøring sent (\(input.sentVia.rawValue)), answer by \(answerBy), child: \(input.child.rawValue)"
        }
    }

    func answer(_ id: String, hearing hearingId: String, _ input: HearingAnswer, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.answer, "answer", max: 5000, required: true, into: &problems)
        LegalInput.moment(input.answeredAt, "answeredAt", now: now, into: &problems)
        try problems.throwIfAny("The answer is not valid")
        return try await step(id, by: staff, now: now, audit: "record-hearing-answer", step: .awaitAnswer) { _, progress, connection in
            guard let hearing = progress.record.hearings.first(where: { $0.hearingId == hearingId }) else {
                throw ProblemDetails.notFound("no hearing '\(hearingId)' on underretning '\(id)'")
            }
            if hearing.answeredAt != nil { throw ProblemDetails.conflict("the answer to this hearing is already recorded") }
            if progress.record.decision != nil { throw ProblemDetails.conflict("the underretning is decided") }
            let answeredAt = input.answeredAt ?? now
            if answeredAt < hearing.sentAt.addingTimeInterval(-86_400) { throw ProblemDetails.invalid("answeredAt", "is before the hearing was sent") }
            try await UnderretningStore.answer(hearingId, at: answeredAt, answer: input.answer, by: staff.staffId, on: connection, logger: logger)
            return "answer to the partshøring recorded"
        }
    }

    func decide(_ id: String, _ input: NewBenefitDecision, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.reasons, "reasons", max: 5000, required: true, into: &problems)
        let language = input.language ?? "da"
        problems.require(LegalInput.isLanguage(language), "language", "must be a language code such as da or en")
        if let period = input.stopPeriod { problems.require(Quarter(period) != nil, "stopPeriod", "must be a quarter such as 2027-Q1") }
        if input.outcome != .stop { problems.require(input.stopPeriod == nil, "stopPeriod", "only a stop names the quarter it applies to") }
        try problems.throwIfAny("The decision is not valid")
        return try await step(id, by: staff, now: now, audit: "decide-benefit", step: .decide) { header, progress, connection in
            try check { () throws(UnderretningProgress.Refusal) in try progress.mayDecide(input) }
            var stopPeriod: String? = nil
            if input.outcome == .stop {
                let absence = Quarter(header.period) ?? Quarter(SchoolDate(header.madeAt))
                let stop = input.stopPeriod.flatMap(Quarter.init) ?? absence.next
                if stop < absence { throw ProblemDetails.invalid("stopPeriod", "must not be before the quarter of the absence (\(absence.key))") }
                stopPeriod = stop.key
            }
            guard let template = try await LetterTemplateStore.template(.decision, language: language, shipped: letters.shipped, on: connection, logger: logger)
            else { throw ProblemDetails.invalid("language", "no decision letter template in '\(language)'") }
            let pupil = try await ReadModelStore.pupil(header.pupilKey, on: connection, logger: logger)
            let common = LetterValues.Common(municipality: municipality, pupil: pupil, schoolId: header.schoolId, period: header.period, today: SchoolDate(now))
            let letter = try letters.render(template.body, LetterValues.decision(
                common, format: LetterFormat(language: language), reference: header.underretningId, madeAt: header.madeAt, evidence: header.evidence,
                hearings: progress.record.hearings, decision: input, stopPeriod: stopPeriod, caseWorker: staff.name))
            var notice: String? = nil
            if let stopPeriod {
                // The benefit payer (Udbetaling Danmark) is written to in Danish.
                guard let payer = try await LetterTemplateStore.template(.payerNotice, language: "da", shipped: letters.shipped, on: connection, logger: logger)
                else { throw ProblemDetails.invalid("outcome", "no template for the notice to the benefit payer") }
                notice = try letters.render(payer.body, LetterValues.payerNotice(common, format: LetterFormat(language: "da"), reference: header.underretningId,
                                                                                 decidedAt: now, stopPeriod: stopPeriod, caseWorker: staff.name))
            }
            let decision = BenefitDecision(outcome: input.outcome, excusable: input.excusable ?? [], reasons: input.reasons, stopPeriod: stopPeriod,
                                           language: language, letter: letter, payerNotice: notice, decidedAt: now, decidedBy: staff.staffId,
                                           appealBy: SchoolDate(now).adding(days: deadlines.appealDays))
            try await UnderretningStore.insert(decision, underretning: id, on: connection, logger: logger)
            switch input.outcome {
            case .stop: return "decided: the child benefit is stopped for \(stopPeriod ?? "")"
            case .noStop: return "decided: the child benefit is not stopped"
            case .dropped: return "decided: dropped, the registered absence does not support the report"
            }
        }
    }

    func recordAppeal(_ id: String, _ input: NewAppeal, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.note, "note", max: 2000, required: false, into: &problems)
        LegalInput.moment(input.receivedAt, "receivedAt", now: now, into: &problems)
        try problems.throwIfAny("The appeal is not valid")
        return try await step(id, by: staff, now: now, audit: "record-appeal", step: .reassessAppeal) { _, progress, connection in
            try check { () throws(UnderretningProgress.Refusal) in try progress.mayRecordAppeal() }
            try await UnderretningStore.insert(appealOf: id, receivedAt: input.receivedAt ?? now, note: InputProblems.nonBlank(input.note) ? input.note : nil,
                                               by: staff.staffId, on: connection, logger: logger)
            return "appeal received"
        }
    }

    func recordAppealResult(_ id: String, _ input: AppealResult, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.note, "note", max: 2000, required: false, into: &problems)
        if input.reassessment == .changed { problems.require(input.outcome == nil, "outcome", "a decision the municipality changed itself does not go to Ankestyrelsen") }
        try problems.throwIfAny("The appeal's result is not valid")
        return try await step(id, by: staff, now: now, audit: "record-appeal-result", step: .appealOutcome) { _, progress, connection in
            try check { () throws(UnderretningProgress.Refusal) in try progress.mayRecordAppealResult() }
            try await UnderretningStore.settle(appealOf: id, input, at: now, on: connection, logger: logger)
            return "appeal: reassessment \(input.reassessment.rawValue)" + (input.outcome.map { ", Ankestyrelsen: \($0.rawValue)" } ?? "")
        }
    }
}
