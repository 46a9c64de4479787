import Foundation
import Shared

/// The rhythm of a case's meetings: the next one `everyDays` after the last, moved off the
/// weekend to the Monday after, at the same time of day.
struct MeetingCadence: Sendable, Equatable {
    var everyDays: Int

    /// nil when the meeting or the next one would fall outside `SchoolDate.acceptedYears`.
    func nextMeeting(after held: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SchoolDate.copenhagen
        guard SchoolDate.accepts(held), var next = calendar.date(byAdding: .day, value: everyDays, to: held) else { return nil }
        while SchoolDate(next).isWeekend {
            guard let monday = calendar.date(byAdding: .day, value: 1, to: next) else { return nil }
            next = monday
        }
        return SchoolDate.accepts(next) ? next : nil
    }
}
