import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Opens a case on concerns — or adds them to the pupil's open case — and marks them as on the
/// case: the one path behind a concern's triage and a pupil's (`ConcernsController`, `PupilInboxController`).
/// A new case's team must be known staff members (`StaffDirectoryStore.requireKnown`).
enum CaseOpening {
    /// `concerns` are the pupil's, the first the one the case is opened on; answers the case and whether it is new.
    static func openOrJoin(_ concerns: [Concern], team: [CaseTeam.Member], meetingCadenceDays: Int?, reason: String?,
                           by staffId: String, on connection: PostgresConnection, logger: Logger) async throws -> (caseId: String, created: Bool) {
        guard let first = concerns.first else { throw ProblemDetails.conflict("there is no open concern to open a case on") }
        let caseId: String
        let created: Bool
        if let open = try await CaseStore.openCase(pupil: first.pupilKey, on: connection, logger: logger) {
            for concern in concerns {
                try await CaseStore.link(caseId: open, concern: concern.concernId, on: connection, logger: logger)
                try await CaseStore.addTimeline(open, by: staffId, kind: "concern-added", summary: "concern \(concern.rule) added to the case",
                                                on: connection, logger: logger)
            }
            (caseId, created) = (open, false)
        } else {
            try await StaffDirectoryStore.requireKnown(team, current: [], on: connection, logger: logger)
            let newId = TimeOrderedID.string()
            try await CaseStore.open(caseId: newId, pupilKey: first.pupilKey, schoolId: first.schoolId, concernId: first.concernId, team: team,
                                     meetingCadenceDays: meetingCadenceDays, by: staffId, at: Date(), on: connection, logger: logger)
            for concern in concerns.dropFirst() {
                try await CaseStore.link(caseId: newId, concern: concern.concernId, on: connection, logger: logger)
            }
            try await CaseStore.addTimeline(newId, by: staffId, kind: "opened", summary: "case opened on concern \(first.rule)",
                                            on: connection, logger: logger)
            let header = try await CaseStore.header(newId, forUpdate: false, on: connection, logger: logger)!
            try await CaseEvents.opened(header, concernIds: concerns.map(\.concernId), on: connection, logger: logger)
            (caseId, created) = (newId, true)
        }
        for concern in concerns {
            try await ConcernStore.triage(concern.concernId, to: .case, reason: reason, reviewDate: nil, caseId: caseId, by: staffId,
                                          on: connection, logger: logger)
        }
        return (caseId, created)
    }

    /// A case opened from the pupil's page on no concern (a worry the team already shares, a pupil
    /// moving in with a case elsewhere); the reason goes on the timeline. The caller has checked that
    /// the pupil has no open case and no open findings (those are decided on in the inbox).
    static func openWithoutConcern(pupilKey: String, schoolId: String, team: [CaseTeam.Member], meetingCadenceDays: Int?, reason: String,
                                   by staffId: String, on connection: PostgresConnection, logger: Logger) async throws -> String {
        try await StaffDirectoryStore.requireKnown(team, current: [], on: connection, logger: logger)
        let caseId = TimeOrderedID.string()
        try await CaseStore.open(caseId: caseId, pupilKey: pupilKey, schoolId: schoolId, concernId: nil, team: team,
                                 meetingCadenceDays: meetingCadenceDays, by: staffId, at: Date(), on: connection, logger: logger)
        try await CaseStore.addTimeline(caseId, by: staffId, kind: "opened", summary: "case opened from the pupil's page without a concern: \(reason)",
                                        on: connection, logger: logger)
        guard let header = try await CaseStore.header(caseId, forUpdate: false, on: connection, logger: logger) else {
            throw ProblemDetails.notFound("no case '\(caseId)'")
        }
        try await CaseEvents.opened(header, concernIds: [], on: connection, logger: logger)
        return caseId
    }
}
