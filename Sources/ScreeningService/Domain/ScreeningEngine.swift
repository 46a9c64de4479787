import Foundation
import Shared

/// The heart of opsporing (detection), free of I/O: applies consumed events in order to the pupils'
/// day records and evaluates the rules at points that depend only on the order of events, never on
/// how they were batched — so replaying the topics gives the concerns live processing gave.
///
/// A pupil is evaluated when its run of registrations for one date ends (its next registration has
/// another date, or the batch ends), as of the school's current day in that partition. When a
/// school's day moves on in a partition, the pupils there with open concerns or recent absence are
/// evaluated as of the finished day, so concerns resolve as school days pass without absence.
struct ScreeningEngine: Sendable {
    enum Input: Sendable {
        case attendance(AttendanceIngested, partition: Int32)
        case enrolment(PupilDirectoryEntry, partition: Int32)
        case calendar(SchoolCalendar)
        /// The pupil is forgotten here and now; later inputs for them in the batch are ignored.
        case erasure(PupilErased)
    }

    struct RaisedConcern: Sendable, Equatable {
        var event: ConcernRaised
        var sequence: Int
        var asOf: Int
    }

    struct ResolvedConcern: Sendable, Equatable {
        var event: ConcernResolved
        var asOf: Int
    }

    /// What one batch changed, for storage and the outbox.
    struct Output: Sendable {
        var raised: [RaisedConcern] = []
        var resolved: [ResolvedConcern] = []
        var summaries: [AbsenceSummary] = []
        var changedDays: [String: [Int: PupilDay]] = [:]
        var changedPupils: Set<String> = []
        var changedWatermarks: Set<SchoolPartition> = []
        var changedCalendars: [SchoolCalendar] = []
        /// Pupils erased in the batch: nothing above is about them (storage deletes what it holds).
        var erasures: [PupilErased] = []
    }

    var policy: ScreeningPolicy {
        didSet {
            horizon = RuleHorizon(policy: policy)
            evaluator = RuleEvaluator(policy: policy, explain: false)
        }
    }
    /// The policy's rules without explanations, for every evaluation.
    private var evaluator: RuleEvaluator
    var policyVersion: Int
    /// How far back evaluations read: the days before it are let go after each evaluation.
    private(set) var horizon: RuleHorizon
    /// Tests only: the reference engine that keeps every day it was given.
    var keepsEveryDay = false
    var calendars: [String: SchoolCalendarIndex] = [:]
    var pupils: [String: PupilRecord] = [:]
    var watermarks: [SchoolPartition: Int] = [:]
    /// The wall clock for `raisedAt`/`computedAt` only; nothing decided depends on it.
    var now: @Sendable () -> Date = Date.init

    private struct Pending {
        var asOf: Int
        var runDate: Int
        var correction: Bool
        var changed: Bool
    }

    init(policy: ScreeningPolicy, policyVersion: Int) {
        self.policy = policy
        self.policyVersion = policyVersion
        self.horizon = RuleHorizon(policy: policy)
        self.evaluator = RuleEvaluator(policy: policy, explain: false)
    }

