import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Step 1: the school's daily contact list and the contacts recorded on it.
extension LegalTrack {
    /// At most this many days in one list.
    static let maximumContactDays = 62

    func contactList(school: String, from: SchoolDate, to: SchoolDate, openOnly: Bool, by staff: StaffPrincipal, now: Date = Date()) async throws -> ContactList {
        let role = try ControllerSupport.authorize(.contactParents, staff, on: .school(school))
        return try await support.transaction { connection in
            let registrations = try await RegisteredAbsenceStore.currentUnauthorized(school: school, from: from, to: to, on: connection, logger: logger)
            let contacts = try await ParentContactStore.contacts(school: school, from: from, to: to, on: connection, logger: logger)
            let pupils = try await ReadModelStore.pupils(Array(Set(registrations.map(\.pupilKey))), on: connection, logger: logger)
            var rows = ContactListRows.rows(registrations, contacts: contacts, pupils: pupils, deadlines: deadlines, today: SchoolDate(now))
            let open = rows.filter { !$0.contacted }.count
            if openOnly { rows = rows.filter { !$0.contacted } }
            try await AuditLog.record(staff, role: role, action: "read-contact-list", pupils: Array(Set(rows.map(\.pupilKey))).sorted(), schoolId: school,
                                      on: connection, logger: logger)
            return ContactList(schoolId: school, from: from, to: to, rows: rows, open: open)
        }
    }

    func recordContact(school: String, _ input: NewParentContact, by staff: StaffPrincipal, now: Date = Date()) async throws -> ParentContact {
        let role = try ControllerSupport.authorize(.contactParents, staff, on: .school(school))
        var problems = InputProblems()
        LegalInput.freeText(input.note, "note", max: 2000, required: false, into: &problems)
        LegalInput.moment(input.contactedAt, "contactedAt", now: now, into: &problems)
        problems.require(input.absenceDate <= SchoolDate(now), "absenceDate", "\(input.absenceDate) is in the future")
        if let contactedAt = input.contactedAt {
            problems.require(SchoolDate(contactedAt) >= input.absenceDate.adding(days: -1), "contactedAt", "is before the day of the absence")
        }
        try problems.throwIfAny("The contact is not valid")
        return try await support.transaction { connection in
            // A contact is about a day the pupil was registered with unauthorized absence at this school.
            let day = try await RegisteredAbsenceStore.currentUnauthorized(school: school, from: input.absenceDate, to: input.absenceDate, on: connection,
                                                                             logger: logger).filter { $0.pupilKey == input.pupilKey }
            guard !day.isEmpty else {
                throw ProblemDetails.invalid("absenceDate", "the pupil has no unauthorized absence registered at '\(school)' on \(input.absenceDate)")
            }
            let contact = ParentContact(contactId: TimeOrderedID.string(), pupilKey: input.pupilKey, schoolId: school, absenceDate: input.absenceDate,
                                        contactedAt: input.contactedAt ?? now, method: input.method, reached: input.reached,
                                        note: InputProblems.nonBlank(input.note) ? input.note : nil, recordedBy: staff.staffId,
                                        recordedByName: staff.name.isEmpty ? nil : staff.name, recordedAt: now)
            try await ParentContactStore.insert(contact, on: connection, logger: logger)
            try await LegalTimelineStore.add(pupil: input.pupilKey, school: school, period: Quarter(input.absenceDate).key, underretning: nil,
                                             step: .contactParents, summary: "parents contacted (\(input.method.rawValue)) about \(input.absenceDate)",
                                             by: staff.staffId, on: connection, logger: logger)
            try await audit(staff, role: role, "record-parent-contact", pupil: input.pupilKey, school: school, on: connection)
            return contact
        }
    }
}
