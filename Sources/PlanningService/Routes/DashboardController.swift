import Foundation
import Hummingbird
import Shared

/// `GET /v1/dashboard?schoolId=&from=YYYY-MM&to=YYYY-MM`: the figures for one school or (without
/// schoolId) the municipality, month by month. Figures only: no pupil is named or keyed.
struct DashboardController: Sendable {
    let database: Database
    let settings: DashboardFigures.Settings

    struct Figures: ResponseEncodable {
        var schoolId: String?
        var from: String
        var to: String
        var figures: DashboardFigures
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("dashboard") { request, context -> Figures in
            let staff = try context.requireStaff()
            let school = request.uri.queryParameters["schoolId"].map(String.init)
            if let school {
                _ = try Database.authorize(.viewSchoolFigures, staff, on: .school(school))
            } else {
                _ = try Database.authorize(.viewMunicipalityFigures, staff, on: .municipality)
            }
            let today = SchoolDate(Date())
            let to = request.uri.queryParameters["to"].map(String.init) ?? today.monthKey
            let from = request.uri.queryParameters["from"].map(String.init)
                ?? DashboardFigures.month(to, movedBy: -11) ?? to
            for (field, value) in [("to", to), ("from", from)] where DashboardFigures.monthKeys(from: value, to: value) == nil {
                throw ProblemDetails.badRequest("\(field) must be a month YYYY-MM from 2000-01 to 2100-12", field: field)
            }
            guard let months = DashboardFigures.monthKeys(from: from, to: to) else {
                throw ProblemDetails.badRequest("from and to must be months YYYY-MM with from ≤ to", field: "from")
            }
            return try await database.transaction { connection in
                let absence = try await DashboardStore.absence(school: school, months: months, on: connection, logger: database.logger)
                let cases = try await DashboardStore.cases(school: school, on: connection, logger: database.logger)
                return Figures(schoolId: school, from: from, to: to,
                               figures: DashboardFigures.compute(months: months, absence: absence, cases: cases, settings: settings, now: Date()))
            }
        }
    }
}
