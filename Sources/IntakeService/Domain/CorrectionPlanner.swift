import Foundation
import Shared

/// Decides, for new registrations, which is a first registration, which corrects the current one
/// for the same pupil, date and period (the later `recordedAt` wins), and which is stale (older than
/// what is current: kept, not published). Pure; registrations are taken in batch order.
enum CorrectionPlanner {
    struct Slot: Hashable, Sendable {
        var pupilKey: String
        var date: SchoolDate
        var period: String
    }

    struct Current: Sendable, Equatable {
        var registrationId: String
        var recordedAt: Date
    }

    enum Outcome: Sendable, Equatable {
        case first
        case correction(replaces: String)
        case stale
    }

    struct Candidate: Sendable {
        var registrationId: String
        var slot: Slot
        var recordedAt: Date
    }

    /// - Returns: the outcome of each candidate (same order) and the slots' new current values.
    static func plan(_ candidates: [Candidate], current: [Slot: Current]) -> (outcomes: [Outcome], current: [Slot: Current]) {
        var current = current
        var updated: [Slot: Current] = [:]
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(candidates.count)
        for candidate in candidates {
            let incoming = Current(registrationId: candidate.registrationId, recordedAt: candidate.recordedAt)
            if let existing = current[candidate.slot] {
                if candidate.recordedAt >= existing.recordedAt {
                    outcomes.append(.correction(replaces: existing.registrationId))
                    current[candidate.slot] = incoming
                    updated[candidate.slot] = incoming
                } else {
                    outcomes.append(.stale)
                }
            } else {
                outcomes.append(.first)
                current[candidate.slot] = incoming
                updated[candidate.slot] = incoming
            }
        }
        return (outcomes, updated)
    }
}