    mutating func process(_ inputs: [Input]) -> Output {
        var output = Output()
        var pending: [String: Pending] = [:]
        var pendingBySchool: [SchoolPartition: [String]] = [:]
        var erased: Set<String> = []
        for input in inputs {
            switch input {
            case .erasure(let erasure):
                if let record = pupils.removeValue(forKey: erasure.pupilKey) { unindex(record) }
                pending.removeValue(forKey: erasure.pupilKey)
                erased.insert(erasure.pupilKey)
                output.erasures.append(erasure)
            case .calendar(let calendar):
                applyCalendar(calendar)
                output.changedCalendars.append(calendar)
                // Other school days change every share: the school's pupils are judged again as of
                // the school's day (the calendar may also arrive
                // after registrations judged under the old one — topics are not ordered together).
                // Calendars change rarely (a school year each), so every pupil of the school is looked at.
                for (pupilKey, record) in pupils.sorted(by: { $0.key < $1.key }) where record.absence.schoolId == calendar.schoolId {
                    guard let day = watermarks[SchoolPartition(schoolId: calendar.schoolId, partition: record.partition)] else { continue }
                    evaluate(pupilKey, Pending(asOf: day, runDate: day, correction: false, changed: true), into: &output)
                }
            case .enrolment(let entry, let partition):
                // An erased pupil's last directory entry: the erasure itself (pupil.erased) removes them.
                guard !entry.erased, !erased.contains(entry.pupilKey) else { continue }
                var record = pupils[entry.pupilKey] ?? PupilRecord(absence: PupilAbsence(pupilKey: entry.pupilKey, schoolId: entry.schoolId), partition: partition)
                unindex(record)
                record.absence.schoolId = entry.schoolId
                record.absence.enrolledFrom = entry.enrolledFrom.dayNumber
                record.absence.enrolledTo = entry.enrolledTo?.dayNumber
                record.partition = partition
                pupils[entry.pupilKey] = record
                index(record)
                output.changedPupils.insert(entry.pupilKey)
            case .attendance(let registration, let partition):
                guard !erased.contains(registration.pupilKey) else { continue }
                let key = SchoolPartition(schoolId: registration.schoolId, partition: partition)
                let day = registration.date.dayNumber
                let watermark = watermarks[key] ?? Int.min
                let asOf = max(day, watermark)
                if day > watermark {
                    if watermark != Int.min {
                        // The school's day is over in this partition: evaluate what waits, then sweep.
                        for pupilKey in pendingBySchool.removeValue(forKey: key) ?? [] {
                            if let entry = pending.removeValue(forKey: pupilKey) { evaluate(pupilKey, entry, into: &output) }
                        }
                        sweep(key, finishedDay: watermark, nextDay: day, into: &output)
                    }
                    watermarks[key] = day
                    output.changedWatermarks.insert(key)
                }
                let pupilKey = registration.pupilKey
                if let waiting = pending[pupilKey], waiting.asOf != asOf || waiting.runDate != day {
                    evaluate(pupilKey, waiting, into: &output)
                    pending.removeValue(forKey: pupilKey)
                }
                if let moved = pupils[pupilKey], moved.absence.schoolId != registration.schoolId || moved.partition != partition {
                    var record = moved
                    unindex(record)
                    record.absence.schoolId = registration.schoolId
                    record.partition = partition
                    index(record)
                    pupils[pupilKey] = record
                }
                // In place: a copy of the record taken out and put back would copy its days on every change.
                let changedDay = pupils[pupilKey, default: PupilRecord(absence: PupilAbsence(pupilKey: pupilKey, schoolId: registration.schoolId),
                                                                        partition: partition)].absence.apply(registration)
                if let changedDay {
                    output.changedDays[pupilKey, default: [:]][changedDay.day] = changedDay
                    output.changedPupils.insert(pupilKey)
                }
                if let index = pending.index(forKey: pupilKey) {
                    pending.values[index].correction = pending.values[index].correction || registration.isCorrection
                    pending.values[index].changed = pending.values[index].changed || changedDay != nil
                } else {
                    pendingBySchool[key, default: []].append(pupilKey)
                    pending[pupilKey] = Pending(asOf: asOf, runDate: day, correction: registration.isCorrection, changed: changedDay != nil)
                }
            }
        }
        for key in pendingBySchool.keys.sorted(by: { ($0.partition, $0.schoolId) < ($1.partition, $1.schoolId) }) {
            for pupilKey in pendingBySchool[key]! {
                if let entry = pending.removeValue(forKey: pupilKey) { evaluate(pupilKey, entry, into: &output) }
            }
        }
        // Pupils whose school changed mid-batch are still pending under the old school.
        for pupilKey in pending.keys.sorted() { evaluate(pupilKey, pending[pupilKey]!, into: &output) }
        if !erased.isEmpty { output.leaveOut(erased) }
        output.keepLastSummaries()
        return output
    }

