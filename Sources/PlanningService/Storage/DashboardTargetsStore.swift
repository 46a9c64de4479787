import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The municipality's dashboard targets, every version kept with who set it and when; the newest is
/// in force, `DashboardTargets.standard` (version 0) until the first is set. No pupil data.
enum DashboardTargetsStore {
    static func current(on connection: PostgresConnection, logger: Logger) async throws -> DashboardTargets {
        try await current(connection.query(select, logger: logger))
    }

    static func current(_ postgres: PostgresClient, logger: Logger) async throws -> DashboardTargets {
        try await current(postgres.query(select, logger: logger))
    }

    /// Saves `change` as the version after `version`; a second save of the same version at the same
    /// moment fails on the primary key (409).
    static func save(_ change: DashboardTargetsChange, after version: Int, by staffId: String, at time: Date,
                     on connection: PostgresConnection, logger: Logger) async throws -> DashboardTargets {
        try await connection.query("""
            INSERT INTO dashboard_targets (version, baseline_from, baseline_to, problematic_reduction, underretning_reduction, set_by, set_at)
            VALUES (\(version + 1), \(change.baselineFrom), \(change.baselineTo), \(change.problematicReduction), \(change.underretningReduction),
                    \(staffId), \(time))
            """, logger: logger)
        return DashboardTargets(version: version + 1, baselineFrom: change.baselineFrom, baselineTo: change.baselineTo,
                                problematicReduction: change.problematicReduction, underretningReduction: change.underretningReduction,
                                setBy: staffId, setAt: time)
    }

    private static let select: PostgresQuery = """
        SELECT version, baseline_from, baseline_to, problematic_reduction, underretning_reduction, set_by, set_at
        FROM dashboard_targets ORDER BY version DESC LIMIT 1
        """

    private static func current(_ rows: PostgresRowSequence) async throws -> DashboardTargets {
        try await rows.collect {
            DashboardTargets(version: try $0("version"), baselineFrom: try $0("baseline_from"), baselineTo: try $0("baseline_to"),
                             problematicReduction: try $0("problematic_reduction"), underretningReduction: try $0("underretning_reduction"),
                             setBy: try $0("set_by"), setAt: try $0("set_at"))
        }.first ?? .standard
    }
}
