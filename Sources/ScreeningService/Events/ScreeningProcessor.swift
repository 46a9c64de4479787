import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import Shared

/// Consumes `attendance.ingested`, `pupil.directory` and `school.calendar` in batches: one
/// transaction per batch applies every event through `ScreeningEngine`, writes the changed day
/// records, concerns and watermarks, and enqueues the events; Kafka offsets are marked only after
/// it commits.
///
/// Effectively-once: the batch's event ids go into the inbox in one statement, in the same
/// transaction, and only new events are applied. State is cached per partition and reloaded after
/// a rebalance, after a failed batch, or when a recompute changed storage (`control.epoch`).
final class ScreeningProcessor: Service, Sendable {
    static let topics: [FremmoedeTopic] = [.attendanceIngested, .pupilDirectory, .schoolCalendar]

    private let consumer: KafkaConsumer
    private let postgres: PostgresClient
    private let producer: KafkaProducer
    private let store: ScreeningStore
    private let logger: Logger
    private let maxBatch: Int
    private let source: String
    private let state: StateBox

    /// The engine and what it has loaded; touched only by the processor's own task.
    final class StateBox: @unchecked Sendable {
        var engine = ScreeningEngine(policy: .standard, policyVersion: 0)
        var control: ScreeningStore.Control?
        var loadedPartitions: Set<Int32> = []
        var rebalanceCount = -1
    }

    init(consumer: KafkaConsumer, postgres: PostgresClient, producer: KafkaProducer, source: String, logger: Logger, maxBatch: Int = 5000) {
        self.consumer = consumer
        self.postgres = postgres
        self.producer = producer
        self.store = ScreeningStore(logger: logger)
        self.source = source
        self.logger = logger
        self.maxBatch = maxBatch
        self.state = StateBox()
    }

    func run() async throws {
        for try await batch in consumer.batches(maxMessages: maxBatch).cancelOnGracefulShutdown() {
            var backoff = Duration.milliseconds(100)
            while true {
                do {
                    try await process(batch)
                    break
                } catch {
                    logger.error("screening batch failed; retrying", metadata: ["error": "\(LoggableError.describe(error))", "batch.size": "\(batch.count)"])
                    // The transaction rolled back: what the engine holds may be ahead of storage.
                    state.control = nil
                    if Task.isShuttingDownGracefully || Task.isCancelled { return }
                    try? await Task.sleep(for: backoff)
                    backoff = min(backoff * 2, .seconds(5))
                }
            }
        }
    }

    func process(_ batch: [KafkaConsumerMessage]) async throws {
        let state = self.state
        let store = self.store
        let logger = self.logger
        try await postgres.withTransaction(logger: logger) { connection in
            let control = try await store.lockAndReadControl(on: connection)
            try await refresh(control, on: connection)
            let partitions = Set(batch.filter { $0.topic != FremmoedeTopic.schoolCalendar.rawValue }.map(\.partition))
            let missing = Array(partitions.subtracting(state.loadedPartitions)).sorted()
            if !missing.isEmpty {
                state.engine.load(try await store.pupils(partitions: missing, on: connection))
                for (key, day) in try await store.watermarks(partitions: missing, on: connection) { state.engine.watermarks[key] = day }
                state.loadedPartitions.formUnion(missing)
            }

            // Decode first; then claim the whole batch in the inbox at once and apply only what is new.
            var decoded: [(event: CloudEvent, input: ScreeningEngine.Input)] = []
            decoded.reserveCapacity(batch.count)
            var deadLetters: [KafkaProducerMessage] = []
            for message in batch {
                do {
                    let event = try CloudEvent(message)
                    decoded.append((event, try Self.input(event, message)))
                } catch {
                    deadLetters.append(message.deadLetter(error: error, consumer: "screening", logger: logger))
                }
            }
            let fresh = try await Inbox.claim(eventIDs: decoded.map(\.event.id), topics: decoded.map { $0.event.topic ?? "" },
                                              consumer: "screening", on: connection, logger: logger)
            var seen: Set<String> = []
            let inputs = decoded.filter { fresh.contains($0.event.id) && seen.insert($0.event.id).inserted }.map(\.input)
            let output = state.engine.process(inputs)
            try await store.save(output, engine: state.engine, source: source, on: connection)
            if !output.changedCalendars.isEmpty {
                state.control?.calendarVersion += Int64(output.changedCalendars.count)
            }
            if !deadLetters.isEmpty {
                _ = try await producer.send(deadLetters)
                Counter(label: "events_dead_lettered_total", dimensions: [("topic", deadLetters[0].topic)]).increment(by: deadLetters.count)
            }
            Counter(label: "screening_concerns_raised_total").increment(by: output.raised.count)
            Counter(label: "screening_concerns_resolved_total").increment(by: output.resolved.count)
        }
        _ = consumer.markDone(batch: batch)
        Counter(label: "events_consumed_total", dimensions: [("consumer", "screening")]).increment(by: batch.count)
    }

    /// Reloads what changed under the engine: everything after a rebalance or a recompute, the
    /// policy when a new version was saved, the calendars when another instance stored one.
    private func refresh(_ control: ScreeningStore.Control, on connection: PostgresConnection) async throws {
        let rebalances = consumer.rebalanceCount
        if state.control?.epoch != control.epoch || state.rebalanceCount != rebalances {
            state.engine.pupils = [:]
            state.engine.watermarks = [:]
            state.engine = ScreeningEngine(policy: state.engine.policy, policyVersion: -1)
            state.loadedPartitions = []
            state.rebalanceCount = rebalances
            state.control = nil
        }
        if state.control?.policyVersion != control.policyVersion || state.engine.policyVersion != control.policyVersion {
            let policy = try await PolicyStore(logger: logger).current(on: connection)
            state.engine.policy = policy.policy
            state.engine.policyVersion = policy.version
        }
        if state.control?.calendarVersion != control.calendarVersion {
            state.engine.calendars = try await store.calendars(on: connection)
        }
        state.control = control
    }

    static func input(_ event: CloudEvent, _ message: KafkaConsumerMessage) throws -> ScreeningEngine.Input {
        switch message.topic {
        case FremmoedeTopic.attendanceIngested.rawValue:
            return .attendance(try event.decode(AttendanceIngested.self), partition: message.partition)
        case FremmoedeTopic.pupilDirectory.rawValue:
            return .enrolment(try event.decode(PupilDirectoryEntry.self), partition: message.partition)
        case FremmoedeTopic.schoolCalendar.rawValue:
            return .calendar(try event.decode(SchoolCalendar.self))
        default:
            throw EventProcessingError(description: "no handler for topic \(message.topic)")
        }
    }
}
