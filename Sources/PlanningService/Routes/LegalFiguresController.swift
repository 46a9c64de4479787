import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /v1/legal-track/figures[?schoolId=&from=YYYY-Qn&to=YYYY-Qn]`: the legal track's figures per
/// quarter (default the last four quarters); a school's for its leader, all for the municipality's
/// analyst, administrator and case workers. Figures only.
struct LegalFiguresController: Sendable {
    let track: LegalTrack

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("legal-track/figures") { request, context -> LegalTrackFigures in
            let query = request.uri.queryParameters
            return try await track.figures(school: query["schoolId"].map(String.init), from: query["from"].map(String.init),
                                           to: query["to"].map(String.init), by: try context.requireStaff())
        }
    }
}
