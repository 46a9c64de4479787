import Foundation
import PlanningAPI
import Shared

/// A pupil's registered days from the kept registrations: per date, every registration oldest first
/// and the unauthorized share that counts now (the current registrations' fractions, at most a day).
/// Only days with an absence in their history are listed.
enum RegistrationHistory {
    static func days(_ registrations: [RegisteredAbsenceStore.Stored]) -> [RegisteredDay] {
        let byDate = Dictionary(grouping: registrations, by: \.date)
        return byDate.keys.sorted().compactMap { date in
            let records = (byDate[date] ?? []).map(\.record).sorted { ($0.receivedAt, $0.recordedAt) < ($1.receivedAt, $1.recordedAt) }
            guard records.contains(where: { $0.status == AttendanceStatus.absent.rawValue }) else { return nil }
            let unauthorized = records.filter { $0.current && $0.status == AttendanceStatus.absent.rawValue && $0.absenceCategory == AbsenceCategory.unauthorized.rawValue }
                .reduce(0) { $0 + $1.dayFraction }
            return RegisteredDay(date: date, unauthorized: min(1, unauthorized), history: records)
        }
    }

    /// The days with a registration received after `moment` (corrections since an underretning), whole.
    static func changed(_ days: [RegisteredDay], since moment: Date) -> [RegisteredDay] {
        days.filter { day in day.history.contains { $0.receivedAt > moment } }
    }

    /// The unauthorized days that count now.
    static func unauthorizedDays(_ days: [RegisteredDay]) -> Double { days.reduce(0) { $0 + $1.unauthorized } }
}