    /// Evaluates the given pupils again as of each one's school day (a recompute from stored
    /// aggregates, e.g. after a policy change). Nothing is applied; only concerns and summaries change.
    mutating func reevaluate(_ pupilKeys: [String], asOf: (String) -> Int?) -> Output {
        var output = Output()
        for pupilKey in pupilKeys.sorted() {
            guard let record = pupils[pupilKey], let day = asOf(record.absence.schoolId) else { continue }
            evaluate(pupilKey, Pending(asOf: day, runDate: day, correction: false, changed: true), into: &output)
        }
        return output
    }

    /// Pupils that must be looked at as days pass, per school and partition.
    private var sweepIndex: [SchoolPartition: Set<String>] = [:]

    private mutating func index(_ record: PupilRecord) {
        let key = SchoolPartition(schoolId: record.absence.schoolId, partition: record.partition)
        if record.needsSweep { sweepIndex[key, default: []].insert(record.absence.pupilKey) } else { sweepIndex[key]?.remove(record.absence.pupilKey) }
    }

    private mutating func unindex(_ record: PupilRecord) {
        sweepIndex[SchoolPartition(schoolId: record.absence.schoolId, partition: record.partition)]?.remove(record.absence.pupilKey)
    }

    /// Adds pupils loaded from storage.
    mutating func load(_ records: [PupilRecord]) {
        for record in records {
            pupils[record.absence.pupilKey] = record
            index(record)
        }
    }

    /// The stored days a batch's registrations need that were let go: a registration for a day
    /// before its pupil's horizon must be applied to the day's stored periods, not to an empty day.
    func daysToRestore(_ inputs: [Input]) -> [(pupilKey: String, day: Int)] {
        var wanted: [(String, Int)] = []
        for input in inputs {
            guard case .attendance(let registration, let partition) = input, let record = pupils[registration.pupilKey] else { continue }
            let day = registration.date.dayNumber
            guard !record.absence.holds(day),
                  let today = watermarks[SchoolPartition(schoolId: record.absence.schoolId, partition: partition)] else { continue }
            let calendar = calendars[record.absence.schoolId] ?? SchoolCalendarIndex(days: [])
            if day < horizon.firstDay(asOf: max(today, day), enrolledTo: record.absence.enrolledTo, calendar: calendar) {
                wanted.append((registration.pupilKey, day))
            }
        }
        return wanted
    }

    /// Puts stored days back (`daysToRestore`).
    mutating func restore(_ days: [String: [PupilDay]]) {
        for (pupilKey, stored) in days { pupils[pupilKey]?.absence.restore(stored) }
    }

    /// Forgets a partition's pupils (it moved to another instance, or storage changed under us).
    mutating func forget(partition: Int32) {
        for (key, record) in pupils where record.partition == partition {
            unindex(record)
            pupils.removeValue(forKey: key)
        }
        for key in watermarks.keys where key.partition == partition { watermarks.removeValue(forKey: key) }
    }

    private mutating func applyCalendar(_ calendar: SchoolCalendar) {
        // A calendar event carries one school year: replace that year's days, keep the others.
        let year = calendar.schoolDays.map(\.dayNumber)
        let (first, last) = Self.schoolYearBounds(calendar.schoolYear) ?? (year.min() ?? 0, year.max() ?? 0)
        let kept = calendars[calendar.schoolId]?.days.filter { $0 < first || $0 > last } ?? []
        calendars[calendar.schoolId] = SchoolCalendarIndex(days: kept + year)
    }

