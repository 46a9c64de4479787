import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /v1/dashboard?schoolId=&from=YYYY-MM&to=YYYY-MM`: the figures for one school or (without
/// schoolId) the municipality; `GET /v1/dashboard/schools?from=&to=`: the dashboard page, every school
/// whose figures the caller may see (the municipality's analyst and administrator all, a school
/// leader their own) and those schools together. Figures only: no pupil is named or keyed.
struct DashboardController: Sendable {
    let support: ControllerSupport
    let dashboard: ReadDashboard

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("dashboard") { request, context -> DashboardView in
            let staff = try context.requireStaff()
            let school = request.uri.queryParameters["schoolId"].map(String.init)
            if let school {
                _ = try ControllerSupport.authorize(.viewSchoolFigures, staff, on: .school(school))
            } else {
                _ = try ControllerSupport.authorize(.viewMunicipalityFigures, staff, on: .municipality)
            }
            let (from, to, months, targets) = try await months(request.uri.queryParameters)
            return dashboard.one(school: school, from: from, to: to, counted: try await dashboard.count(months, targets: targets))
        }

        router.get("dashboard/schools") { request, context -> SchoolsDashboard in
            let staff = try context.requireStaff()
            func allowed(_ action: AccessPolicy.Action, _ resource: AccessPolicy.Resource) -> Bool {
                if case .allow = AccessPolicy.decide(action, by: staff, on: resource) { return true }
                return false
            }
            let municipal = allowed(.viewMunicipalityFigures, .municipality)
            let schools = try await DashboardStore.schools(support.postgres, logger: support.logger)
                .filter { municipal || allowed(.viewSchoolFigures, .school($0.schoolId)) }
            // A school leader whose school has no pupils yet sees an empty table; a role without figures is refused.
            guard !schools.isEmpty || AccessPolicy.seesFigures(staff) else {
                throw ProblemDetails.forbidden("view-school-figures is not allowed at any school for this person's roles")
            }
            let (from, to, months, targets) = try await months(request.uri.queryParameters)
            return dashboard.schools(schools, from: from, to: to, counted: try await dashboard.count(months, targets: targets))
        }
    }

    /// The months of `from`–`to` (default: `ReadDashboard.defaultFrom` to this month) and the targets
    /// in force; a bad month is a 400 naming its parameter, before anything is read.
    func months(_ parameters: Parameters) async throws -> (from: String, to: String, months: [String], targets: DashboardTargets) {
        let to = parameters["to"].map(String.init) ?? SchoolDate(Date()).monthKey
        let given = parameters["from"].map(String.init)
        for (field, value) in [("to", to), ("from", given ?? to)] where MonthKeys.range(from: value, to: value) == nil {
            throw ProblemDetails.badRequest("\(field) must be a month YYYY-MM from 2000-01 to 2100-12", field: field)
        }
        let targets = try await dashboard.targets()
        let from = given ?? ReadDashboard.defaultFrom(to: to, targets: targets)
        guard let months = MonthKeys.range(from: from, to: to) else {
            throw ProblemDetails.badRequest("from and to must be months YYYY-MM with from ≤ to", field: "from")
        }
        return (from, to, months, targets)
    }
}
