import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Step 3: the school leader's underretning — the evidence as it stands, then the record the
/// municipality receives in its queue (which completes the task) — and reading it.
extension LegalTrack {
    func underretningDraft(taskId: String, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningDraft {
        try await support.transaction { connection in
            let (task, role, caseId) = try await self.task(taskId, .completeNotifyMunicipality, staff, forUpdate: false, on: connection)
            guard task.kind == .notifyMunicipality else { throw ProblemDetails.notFound("legal task '\(taskId)' is not an underretning") }
            let made = try await UnderretningStore.header(task: task.taskId, on: connection, logger: logger)
            let evidence: UnderretningEvidence
            if let made { evidence = made.evidence } else { evidence = try await self.evidence(task, now: now, on: connection) }
            try await audit(staff, role: role, "read-underretning-draft", pupil: task.pupilKey, school: task.schoolId, caseId: caseId, on: connection)
            return UnderretningDraft(taskId: task.taskId, pupilKey: task.pupilKey,
                                     pupil: try await ReadModelStore.pupil(task.pupilKey, on: connection, logger: logger), schoolId: task.schoolId,
                                     period: task.period, dueDate: task.dueDate, evidence: evidence, underretningId: made?.underretningId)
        }
    }

    func makeUnderretning(taskId: String, _ input: NewUnderretning, by staff: StaffPrincipal, requireAssessment: Bool = true,
                          now: Date = Date()) async throws -> UnderretningView {
        var problems = InputProblems()
        LegalInput.freeText(input.assessment, "assessment", max: 5000, required: requireAssessment, into: &problems)
        try problems.throwIfAny("The underretning is not valid")
        let id = try await support.transaction { connection in
            let (task, role, caseId) = try await self.task(taskId, .completeNotifyMunicipality, staff, forUpdate: true, on: connection)
            guard task.kind == .notifyMunicipality else { throw ProblemDetails.notFound("legal task '\(taskId)' is not an underretning") }
            if task.cancelledReason != nil { throw ProblemDetails.conflict("the task is cancelled: \(task.cancelledReason ?? "")") }
            if let made = try await UnderretningStore.header(task: task.taskId, on: connection, logger: logger) {
                throw ProblemDetails.conflict("the underretning is already made (\(made.underretningId))")
            }
            let header = UnderretningStore.Header(
                underretningId: TimeOrderedID.string(), taskId: task.taskId, pupilKey: task.pupilKey, schoolId: task.schoolId, period: task.period,
                madeAt: now, madeBy: staff.staffId, madeByName: staff.name.isEmpty ? nil : staff.name, assessment: input.assessment,
                evidence: try await evidence(task, now: now, on: connection), received: nil, evidenceCheck: nil)
            try await UnderretningStore.insert(header, on: connection, logger: logger)
            if task.isOpen {
                try await LegalTaskStore.complete(task.taskId, by: staff.staffId, note: "underretning \(header.underretningId)", on: connection, logger: logger)
                if let caseId { try await CaseEvents.planUpdated(caseId, at: now, on: connection, logger: logger) }
            }
            try await LegalTimelineStore.add(pupil: task.pupilKey, school: task.schoolId, period: task.period, underretning: header.underretningId,
                                             step: .notifyMunicipality, summary: "underretning made to the municipality", by: staff.staffId,
                                             on: connection, logger: logger)
            try await audit(staff, role: role, "make-underretning", pupil: task.pupilKey, school: task.schoolId, caseId: caseId, on: connection)
            return header.underretningId
        }
        return try await view(id, by: staff, now: now)
    }

    /// What the underretning carries, as it stands now.
    func evidence(_ task: LegalTask, now: Date, on connection: PostgresConnection) async throws -> UnderretningEvidence {
        let concern = try await ConcernStore.concern(task.concernId, on: connection, logger: logger)
        let around = concern?.windowEnd ?? SchoolDate(now)
        let (from, to) = Self.days(of: task.period, around: around)
        return UnderretningEvidence(
            quarterSchoolDays: concern?.explanation?.schoolDays, unauthorizedDays: concern?.explanation?.absentDays["unauthorized"],
            threshold: concern?.explanation?.threshold, countedOn: concern?.windowEnd,
            days: try await registeredDays(pupil: task.pupilKey, period: task.period, around: around, on: connection),
            contacts: try await ParentContactStore.contacts(pupil: task.pupilKey, from: from, to: to, on: connection, logger: logger),
            warnings: try await WarningLetterStore.letters(pupil: task.pupilKey, period: task.period, on: connection, logger: logger))
    }

    /// `GET /v1/underretninger/{id}`: the school's own underretninger for its staff, every one for the case workers.
    func view(_ id: String, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningView {
        try await support.transaction { connection in
            guard let header = try await UnderretningStore.header(id, forUpdate: false, on: connection, logger: logger) else {
                throw ProblemDetails.notFound("no underretning '\(id)'")
            }
            let role = try ControllerSupport.authorize(.viewUnderretning, staff, on: .school(header.schoolId))
            try await audit(staff, role: role, "read-underretning", pupil: header.pupilKey, school: header.schoolId, on: connection)
            return try await view(header, now: now, on: connection)
        }
    }

    func view(_ header: UnderretningStore.Header, now: Date, on connection: PostgresConnection) async throws -> UnderretningView {
        let record = try await UnderretningStore.progressRecord(header, on: connection, logger: logger)
        let progress = UnderretningProgress(record: record, deadlines: deadlines, today: SchoolDate(now))
        let days = try await registeredDays(pupil: header.pupilKey, period: header.period, around: header.evidence.countedOn ?? SchoolDate(header.madeAt),
                                            on: connection)
        return UnderretningView(
            underretningId: header.underretningId, taskId: header.taskId, pupilKey: header.pupilKey,
            pupil: try await ReadModelStore.pupil(header.pupilKey, on: connection, logger: logger), schoolId: header.schoolId, period: header.period,
            status: progress.status, madeAt: header.madeAt, madeBy: header.madeBy, madeByName: header.madeByName, assessment: header.assessment,
            evidence: header.evidence, changedSince: RegistrationHistory.changed(days, since: header.madeAt), received: header.received,
            evidenceCheck: header.evidenceCheck, hearings: record.hearings, decision: record.decision, appeal: record.appeal, steps: progress.steps,
            nextStep: progress.nextStep, timeline: try await LegalTimelineStore.entries(pupil: header.pupilKey, period: header.period, on: connection, logger: logger))
    }

    /// `GET /v1/underretninger`: the queue — a case worker's of every school, a school's staff their schools'.
    func queue(status: String?, school: String?, by staff: StaffPrincipal, now: Date = Date()) async throws -> UnderretningQueue {
        let wanted: Set<UnderretningStatus>
        switch status ?? "open" {
        case "open": wanted = Set(UnderretningStatus.allCases).subtracting([.closed])
        case "all": wanted = Set(UnderretningStatus.allCases)
        case let value:
            guard let one = UnderretningStatus(rawValue: value) else {
                throw ProblemDetails.badRequest("status must be open, all or one of \(UnderretningStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                                                field: "status")
            }
            wanted = [one]
        }
        var role: String
        var schools: [String]? = nil
        if case .allow(let granted) = AccessPolicy.decide(.viewUnderretning, by: staff, on: .municipality) {
            role = granted
        } else {
            let own = staff.schoolIds.sorted().filter { ControllerSupport.allows(.viewUnderretning, staff, .school($0)) }
            guard let first = own.first else { throw ProblemDetails.forbidden("view-underretning is not allowed at any school for this person's roles") }
            (role, schools) = (try ControllerSupport.authorize(.viewUnderretning, staff, on: .school(first)), own)
        }
        if let school {
            role = try ControllerSupport.authorize(.viewUnderretning, staff, on: .school(school))
            schools = [school]
        }
        return try await support.transaction { connection in
            let headers = try await UnderretningStore.headers(schools: schools, on: connection, logger: logger)
            let records = try await UnderretningStore.progressRecords(headers, on: connection, logger: logger)
            let pupils = try await ReadModelStore.pupils(Array(Set(headers.map(\.pupilKey))), on: connection, logger: logger)
            let items = zip(headers, records).compactMap { header, record -> UnderretningQueue.Item? in
                let progress = UnderretningProgress(record: record, deadlines: deadlines, today: SchoolDate(now))
                guard wanted.contains(progress.status) else { return nil }
                return UnderretningQueue.Item(underretningId: header.underretningId, pupilKey: header.pupilKey, pupil: pupils[header.pupilKey],
                                              schoolId: header.schoolId, period: header.period, madeAt: header.madeAt, status: progress.status,
                                              nextStep: progress.nextStep)
            }.sorted { first, second in
                // The soonest deadline first; those without one (waiting for Ankestyrelsen, closed) last, newest first.
                switch (first.nextStep?.dueDate, second.nextStep?.dueDate) {
                case let (a?, b?): a == b ? first.madeAt < second.madeAt : a < b
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): first.madeAt > second.madeAt
                }
            }
            let listed = Array(Set(items.map(\.pupilKey))).sorted()
            try await AuditLog.record(staff, role: role, action: "read-underretning-queue", pupils: listed, schoolId: school, on: connection, logger: logger)
            return UnderretningQueue(underretninger: items)
        }
    }
}

extension ControllerSupport {
    /// An access decision as a yes or no.
    static func allows(_ action: AccessPolicy.Action, _ staff: StaffPrincipal, _ resource: AccessPolicy.Resource) -> Bool {
        if case .allow = AccessPolicy.decide(action, by: staff, on: resource) { return true }
        return false
    }
}
