import Foundation
import PlanningAPI
import Shared

/// What the pages read that is not Planning's: ScreeningService's pupil profile (a mirror of the
/// fields the chart and the forecast use). Planning's own requests and answers are PlanningAPI's
/// types, the same the routes answer with.
enum WebModels {
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

    /// The meeting form's attendee lines, "name — role" each; a line without a name keeps its empty
    /// name, so that the API names the attendee it refuses.
    static func attendees(fromLines lines: [String]) -> [MeetingAttendee] {
        lines.map { line in
            let parts = line.split(separator: "—", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return MeetingAttendee(name: parts.first ?? "", role: parts.count > 1 ? parts[1] : "", staffId: nil)
        }
    }
}
