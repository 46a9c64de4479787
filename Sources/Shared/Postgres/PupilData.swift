import Foundation
import Logging
import PostgresNIO

/// Everything a service holds about one pupil, as SQL over its own schema: what the data protection
/// officer exports (GDPR art. 15) and what an erasure deletes (art. 17). Each part names a table
/// and the rows of the pupil; `$1` is the pupil key. Parts are exported in order and deleted in
/// reverse order, so child rows go before the rows they hang on. The SQL is ours, never input.
public struct PupilData: Sendable {
    public struct Part: Sendable {
        public var name: String
        /// `SELECT … WHERE …` of the pupil's rows, `$1` the pupil key.
        public var select: String
        /// `DELETE …` of the same rows.
        public var delete: String

        public init(name: String, select: String, delete: String) {
            self.name = name
            self.select = select
            self.delete = delete
        }

        /// A table with a `pupil_key` column.
        public static func byPupilKey(_ table: String) -> Part {
            Part(name: table, select: "SELECT * FROM \(table) WHERE pupil_key = $1", delete: "DELETE FROM \(table) WHERE pupil_key = $1")
        }
    }

    public var service: String
    public var parts: [Part]

    public init(service: String, parts: [Part]) {
        self.service = service
        self.parts = parts
    }

    /// The pupil's rows, part by part, as JSON arrays (PostgreSQL's `to_jsonb` of each row).
    public func export(_ pupilKey: String, on connection: PostgresConnection, logger: Logger) async throws -> [(name: String, json: String)] {
        var result: [(String, String)] = []
        for part in parts {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb)::text FROM (\(part.select)) t", binds: Self.binds(pupilKey)),
                logger: logger)
            for try await json in rows.decode(String.self) { result.append((part.name, json)) }
        }
        return result
    }

    /// Deletes the pupil's rows; returns how many per part.
    @discardableResult
    public func erase(_ pupilKey: String, on connection: PostgresConnection, logger: Logger) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for part in parts.reversed() {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "WITH gone AS (\(part.delete) RETURNING 1) SELECT count(*)::int FROM gone", binds: Self.binds(pupilKey)),
                logger: logger)
            for try await count in rows.decode(Int.self) { counts[part.name] = count }
        }
        return counts
    }

    private static func binds(_ pupilKey: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(pupilKey)
        return binds
    }
}
