import Foundation
import PlanningAPI
import Shared

/// The legal track's figures per quarter (pure): of each step, how many fell due, were done, done
/// within their deadline, and are overdue now. A step counts in the quarter of the absence it is
/// about (a contact: its day; the warning, the underretning and the municipality's steps: the quarter
/// the rule counted).
enum LegalFiguresComputation {
    /// A school task as stored, with when its step was first done (the letter sent, the underretning made).
    struct TaskFact: Sendable {
        var kind: PlanUpdated.LegalTask.Kind
        var period: String
        var dueDate: SchoolDate
        var doneAt: Date?
        var cancelled: Bool
    }

    /// A day of unauthorized absence and the first contact recorded about it.
    struct ContactDay: Sendable {
        var date: SchoolDate
        var firstContact: Date?
    }

    static func compute(quarters: [Quarter], contactDays: [ContactDay], tasks: [TaskFact],
                        underretninger: [(period: String, record: UnderretningProgress.Record)], deadlines: LegalDeadlines,
                        today: SchoolDate) -> [LegalTrackFigures.Quarter] {
        var result = Dictionary(uniqueKeysWithValues: quarters.map { ($0.key, LegalTrackFigures.Quarter(period: $0.key)) })

        func count(_ due: SchoolDate?, _ done: Date?, into step: inout LegalTrackFigures.StepCount) {
            step.due += 1
            if let done {
                step.done += 1
                if due.map({ SchoolDate(done) <= $0 }) ?? true { step.withinDeadline += 1 }
            } else if let due, due < today {
                step.overdue += 1
            }
        }

        for day in contactDays where day.date <= today {
            let key = Quarter(day.date).key
            guard var quarter = result[key] else { continue }
            count(deadlines.contactDue(absentOn: day.date), day.firstContact, into: &quarter.contacts)
            result[key] = quarter
        }
        for task in tasks where !task.cancelled {
            guard var quarter = result[task.period] else { continue }
            switch task.kind {
            case .warnParents: count(task.dueDate, task.doneAt, into: &quarter.warnings)
            case .notifyMunicipality: count(task.dueDate, task.doneAt, into: &quarter.underretninger)
            }
            result[task.period] = quarter
        }
        for (period, record) in underretninger {
            guard var quarter = result[period] else { continue }
            let steps = UnderretningProgress(record: record, deadlines: deadlines, today: today).steps
            if let hearing = steps.first(where: { $0.step == .hearParties }) { count(hearing.dueDate, hearing.doneAt, into: &quarter.hearings) }
            if let decide = steps.first(where: { $0.step == .decide }) { count(decide.dueDate, decide.doneAt, into: &quarter.decisions) }
            switch record.decision?.outcome {
            case .stop: quarter.stops += 1
            case .noStop: quarter.noStops += 1
            case .dropped: quarter.dropped += 1
            case nil: break
            }
            if let appeal = record.appeal {
                quarter.appeals += 1
                if appeal.reassessment == .changed || [.changed, .overturned, .remitted].contains(appeal.outcome) { quarter.appealsNotUpheld += 1 }
            }
            result[period] = quarter
        }
        return quarters.compactMap { result[$0.key] }
    }
}