    /// "2026/27" → 2026-08-01 … 2027-07-31.
    static func schoolYearBounds(_ schoolYear: String) -> (Int, Int)? {
        guard let start = Int(schoolYear.prefix(4)), let first = SchoolDate(year: start, month: 8, day: 1),
              let last = SchoolDate(year: start + 1, month: 7, day: 31) else { return nil }
        return (first.dayNumber, last.dayNumber)
    }

    /// When a school's day is over in a partition: pupils with open concerns are evaluated as of the
    /// finished day (so concerns resolve as days pass without absence). Pupils with recent absence
    /// are added on a new week (their weekly summary) and in a quarter's first school days (a
    /// quarter rule can only be judged from the tenth school day). With an absence-only feed a
    /// partition may hear nothing of a school for days: each school day it passes over is swept in
    /// turn, so the tenth day of a quarter is never skipped.
    private mutating func sweep(_ key: SchoolPartition, finishedDay: Int, nextDay: Int, into output: inout Output) {
        let calendar = calendars[key.schoolId] ?? SchoolCalendarIndex(days: [])
        var passed = Array(calendar.schoolDays(from: finishedDay + 1, through: nextDay - 1))
        passed.insert(finishedDay, at: 0)
        for (index, day) in passed.enumerated() {
            sweepDay(key, calendar: calendar, finishedDay: day, nextDay: index + 1 < passed.count ? passed[index + 1] : nextDay, into: &output)
        }
    }

    private mutating func sweepDay(_ key: SchoolPartition, calendar: SchoolCalendarIndex, finishedDay: Int, nextDay: Int, into output: inout Output) {
        let newWeek = SchoolDate.isoWeekday(dayNumber: nextDay) < SchoolDate.isoWeekday(dayNumber: finishedDay) || nextDay - finishedDay >= 7
        let quarterStart = SchoolDate(dayNumber: finishedDay).quarter.first
        let earlyQuarter = calendar.schoolDays(from: quarterStart, through: finishedDay).count <= policy.minimumSchoolDays
        let everyone = newWeek || earlyQuarter
        for pupilKey in (sweepIndex[key] ?? []).sorted() {
            // No copy of the record held across the evaluation (it would copy the days the evaluation lets go).
            guard everyone || pupils[pupilKey]?.open.isEmpty == false else { continue }
            evaluate(pupilKey, Pending(asOf: finishedDay, runDate: finishedDay, correction: false, changed: false), into: &output)
        }
    }

    /// Without new absence and without open concerns, rates only fall as days pass: nothing to do
    /// unless the weekly summary is due or the quarter rules have just become judgeable (sweep).
    private func needsEvaluation(_ pupilKey: String, _ pending: Pending, week: Int) -> Bool {
        guard let record = pupils[pupilKey] else { return false }
        guard !pending.changed, record.open.isEmpty else { return true }
        guard record.lastSummaryHadAbsence else { return false }
        if week > record.lastSummaryWeek { return true }
        let calendar = calendars[record.absence.schoolId] ?? SchoolCalendarIndex(days: [])
        let quarterStart = SchoolDate(dayNumber: pending.asOf).quarter.first
        return calendar.schoolDays(from: quarterStart, through: pending.asOf).count <= policy.minimumSchoolDays
    }

