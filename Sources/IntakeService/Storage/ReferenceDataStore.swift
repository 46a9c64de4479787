import Foundation
import Logging
import PostgresNIO
import Shared

/// What the ingest checks a batch against: schools and their names, school days, lessons per day,
/// where pupils are enrolled and which schools each source serves.
struct ReferenceDataStore: Sendable {
    let sources: SourceStore
    let logger: Logger

    /// The school of each pupil whose enrolment has not ended.
    func enrolledSchools(_ keys: [String], on connection: PostgresConnection) async throws -> [String: String] {
        let rows = try await connection.query("""
            SELECT pupil_key, school_id FROM pupils WHERE pupil_key = ANY(\(keys)) AND (enrolled_to IS NULL OR enrolled_to >= current_date)
            """, logger: logger)
        var schools: [String: String] = [:]
        for try await (key, school) in rows.decode((String, String).self) { schools[key] = school }
        return schools
    }

    func schoolNames(_ schools: [String], on connection: PostgresConnection) async throws -> [String: String] {
        let rows = try await connection.query("SELECT school_id, name FROM schools WHERE school_id = ANY(\(schools))", logger: logger)
        var names: [String: String] = [:]
        for try await (id, name) in rows.decode((String, String).self) { names[id] = name }
        return names
    }

    func referenceData(for registrations: [(Registration, String)], source: Source?, newPupils: [String: String],
                               on connection: PostgresConnection) async throws -> ReferenceData {
        let schools = Array(Set(registrations.map(\.0.schoolId)))
        let dates = Array(Set(registrations.map(\.0.date.description)))
        let keys = Array(Set(registrations.map(\.1)))
        var data = ReferenceData(allowedSchools: [:], lessonsPerDay: [:], schoolDays: [], pupilSchools: newPupils)
        if let source {
            data.allowedSchools[source.sourceSystem] = source.schools
        } else {
            data.allowedSchools = try await sources.sources(named: Array(Set(registrations.map(\.0.sourceSystem))), on: connection)
        }
        guard !registrations.isEmpty else { return data }
        let schoolRows = try await connection.query(
            "SELECT school_id, lessons_per_day FROM schools WHERE school_id = ANY(\(schools))", logger: logger)
        for try await (id, lessons) in schoolRows.decode((String, Int).self) { data.lessonsPerDay[id] = lessons }
        let dayRows = try await connection.query("""
            SELECT school_id, to_char(date, 'YYYY-MM-DD') FROM school_days
            WHERE school_id = ANY(\(schools)) AND date = ANY(\(dates)::date[])
            """, logger: logger)
        for try await (id, date) in dayRows.decode((String, String).self) {
            if let day = SchoolDate(date) { data.schoolDays.insert(.init(schoolId: id, date: day)) }
        }
        let pupilRows = try await connection.query("SELECT pupil_key, school_id FROM pupils WHERE pupil_key = ANY(\(keys))", logger: logger)
        for try await (key, school) in pupilRows.decode((String, String).self) where newPupils[key] == nil { data.pupilSchools[key] = school }
        return data
    }
}
