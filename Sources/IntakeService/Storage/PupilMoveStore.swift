import Foundation
import Logging
import PostgresNIO
import Shared

/// Moves held for the municipality's administrator: a source sent a pupil who is enrolled at a
/// school the source does not serve (with a CPR number it could otherwise take over another school's
/// pupil and that school's records). The pupil stays where they are until an administrator applies
/// the move; a rejected move changes nothing. A newer request from the same source replaces its held one.
struct PupilMoveStore: Sendable {
    let pupils: PupilStore
    let logger: Logger

    enum Decision: String, Sendable { case apply, reject }

    /// What the administrator sees: the schools and the source, never the pupil's name or id.
    struct Move: Codable, Sendable {
        var moveId: String
        var pupilKey: String
        var sourceSystem: String
        var fromSchool: String
        var toSchool: String
        var className: String
        var grade: Int
        var requestedAt: Date
        var status: String
    }

    /// Holds the moves; answers each pupil key's move id.
    func hold(_ moves: [(pupil: Pupil, pupilKey: String, fromSchool: String)], sourceSystem: String,
              on connection: PostgresConnection) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for move in moves {
            let id = TimeOrderedID.string()
            let sealed = ByteBuffer(bytes: try pupils.pseudonymizer.encrypt(sourceID: move.pupil.sourceId))
            let rows = try await connection.query("""
                INSERT INTO pupil_moves (move_id, pupil_key, source_system, from_school, to_school, source_id_encrypted, given_name, family_name,
                                         class_name, grade, enrolled_from, enrolled_to)
                VALUES (\(id), \(move.pupilKey), \(sourceSystem), \(move.fromSchool), \(move.pupil.schoolId), \(sealed), \(move.pupil.givenName),
                        \(move.pupil.familyName), \(move.pupil.className), \(move.pupil.grade), \(move.pupil.enrolledFrom.description)::date,
                        \(move.pupil.enrolledTo?.description)::date)
                ON CONFLICT (pupil_key, source_system) WHERE status = 'held' DO UPDATE SET
                    from_school = EXCLUDED.from_school, to_school = EXCLUDED.to_school, source_id_encrypted = EXCLUDED.source_id_encrypted,
                    given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, class_name = EXCLUDED.class_name,
                    grade = EXCLUDED.grade, enrolled_from = EXCLUDED.enrolled_from, enrolled_to = EXCLUDED.enrolled_to, requested_at = now()
                RETURNING move_id
                """, logger: logger)
            for try await held in rows.decode(String.self) { ids[move.pupilKey] = held }
        }
        return ids
    }

    private static let select = """
        SELECT move_id, pupil_key, source_system, from_school, to_school, class_name, grade, requested_at, status FROM pupil_moves
        """

    private static func move(_ row: PostgresRow) throws -> Move {
        let (id, key, source, from, to, className, grade, requestedAt, status) =
            try row.decode((String, String, String, String, String, String, Int, Date, String).self)
        return Move(moveId: id, pupilKey: key, sourceSystem: source, fromSchool: from, toSchool: to, className: className, grade: grade,
                    requestedAt: requestedAt, status: status)
    }

    func held(on connection: PostgresConnection) async throws -> [Move] {
        var moves: [Move] = []
        for try await row in try await connection.query("\(unescaped: Self.select) WHERE status = 'held' ORDER BY requested_at", logger: logger) {
            moves.append(try Self.move(row))
        }
        return moves
    }

    /// Applies or rejects a held move; nil when there is no held move of that id. Applying upserts the
    /// pupil at the new school (and publishes the directory entry) as the source's own upsert would.
    func decide(_ moveId: String, _ decision: Decision, by staffId: String, on connection: PostgresConnection, now: Date = Date()) async throws -> Move? {
        let rows = try await connection.query("""
            SELECT source_system, to_school, source_id_encrypted, given_name, family_name, class_name, grade, enrolled_from::text, enrolled_to::text
            FROM pupil_moves WHERE move_id = \(moveId) AND status = 'held' FOR UPDATE
            """, logger: logger)
        var found: (source: String, pupil: Pupil)?
        for try await (source, school, sealed, given, family, className, grade, from, to)
            in rows.decode((String, String, ByteBuffer, String, String, String, Int, String, String?).self) {
            guard let enrolledFrom = SchoolDate(from) else { continue }
            let sourceId = try pupils.pseudonymizer.decrypt(Array(buffer: sealed))
            found = (source, Pupil(index: 0, sourceId: sourceId, givenName: given, familyName: family, schoolId: school, className: className,
                                   grade: grade, enrolledFrom: enrolledFrom, enrolledTo: to.flatMap(SchoolDate.init)))
        }
        guard let found else { return nil }
        if decision == .apply {
            let names = try await connection.query("SELECT name FROM schools WHERE school_id = \(found.pupil.schoolId)", logger: logger)
            var schoolNames: [String: String] = [:]
            for try await name in names.decode(String.self) { schoolNames[found.pupil.schoolId] = name }
            try await pupils.upsert([found.pupil], sourceSystem: found.source, schoolNames: schoolNames, on: connection, now: now)
        }
        try await connection.query("""
            UPDATE pupil_moves SET status = \(decision == .apply ? "applied" : "rejected"), decided_by = \(staffId), decided_at = now(),
                source_id_encrypted = '', given_name = '', family_name = ''
            WHERE move_id = \(moveId)
            """, logger: logger)
        var decided: [Move] = []
        for try await row in try await connection.query("\(unescaped: Self.select) WHERE move_id = \(moveId)", logger: logger) {
            decided.append(try Self.move(row))
        }
        return decided.first
    }
}
