import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /v1/flag-quality?schoolYear=2026/27&schoolId=`: per rule, what became of the pupils it flagged
/// (docs/planning.md). Figures only, for the municipality's analyst (or a school's, with schoolId).
struct FlagQualityController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("flag-quality") { request, context -> FlagQuality in
            let staff = try context.requireStaff()
            let school = request.uri.queryParameters["schoolId"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            if let school {
                _ = try ControllerSupport.authorize(.viewSchoolFigures, staff, on: .school(school))
            } else {
                _ = try ControllerSupport.authorize(.viewMunicipalityFigures, staff, on: .municipality)
            }
            let year = request.uri.queryParameters["schoolYear"].map(String.init) ?? SchoolDate(Date()).schoolYear
            guard let range = FlagQuality.range(ofSchoolYear: year) else {
                throw ProblemDetails.badRequest("must be a school year like 2026/27", field: "schoolYear")
            }
            return try await support.transaction { connection in
                let rules = try await FlagQualityStore.rules(from: range.from, to: range.to, school: school, on: connection, logger: support.logger)
                return FlagQuality(schoolYear: year, from: range.from, to: range.to, schoolId: school, rules: rules)
            }
        }
    }
}
