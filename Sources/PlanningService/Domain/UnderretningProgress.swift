import Foundation
import PlanningAPI
import Shared

/// Where an underretning stands (pure): the municipality's steps with their deadlines, the next one,
/// the status, and which step may be taken now — the order principle 11-21 asks for: the registered
/// absence checked before anything, the family heard before a stop, excusable circumstances no stop.
struct UnderretningProgress: Sendable {
    struct Record: Sendable {
        var madeAt: Date
        var received: StepRecord?
        var evidenceCheck: EvidenceCheck?
        var hearings: [Hearing]
        var decision: BenefitDecision?
        var appeal: Appeal?
    }

    let record: Record
    let deadlines: LegalDeadlines
    let today: SchoolDate

    private var made: SchoolDate { SchoolDate(record.madeAt) }
    private var latestHearing: Hearing? { record.hearings.max { $0.sentAt < $1.sentAt } }

    /// The decision's deadline: counted from the hearing's answer (or its deadline, when it passed
    /// unanswered); without a hearing, from the latest day one could have been answered.
    private var decisionDue: SchoolDate {
        if record.evidenceCheck?.supports == false { return made.addingWeekdays(deadlines.hearingWeekdays) }
        guard let hearing = latestHearing else {
            return made.addingWeekdays(deadlines.hearingWeekdays).adding(days: deadlines.answerDays).addingWeekdays(deadlines.decisionWeekdays)
        }
        let answered = hearing.answeredAt.map { min(SchoolDate($0), hearing.answerBy) } ?? hearing.answerBy
        return answered.addingWeekdays(deadlines.decisionWeekdays)
    }

    var steps: [LegalStepStatus] {
        func status(_ step: LegalStep, _ due: SchoolDate?, _ done: Date?, deadlineIsOurs: Bool = true) -> LegalStepStatus {
            LegalStepStatus(step: step, dueDate: due, doneAt: done, overdue: deadlineIsOurs && done == nil && (due.map { $0 < today } ?? false))
        }
        var steps = [
            status(.receive, made.addingWeekdays(deadlines.receiveWeekdays), record.received?.at),
            status(.checkEvidence, made.addingWeekdays(deadlines.hearingWeekdays), record.evidenceCheck?.checkedAt),
        ]
        if record.evidenceCheck?.supports != false {
            steps.append(status(.hearParties, made.addingWeekdays(deadlines.hearingWeekdays), record.hearings.map(\.sentAt).min()))
            if let hearing = latestHearing {
                // The family's deadline, not the municipality's: never overdue; done when answered or passed.
                steps.append(status(.awaitAnswer, hearing.answerBy, hearing.answeredAt, deadlineIsOurs: false))
            }
        }
        steps.append(status(.decide, decisionDue, record.decision?.decidedAt))
        if let appeal = record.appeal {
            steps.append(status(.reassessAppeal, SchoolDate(appeal.receivedAt).adding(days: deadlines.reassessmentDays), appeal.reassessedAt))
            if appeal.reassessment != .changed {
                steps.append(status(.appealOutcome, nil, appeal.outcomeAt, deadlineIsOurs: false))
            }
        }
        return steps
    }

    /// The first step not done; waiting for an answer whose deadline passed is no longer a step.
    var nextStep: LegalStepStatus? {
        steps.first { step in
            guard step.doneAt == nil else { return false }
            if step.step == .awaitAnswer, let due = step.dueDate, due < today { return false }
            return true
        }
    }

    var status: UnderretningStatus {
        guard let decision = record.decision else { return record.received == nil ? .new : .inProgress }
        guard let appeal = record.appeal else { return today <= decision.appealBy ? .decided : .closed }
        if appeal.reassessment == .changed || appeal.outcome != nil { return .closed }
        return .appealed
    }

    enum Refusal: Error, Equatable {
        /// A step taken out of order: 409 naming what must come first.
        case order(String)
        /// A field that does not fit: 422.
        case invalid(field: String, reason: String)
    }

    func mayReceive() throws(Refusal) {
        if record.received != nil { throw .order("the underretning is already received") }
    }

    func mayCheckEvidence() throws(Refusal) {
        if record.decision != nil { throw .order("the underretning is decided") }
    }

    func mayHear() throws(Refusal) {
        if record.decision != nil { throw .order("the underretning is decided") }
        guard let check = record.evidenceCheck else {
            throw .order("check first that the registered absence supports the report (principle 11-21): POST …/evidence-check")
        }
        if !check.supports { throw .order("the registered absence does not support the report: there is no one to hear, decide 'dropped'") }
    }

    func mayDecide(_ decision: NewBenefitDecision) throws(Refusal) {
        if record.decision != nil { throw .order("the underretning is already decided") }
        guard let check = record.evidenceCheck else {
            throw .order("check first that the registered absence supports the report (principle 11-21): POST …/evidence-check")
        }
        switch decision.outcome {
        case .dropped:
            if check.supports { throw .invalid(field: "outcome", reason: "the registered absence was found to support the report: decide stop or no-stop") }
        case .noStop:
            if !check.supports { throw .invalid(field: "outcome", reason: "the registered absence does not support the report: the outcome is 'dropped'") }
        case .stop:
            if !check.supports { throw .invalid(field: "outcome", reason: "the registered absence does not support the report: the outcome is 'dropped'") }
            if !(decision.excusable ?? []).isEmpty {
                throw .invalid(field: "excusable", reason: "with excusable circumstances the benefit is not stopped: decide no-stop")
            }
            guard let hearing = latestHearing else { throw .order("hear the parents (and the child from 12) before a stop: POST …/hearings") }
            if hearing.answeredAt == nil && hearing.answerBy >= today {
                throw .order("the parents have until \(hearing.answerBy) to answer the hearing: record their answer or wait for the deadline")
            }
        }
    }

    func mayRecordAppeal() throws(Refusal) {
        guard record.decision != nil else { throw .order("there is no decision to appeal") }
        if record.appeal != nil { throw .order("the appeal is already recorded") }
    }

    func mayRecordAppealResult() throws(Refusal) {
        guard let appeal = record.appeal else { throw .order("no appeal is recorded") }
        if appeal.outcome != nil || appeal.reassessment == .changed { throw .order("the appeal is settled") }
    }
}
