import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The legal track's figures for the dashboard: per quarter, each step due, done, within its
/// deadline and overdue. Figures only.
extension LegalTrack {
    func figures(school: String?, from: String?, to: String?, by staff: StaffPrincipal, now: Date = Date()) async throws -> LegalTrackFigures {
        if let school {
            _ = try ControllerSupport.authorize(.viewLegalFigures, staff, on: .school(school))
        } else {
            _ = try ControllerSupport.authorize(.viewLegalFigures, staff, on: .municipality)
        }
        let today = SchoolDate(now)
        let last = try to.map { try Self.quarter($0, field: "to") } ?? Quarter(today)
        let first = try from.map { try Self.quarter($0, field: "from") } ?? Quarter(today.adding(days: -275))
        guard let quarters = Quarter.range(first, last) else {
            throw ProblemDetails.badRequest("from must not be after to, and at most 40 quarters apart", field: "from")
        }
        let periods = quarters.map(\.key)
        return try await support.transaction { connection in
            let contactDays = try await LegalFiguresStore.contactDays(school: school, from: first.first, to: last.last, on: connection, logger: logger)
            let tasks = try await LegalFiguresStore.tasks(school: school, periods: periods, on: connection, logger: logger)
            let headers = try await LegalFiguresStore.underretninger(school: school, periods: periods, on: connection, logger: logger)
            let records = try await UnderretningStore.progressRecords(headers, on: connection, logger: logger)
            let quartersOut = LegalFiguresComputation.compute(quarters: quarters, contactDays: contactDays, tasks: tasks,
                                                              underretninger: zip(headers, records).map { ($0.period, $1) },
                                                              deadlines: deadlines, today: today)
            return LegalTrackFigures(schoolId: school, from: first.key, to: last.key, quarters: quartersOut)
        }
    }

    static func quarter(_ text: String, field: String) throws -> Quarter {
        guard let quarter = Quarter(text) else { throw ProblemDetails.badRequest("\(field) must be a quarter YYYY-Qn from 2000-Q1 to 2100-Q4", field: field) }
        return quarter
    }
}
