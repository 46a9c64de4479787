import Foundation
import Hummingbird
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Loads a case as `GET /v1/cases/{caseId}` answers it.
extension CaseView {
    static func load(_ header: CaseStore.Header, on connection: PostgresConnection, logger: Logger) async throws -> CaseView {
        let details = try await CaseStore.details(header.caseId, on: connection, logger: logger)
        return CaseView(
            caseId: header.caseId, status: header.status, version: header.version, schoolId: header.schoolId, pupilKey: header.pupilKey,
            pupil: try await ReadModelStore.pupil(header.pupilKey, on: connection, logger: logger), openedAt: header.openedAt,
            openedBy: details?.openedBy ?? "", meetingCadenceDays: header.meetingCadenceDays,
            nextMeetingAt: try await MeetingStore.nextMeeting(header.caseId, on: connection, logger: logger), team: header.team,
            participants: details?.participants ?? [], concerns: try await ConcernStore.concerns(case: header.caseId, on: connection, logger: logger),
            legalTasks: try await LegalTaskStore.tasks(pupil: header.pupilKey, on: connection, logger: logger),
            timeline: try await CaseStore.timeline(header.caseId, on: connection, logger: logger), closedAt: details?.closedAt,
            evaluation: details?.evaluation)
    }
}

