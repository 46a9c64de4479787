import Foundation
import Logging
import Metrics
import PostgresNIO
import Shared

/// Screening's handler of the shared consumption path (`EventProcessor`): `attendance.ingested`,
/// `pupil.directory`, `school.calendar` and `pupil.erased`, a batch of thousands at a time, in the
/// batch's one transaction: every event through `ScreeningEngine`, then the changed day records,
/// concerns and watermarks and the events in the outbox.
///
/// State is cached per partition — each pupil's days back to the rules' horizon (`RuleHorizon`),
/// not every day stored — and reloaded after a rebalance, after a rolled-back batch, when a
/// recompute changed storage (`control.epoch`), or when a calendar or a policy with longer windows
/// moves the horizon back. An erasure is handled here, by the engine
/// that holds the pupil: it drops the pupil from memory, deletes what is stored, and puts a
/// tombstone for the pupil on `absence.summary`; later events for the pupil are refused.
final class ScreeningBatchHandler: BatchHandler, @unchecked Sendable {
    static let topics: [FremmoedeTopic] = [.attendanceIngested, .pupilDirectory, .schoolCalendar, .pupilErased]
    /// The name in the inbox and in dead letters.
    static let consumerName = "screening"

    private let consumer: KafkaConsumer
    private let store: ScreeningStore
    private let source: String
    private let logger: Logger
    // Touched only by the processor's own task (one lane).
    private var engine = ScreeningEngine(policy: .standard, policyVersion: 0)
    private var control: ScreeningStore.Control?
    private var loadedPartitions: Set<Int32> = []
    private var rebalanceCount = -1

    init(consumer: KafkaConsumer, source: String, logger: Logger) {
        self.consumer = consumer
        self.store = ScreeningStore(logger: logger)
        self.source = source
        self.logger = logger
    }

    var idempotence: BatchIdempotence { .inbox }

    func rolledBack() {
        control = nil
    }

    func apply(_ events: [ConsumedEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Refusal] {
        let control = try await store.lockAndReadControl(on: connection)
        try await refresh(control, on: connection)
        let partitions = Set(events.filter { $0.message.topic != FremmoedeTopic.schoolCalendar.rawValue }.map(\.message.partition))
        let missing = Array(partitions.subtracting(loadedPartitions)).sorted()
        if !missing.isEmpty {
            let watermarks = try await store.watermarks(partitions: missing, on: connection)
            for (key, day) in watermarks { engine.watermarks[key] = day }
            let (horizon, calendars) = (engine.horizon, engine.calendars)
            engine.load(try await store.pupils(partitions: missing, loadFrom: { school, partition, enrolledTo in
                horizon.loadFrom(today: watermarks[SchoolPartition(schoolId: school, partition: partition)], enrolledTo: enrolledTo,
                                 calendar: calendars[school] ?? SchoolCalendarIndex(days: []))
            }, on: connection))
            loadedPartitions.formUnion(missing)
        }

        var inputs: [ScreeningEngine.Input] = []
        inputs.reserveCapacity(events.count)
        var refusals: [Refusal] = []
        for consumed in events {
            do {
                guard let event = consumed.event else { throw EventProcessingError(description: "not a CloudEvent") }
                inputs.append(try Self.input(event, consumed.message))
            } catch {
                refusals.append(Refusal(consumed, reason: DataError.reason(error)))
            }
        }
        engine.restore(try await store.days(engine.daysToRestore(inputs), on: connection))
        let output = engine.process(inputs)
        try await store.save(output, engine: engine, source: source, on: connection)
        if !output.changedCalendars.isEmpty {
            self.control?.calendarVersion += Int64(output.changedCalendars.count)
            // Other school days may move the horizon back, before days this engine let go: reload.
            forgetState()
        }
        Counter(label: "screening_concerns_raised_total").increment(by: output.raised.count)
        Counter(label: "screening_concerns_resolved_total").increment(by: output.resolved.count)
        return refusals
    }

    /// Reloads what changed under the engine: everything after a rebalance or a recompute, the
    /// policy when a new version was saved, the calendars when another instance stored one.
    private func refresh(_ control: ScreeningStore.Control, on connection: PostgresConnection) async throws {
        let rebalances = consumer.rebalanceCount
        if self.control?.epoch != control.epoch || rebalanceCount != rebalances {
            forgetState()
            rebalanceCount = rebalances
        }
        if self.control?.policyVersion != control.policyVersion || engine.policyVersion != control.policyVersion {
            let policy = try await PolicyStore(logger: logger).current(on: connection)
            if RuleHorizon(policy: policy.policy) != engine.horizon, !loadedPartitions.isEmpty {
                // Longer windows read days this engine let go: reload what it holds under the new policy.
                forgetState()
            }
            engine.policy = policy.policy
            engine.policyVersion = policy.version
        }
        if self.control?.calendarVersion != control.calendarVersion {
            engine.calendars = try await store.calendars(on: connection)
        }
        self.control = control
    }

    /// Drops every pupil and watermark held; the partitions load again from storage at the next batch.
    private func forgetState() {
        engine = ScreeningEngine(policy: engine.policy, policyVersion: -1)
        loadedPartitions = []
        control = nil
    }

    static func input(_ event: CloudEvent, _ message: KafkaConsumerMessage) throws -> ScreeningEngine.Input {
        switch message.topic {
        case FremmoedeTopic.attendanceIngested.rawValue:
            return .attendance(try event.decode(AttendanceIngested.self), partition: message.partition)
        case FremmoedeTopic.pupilDirectory.rawValue:
            return .enrolment(try event.decode(PupilDirectoryEntry.self), partition: message.partition)
        case FremmoedeTopic.schoolCalendar.rawValue:
            return .calendar(try event.decode(SchoolCalendar.self))
        case FremmoedeTopic.pupilErased.rawValue:
            return .erasure(try event.decode(PupilErased.self))
        default:
            throw EventProcessingError(description: "no handler for topic \(message.topic)")
        }
    }
}
