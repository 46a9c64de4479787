import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /v1/dashboard?schoolId=&from=YYYY-MM&to=YYYY-MM`: the figures for one school or (without
/// schoolId) the municipality, month by month; `GET /v1/dashboard/schools?from=&to=`: the
/// dashboard page's table, every school whose figures the caller may see (the municipality's
/// analyst and administrator all, a school leader their own) and those schools together. Figures
/// only: no pupil is named or keyed.
struct DashboardController: Sendable {
    let database: Database
    let settings: DashboardFigures.Settings

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("dashboard") { request, context -> DashboardView in
            let staff = try context.requireStaff()
            let school = request.uri.queryParameters["schoolId"].map(String.init)
            if let school {
                _ = try Database.authorize(.viewSchoolFigures, staff, on: .school(school))
            } else {
                _ = try Database.authorize(.viewMunicipalityFigures, staff, on: .municipality)
            }
            let (from, to, months) = try Self.months(request.uri.queryParameters)
            return try await database.transaction { connection in
                let absence = try await DashboardStore.absence(school: school, months: months, on: connection, logger: database.logger)
                let cases = try await DashboardStore.cases(school: school, on: connection, logger: database.logger)
                return DashboardView(schoolId: school, from: from, to: to,
                                     figures: DashboardFigures.compute(months: months, absence: absence, cases: cases, settings: settings, now: Date()))
            }
        }

        router.get("dashboard/schools") { request, context -> SchoolsDashboard in
            let staff = try context.requireStaff()
            func allowed(_ action: AccessPolicy.Action, _ resource: AccessPolicy.Resource) -> Bool {
                if case .allow = AccessPolicy.decide(action, by: staff, on: resource) { return true }
                return false
            }
            let municipal = allowed(.viewMunicipalityFigures, .municipality)
            let (postgres, logger) = (database.postgres, database.logger)
            let schools = try await DashboardStore.schools(postgres, logger: logger).filter { municipal || allowed(.viewSchoolFigures, .school($0.schoolId)) }
            // A school leader whose school has no pupils yet sees an empty table; a role without figures is refused.
            guard municipal || !schools.isEmpty || staff.schoolIds.contains(where: { allowed(.viewSchoolFigures, .school($0)) }) else {
                throw ProblemDetails.forbidden("view-school-figures is not allowed at any school for this person's roles")
            }
            let (from, to, months) = try Self.months(request.uri.queryParameters)
            async let counts = DashboardStore.monthCounts(months, concerningThreshold: settings.concerningThreshold, postgres, logger: logger)
            async let quarters = DashboardStore.quarterCounts(months, unauthorizedThreshold: settings.unauthorizedQuarterThreshold, postgres, logger: logger)
            async let cases = DashboardStore.caseFacts(postgres, logger: logger)
            let (monthCounts, quarterCounts, caseFacts) = (try await counts, try await quarters, try await cases)
            func figures(_ include: (String) -> Bool) -> SchoolFigures {
                SchoolFigures.compute(months: months, counts: monthCounts, quarters: quarterCounts, cases: caseFacts,
                                      targetReduction: settings.targetReduction, include: include)
            }
            let listed = Set(schools.map(\.schoolId))
            return SchoolsDashboard(
                from: from, to: to, targetReduction: settings.targetReduction, overall: figures { listed.contains($0) }.apiMonths,
                schools: schools.map { school in
                    let mine = figures { $0 == school.schoolId }
                    return SchoolsDashboard.School(
                        schoolId: school.schoolId, schoolName: school.name, months: mine.apiMonths, latestPupils: mine.latestPupils,
                        latestQuarter: mine.latestQuarter.map { .init(quarter: $0.quarter, pupils: $0.pupils, pupilsUnauthorizedAtLeast15: $0.unauthorized) },
                        openCases: mine.openCases, medianDaysConcernToCase: mine.medianDaysConcernToCase, improvedShare: mine.improvedShare)
                })
        }
    }

    /// The months of `from`–`to` (default: the twelve months to this one); a bad month is a 400 naming its parameter.
    static func months(_ parameters: Parameters) throws -> (from: String, to: String, months: [String]) {
        let to = parameters["to"].map(String.init) ?? SchoolDate(Date()).monthKey
        let from = parameters["from"].map(String.init) ?? DashboardFigures.month(to, movedBy: -11) ?? to
        for (field, value) in [("to", to), ("from", from)] where DashboardFigures.monthKeys(from: value, to: value) == nil {
            throw ProblemDetails.badRequest("\(field) must be a month YYYY-MM from 2000-01 to 2100-12", field: field)
        }
        guard let months = DashboardFigures.monthKeys(from: from, to: to) else {
            throw ProblemDetails.badRequest("from and to must be months YYYY-MM with from ≤ to", field: "from")
        }
        return (from, to, months)
    }
}
