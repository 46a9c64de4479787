import Foundation
import PlanningAPI
import Shared

/// The agenda of a school's opsporingsteam meeting (held every 4–8 weeks): from the inbox's rows,
/// the pupils new since the last meeting, the watched pupils whose review date has come by the
/// meeting, and the pupils at or above a tier that have no decision yet. Each pupil once, in the
/// first section that holds it, in the inbox's order of attention. Pure.
enum OpsporingAgenda {
    typealias Section = OpsporingSection

    struct Item: Sendable, Equatable {
        var section: Section
        var row: PupilInbox.Row
    }

    /// - Parameters:
    ///   - lastMeeting: when the school's last meeting was held; without one, every open finding is new.
    ///   - meetingDay: the day of the meeting: a review date on or before it is due.
    ///   - threshold: the least urgent tier that must have a decision (default concerning: not rising or patterns).
    static func items(_ rows: [PupilInbox.Row], lastMeeting: Date?, meetingDay: SchoolDate, threshold: InboxTier = .concerning) -> [Item] {
        var items: [Item] = []
        for row in rows.sorted(by: PupilInbox.inOrder) {
            if row.state == .dismissed || row.state == .case && row.returned == nil { continue }
            let isNew = row.decision == nil && row.findings.contains { finding in lastMeeting.map { finding.raisedAt > $0 } ?? true }
            let due = row.returned == .reviewDue || (row.state == .watching || row.state == .contacting)
                && (row.decision?.reviewDate.map { $0 <= meetingDay } ?? false)
            let undecided = row.state == .new && row.decision == nil && row.tier <= threshold
            if isNew, row.state == .new {
                items.append(Item(section: .newSinceLastMeeting, row: row))
            } else if due || row.returned != nil {
                items.append(Item(section: .reviewDue, row: row))
            } else if undecided {
                items.append(Item(section: .undecided, row: row))
            }
        }
        return items
    }
}
