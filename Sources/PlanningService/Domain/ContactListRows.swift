import Foundation
import PlanningAPI
import Shared

/// The daily contact list's rows (pure): one per pupil and day of unauthorized absence, with the
/// contacts recorded for it; open until contacted, overdue once the contact's deadline passed.
enum ContactListRows {
    static func rows(_ registrations: [RegisteredAbsenceStore.Stored], contacts: [ParentContact], pupils: [String: Pupil], deadlines: LegalDeadlines,
                     today: SchoolDate) -> [ContactList.Row] {
        struct Key: Hashable { var pupil: String; var date: SchoolDate }
        let contactsByDay = Dictionary(grouping: contacts) { Key(pupil: $0.pupilKey, date: $0.absenceDate) }
        let grouped = Dictionary(grouping: registrations) { Key(pupil: $0.pupilKey, date: $0.date) }
        let rows = grouped.map { key, registrations -> ContactList.Row in
            let contacts = contactsByDay[key] ?? []
            var seen: Set<String> = []
            let periods = registrations.map(\.record.period).sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }.filter { seen.insert($0).inserted }
            return ContactList.Row(
                pupilKey: key.pupil, pupil: pupils[key.pupil], date: key.date,
                unauthorized: min(1, registrations.reduce(0) { $0 + $1.record.dayFraction }), periods: periods,
                firstRecordedAt: registrations.map(\.record.recordedAt).min() ?? Date(timeIntervalSince1970: 0), contacts: contacts,
                contacted: !contacts.isEmpty, overdue: contacts.isEmpty && deadlines.contactDue(absentOn: key.date) < today)
        }
        return rows.sorted {
            ($0.date, $0.pupil?.className ?? "", $0.pupil?.familyName ?? "", $0.pupilKey) < ($1.date, $1.pupil?.className ?? "", $1.pupil?.familyName ?? "", $1.pupilKey)
        }
    }
}
