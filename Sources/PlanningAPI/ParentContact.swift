import Foundation
import Shared

/// How the school reached (or tried to reach) the parents about a day of unauthorized absence.
public enum ContactMethod: String, Codable, Sendable, CaseIterable {
    case phone
    case sms
    case aula
    case email = "e-mail"
    case meeting
    case letter
    case other
}

/// Step 1: the school contacted the parents about the pupil's unauthorized absence on `absenceDate`.
/// The note is free text about the family: it stays in PlanningService.
public struct ParentContact: Codable, Sendable, Equatable {
    public var contactId: String
    public var pupilKey: String
    public var schoolId: String
    public var absenceDate: SchoolDate
    public var contactedAt: Date
    public var method: ContactMethod
    /// Whether the parents were reached (a message left is a contact made, not reached).
    public var reached: Bool
    public var note: String?
    public var recordedBy: String
    public var recordedByName: String?
    public var recordedAt: Date

    public init(contactId: String, pupilKey: String, schoolId: String, absenceDate: SchoolDate, contactedAt: Date, method: ContactMethod, reached: Bool,
                note: String?, recordedBy: String, recordedByName: String?, recordedAt: Date) {
        self.contactId = contactId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.absenceDate = absenceDate
        self.contactedAt = contactedAt
        self.method = method
        self.reached = reached
        self.note = note
        self.recordedBy = recordedBy
        self.recordedByName = recordedByName
        self.recordedAt = recordedAt
    }
}

/// `POST /v1/schools/{schoolId}/parent-contacts`.
public struct NewParentContact: Codable, Sendable {
    public var pupilKey: String
    public var absenceDate: SchoolDate
    /// Default: now.
    public var contactedAt: Date?
    public var method: ContactMethod
    public var reached: Bool
    public var note: String?

    public init(pupilKey: String, absenceDate: SchoolDate, contactedAt: Date? = nil, method: ContactMethod, reached: Bool, note: String? = nil) {
        self.pupilKey = pupilKey
        self.absenceDate = absenceDate
        self.contactedAt = contactedAt
        self.method = method
        self.reached = reached
        self.note = note
    }
}

/// `GET /v1/schools/{schoolId}/contact-list[?from=&to=&open=]`: the school's daily contact list — per
/// school day the pupils with unauthorized absence registered that day, each with its contacts.
/// A row is open until a contact is recorded; it is overdue once its day is over.
public struct ContactList: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var pupilKey: String
        public var pupil: Pupil?
        public var date: SchoolDate
        /// The unauthorized share of the day that counts now (1 = the whole day).
        public var unauthorized: Double
        /// `day` or the lessons registered unauthorized.
        public var periods: [String]
        public var firstRecordedAt: Date
        public var contacts: [ParentContact]
        public var contacted: Bool
        public var overdue: Bool

        public init(pupilKey: String, pupil: Pupil?, date: SchoolDate, unauthorized: Double, periods: [String], firstRecordedAt: Date,
                    contacts: [ParentContact], contacted: Bool, overdue: Bool) {
            self.pupilKey = pupilKey
            self.pupil = pupil
            self.date = date
            self.unauthorized = unauthorized
            self.periods = periods
            self.firstRecordedAt = firstRecordedAt
            self.contacts = contacts
            self.contacted = contacted
            self.overdue = overdue
        }
    }

    public var schoolId: String
    public var from: SchoolDate
    public var to: SchoolDate
    public var rows: [Row]
    /// Rows without a contact.
    public var open: Int

    public init(schoolId: String, from: SchoolDate, to: SchoolDate, rows: [Row], open: Int) {
        (self.schoolId, self.from, self.to, self.rows, self.open) = (schoolId, from, to, rows, open)
    }
}
