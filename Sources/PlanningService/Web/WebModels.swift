import Foundation
import Shared

/// What the pages read from and send to the APIs: the API's own Codable types where they are
/// Codable, and mirrors of the answers that are only Encodable there.
enum WebModels {
    struct PupilOverview: Decodable, Sendable {
        var pupil: ReadModelStore.Pupil
        var absence: AbsenceSummary?
        var concerns: [ConcernStore.Concern]
        var legalTasks: [LegalTaskStore.Task]
        var caseIds: [String]
        var openCaseId: String?
    }

    struct LegalTasks: Decodable, Sendable {
        var schoolId: String
        var tasks: [LegalTaskStore.Task]
    }

    struct Cases: Decodable, Sendable {
        var cases: [CaseStore.Summary]
    }

    /// `GET /v1/cases/{id}` as the API answers it.
    typealias Case = CaseView

    struct Meetings: Decodable, Sendable {
        var meetings: [MeetingStore.Meeting]
    }

    struct Catalogue: Decodable, Sendable {
        var actions: [CatalogueEntry]
    }

    struct Dashboard: Decodable, Sendable {
        var schoolId: String?
        var from: String
        var to: String
        var figures: DashboardFigures
    }

    /// ScreeningService's `GET /v1/pupils/{pupilKey}/absence` (the fields the chart uses).
    struct AbsenceProfile: Decodable, Sendable {
        struct Day: Decodable, Sendable {
            var date: SchoolDate
            var illness: Double
            var authorized: Double
            var unauthorized: Double
            var late: Bool
        }
        /// Screening's `QuarterForecast`.
        struct Forecast: Decodable, Sendable {
            var quarter: String
            var quarterSchoolDays: Int
            var unauthorizedDays: Double
            var warningDays: Double
            var reportDays: Double
            var warningReached: Bool
            var reportReached: Bool
            var reachesWarningOn: SchoolDate?
            var reachesReportOn: SchoolDate?
            var cannotStayUnderReport: Bool
        }
        var days: [Day]
        var forecast: Forecast?
    }

    // Requests.

    struct StaffReport: Encodable, Sendable {
        var pupilKey: String
        var category: String
        var description: String
    }

    struct Triage: Encodable, Sendable {
        var decision: String
        var reason: String?
        var reviewDate: SchoolDate?
        var team: [CaseTeam.Member]?
        var meetingCadenceDays: Int?
    }

    /// `GET /v1/schools/{id}/opsporing-meeting` as the API answers it.
    typealias Agenda = OpsporingMeetingController.AgendaView

    /// One pupil's decision in `POST /v1/schools/{id}/opsporing-meetings`.
    struct MeetingDecision: Encodable, Sendable {
        var pupilKey: String
        var decision: String
        var reason: String?
        var reviewDate: SchoolDate?
        var team: [CaseTeam.Member]?
    }

    struct MeetingHeld: Encodable, Sendable {
        var decisions: [MeetingDecision]
    }

    /// `POST /v1/pupils/{key}/cases`: a case without a concern.
    struct CaseOpening: Encodable, Sendable {
        var reason: String
        var team: [CaseTeam.Member]
        var meetingCadenceDays: Int?
    }

    struct Triaged: Decodable, Sendable {
        var caseId: String?
        var caseCreated: Bool
    }

    struct CaseChange: Encodable, Sendable {
        var status: CaseStatus?
        var meetingCadenceDays: Int?
        var team: [CaseTeam.Member]?
        var participants: [CaseTeam.Participant]?
    }

    struct Close: Encodable, Sendable {
        var transferred: Bool?
        var wellbeingAfter: Int?
        var note: String?
    }

    struct NewMeeting: Encodable, Sendable {
        var heldAt: Date
        var attendees: [MeetingStore.Attendee]
        var decisions: [String]
        var nextMeetingAt: Date?
    }

    struct Completion: Encodable, Sendable {
        var note: String?
    }

    /// The meeting form's attendee lines, "name — role" each; a line without a name keeps its empty
    /// name, so that the API names the attendee it refuses.
    static func attendees(fromLines lines: [String]) -> [MeetingStore.Attendee] {
        lines.map { line in
            let parts = line.split(separator: "—", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return MeetingStore.Attendee(name: parts.first ?? "", role: parts.count > 1 ? parts[1] : "", staffId: nil)
        }
    }
}
