import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Step 1's records: the school's contacts with the parents about a day of unauthorized absence.
enum ParentContactStore {
    static func insert(_ contact: ParentContact, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO parent_contacts (contact_id, pupil_key, school_id, absence_date, contacted_at, method, reached, note, recorded_by,
                                         recorded_by_name, recorded_at)
            VALUES (\(contact.contactId), \(contact.pupilKey), \(contact.schoolId), \(contact.absenceDate.description)::date, \(contact.contactedAt),
                    \(contact.method.rawValue), \(contact.reached), \(contact.note), \(contact.recordedBy), \(contact.recordedByName), \(contact.recordedAt))
            """, logger: logger)
    }

    private static let select = """
        SELECT contact_id, pupil_key, school_id, absence_date::text AS absence_date, contacted_at, method, reached, note, recorded_by,
               recorded_by_name, recorded_at
        FROM parent_contacts
        """

    private static func contact(_ row: Columns) throws -> ParentContact {
        ParentContact(contactId: try row("contact_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"),
                      absenceDate: try row.date("absence_date") ?? SchoolDate(dayNumber: 0), contactedAt: try row("contacted_at"),
                      method: ContactMethod(rawValue: try row("method")) ?? .other, reached: try row("reached"), note: try row("note"),
                      recordedBy: try row("recorded_by"), recordedByName: try row("recorded_by_name"), recordedAt: try row("recorded_at"))
    }

    static func contacts(school: String, from: SchoolDate, to: SchoolDate, on connection: PostgresConnection, logger: Logger) async throws -> [ParentContact] {
        try await connection.query("""
            \(unescaped: select) WHERE school_id = \(school) AND absence_date BETWEEN \(from.description)::date AND \(to.description)::date
            ORDER BY contacted_at
            """, logger: logger).collect(contact)
    }

    static func contacts(pupil: String, from: SchoolDate, to: SchoolDate, on connection: PostgresConnection, logger: Logger) async throws -> [ParentContact] {
        try await connection.query("""
            \(unescaped: select) WHERE pupil_key = \(pupil) AND absence_date BETWEEN \(from.description)::date AND \(to.description)::date
            ORDER BY contacted_at
            """, logger: logger).collect(contact)
    }
}