    private mutating func evaluate(_ pupilKey: String, _ pending: Pending, into output: inout Output) {
        let week = pending.asOf - (SchoolDate.isoWeekday(dayNumber: pending.asOf) - 1)
        // Taken out while it changes, so that letting days go does not copy them (put back below).
        guard needsEvaluation(pupilKey, pending, week: week), var record = pupils.removeValue(forKey: pupilKey) else { return }
        let calendar = calendars[record.absence.schoolId] ?? SchoolCalendarIndex(days: [])
        let findings = evaluator.evaluate(record.absence, calendar: calendar, asOf: pending.asOf)
        let date = SchoolDate(dayNumber: pending.asOf)
        let decisions = ConcernLifecycle.decide(
            pupilKey: pupilKey, findings: findings, open: record.open, counts: record.concernCounts,
            quarterPeriod: "\(date.year)-Q\(date.quarter.number)", correction: pending.correction)
        let timestamp = now()
        for decision in decisions {
            switch decision {
            case .raise(let concernId, let unexplained, let sequence, let escalates):
                let finding = RuleEvaluator(policy: policy).evaluate(unexplained.rule, record.absence, calendar: calendar, asOf: pending.asOf) ?? unexplained
                record.open.append(OpenConcern(concernId: concernId, rule: finding.rule, period: finding.period))
                record.concernCounts[ConcernLifecycle.countKey(finding.rule, finding.period), default: 0] += 1
                let event = ConcernRaised(
                    concernId: concernId, pupilKey: pupilKey, schoolId: record.absence.schoolId, origin: .rule, rule: finding.rule.rawValue,
                    windowStart: SchoolDate(dayNumber: finding.windowStart), windowEnd: SchoolDate(dayNumber: finding.windowEnd),
                    period: finding.period, explanation: finding.explanation, escalatesConcernId: escalates,
                    policyVersion: policyVersion, raisedAt: timestamp)
                output.raised.append(RaisedConcern(event: event, sequence: sequence, asOf: pending.asOf))
            case .resolve(let concern, let reason, let rate):
                record.open.removeAll { $0.concernId == concern.concernId }
                let event = ConcernResolved(concernId: concern.concernId, pupilKey: pupilKey, schoolId: record.absence.schoolId,
                                            rule: concern.rule.rawValue, reason: reason, rate: rate, resolvedAt: timestamp)
                output.resolved.append(ResolvedConcern(event: event, asOf: pending.asOf))
            }
        }
        let needsSummary = pending.changed || !decisions.isEmpty || (record.lastSummaryHadAbsence && week > record.lastSummaryWeek)
        if needsSummary {
            let summary = AbsenceSummaryBuilder(policy: policy).summary(of: record, calendar: calendar, asOf: pending.asOf, computedAt: timestamp)
            record.lastSummaryWeek = week
            record.lastSummaryHadAbsence = summary.last40SchoolDays.total > 0 || summary.quarter.total > 0 || summary.lateArrivals20SchoolDays > 0
            output.summaries.append(summary)
        }
        if needsSummary || !decisions.isEmpty { output.changedPupils.insert(pupilKey) }
        if !keepsEveryDay {
            record.absence.forget(before: horizon.firstDay(asOf: pending.asOf, enrolledTo: record.absence.enrolledTo, calendar: calendar))
        }
        pupils[pupilKey] = record
        index(record)
    }
}

extension ScreeningEngine.Output {
    /// A pupil's summaries of one batch: only the last of each month goes out (`absence.summary` is
    /// the pupil's latest figures, compacted by pupil; Planning keeps one row per month and the
    /// weekly series each summary carries), in the order they were made.
    mutating func keepLastSummaries() {
        guard summaries.count > 1 else { return }
        struct Month: Hashable {
            var pupilKey: String
            var month: Int
            init(_ summary: AbsenceSummary) { (pupilKey, month) = (summary.pupilKey, summary.asOf.year * 12 + summary.asOf.month) }
        }
        var last: [Month: Int] = [:]
        for (index, summary) in summaries.enumerated() { last[Month(summary)] = index }
        guard last.count < summaries.count else { return }
        summaries = summaries.enumerated().filter { last[Month($0.element)] == $0.offset }.map(\.element)
    }

    /// Drops what the batch computed for erased pupils before their erasure.
    mutating func leaveOut(_ erased: Set<String>) {
        raised.removeAll { erased.contains($0.event.pupilKey) }
        resolved.removeAll { erased.contains($0.event.pupilKey) }
        summaries.removeAll { erased.contains($0.pupilKey) }
        for key in erased {
            changedDays.removeValue(forKey: key)
            changedPupils.remove(key)
        }
    }
}
