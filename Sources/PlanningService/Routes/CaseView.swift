import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Shared

/// A case as staff see it: the pupil, status, team and participants, the concerns it was opened on,
/// the pupil's legal tasks, the next meeting, the timeline and, once closed, the evaluation.
struct CaseView: ResponseEncodable, Decodable, Sendable {
    var caseId: String
    var status: CaseStatus
    var version: Int
    var schoolId: String
    var pupilKey: String
    var pupil: ReadModelStore.Pupil?
    var openedAt: Date
    var openedBy: String
    var meetingCadenceDays: Int?
    var nextMeetingAt: Date?
    var team: [CaseTeam.Member]
    var participants: [CaseTeam.Participant]
    var concerns: [ConcernStore.Concern]
    var legalTasks: [LegalTaskStore.Task]
    var timeline: [CaseStore.TimelineEntry]
    var closedAt: Date?
    var evaluation: CaseEvaluationRecord?

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

extension ConcernStore.Concern: ResponseEncodable {}
extension LegalTaskStore.Task: ResponseEncodable {}
