import Logging
import PostgresNIO

/// The municipality's schools as the pupil directory names them (ids and names only, no pupil), for
/// the dashboard's table of schools.
struct SchoolDirectory: Sendable {
    struct School: Sendable { var schoolId: String; var name: String }

    let postgres: PostgresClient
    let logger: Logger

    func schools() async throws -> [School] {
        try await postgres.query("SELECT school_id, min(school_name) AS name FROM pupils GROUP BY school_id ORDER BY school_id", logger: logger)
            .collect { School(schoolId: try $0("school_id"), name: try $0("name")) }
    }
}
