import Foundation
import Logging
import PostgresNIO
import Shared

/// The ingest use case: a batch of registrations (and pupils) from any channel — HTTP or a source's
/// Kafka topic — through validation, the reference checks, idempotency and corrections, stored with
/// its events (`attendance.ingested`, `attendance.rejected`) in one transaction, with a handful of
/// set-based statements however large the batch.
struct IngestRegistrations: Sendable {
    let postgres: PostgresClient
    let pupils: PupilStore
    let sources: SourceStore
    let logger: Logger

    private var reference: ReferenceDataStore { ReferenceDataStore(sources: sources, logger: logger) }

    struct Outcome: Sendable, Equatable {
        var pupils = 0
        var accepted = 0
        var duplicates = 0
        var corrections = 0
        var stale = 0
        var errors: [ItemError] = []
    }

    /// - Parameters:
    ///   - source: the authenticated source (HTTP); nil on the Kafka feed, where each registration's
    ///     source is the one whose topic it came on (`RegistrationInput.topicSource`): only that
    ///     source's Kafka principal may write the topic.
    func callAsFunction(_ batch: RegistrationBatch, source: Source?, channel: AttendanceRejected.Channel, now: Date = Date()) async throws -> Outcome {
        try await postgres.withTransaction(logger: logger) { connection in
            try await self(batch, source: source, channel: channel, now: now, on: connection)
        }
    }

    func callAsFunction(_ batch: RegistrationBatch, source: Source?, channel: AttendanceRejected.Channel, now: Date,
                on connection: PostgresConnection) async throws -> Outcome {
        var outcome = Outcome()
        let validator = RegistrationValidator(authenticatedSource: source?.sourceSystem, today: RegistrationValidator.today(now: now),
                                              recordedAtLimit: now.addingTimeInterval(RegistrationValidator.clockAllowance))

        // Pupils first, so registrations in the same batch can name them.
        var newPupils: [String: String] = [:]
        if !batch.pupils.isEmpty, source == nil {
            // Only an authenticated source sends pupils (its local ids are its own); the feed carries registrations.
            for input in batch.pupils {
                outcome.errors.append(ItemError(index: input.index, field: "pupils[\(input.index)]", reason: "pupils are sent over the HTTP API by an authenticated source"))
            }
        } else if let source, !batch.pupils.isEmpty {
            var valid: [Pupil] = []
            for input in batch.pupils {
                switch PupilValidator.validate(input) {
                case .success(let pupil):
                    if !source.schools.contains(pupil.schoolId) {
                        outcome.errors.append(ItemError(index: input.index, field: "pupils[\(input.index)].schoolId",
                                                        reason: "the source '\(source.sourceSystem)' may not send pupils for school '\(pupil.schoolId)'"))
                    } else {
                        valid.append(pupil)
                    }
                case .failure(let error): outcome.errors.append(error)
                }
            }
            let names = try await reference.schoolNames(Array(Set(valid.map(\.schoolId))), on: connection)
            let unknown = valid.filter { names[$0.schoolId] == nil }
            for pupil in unknown {
                outcome.errors.append(ItemError(index: pupil.index, field: "pupils[\(pupil.index)].schoolId",
                                                reason: "unknown school '\(pupil.schoolId)' (no calendar has been sent for it)"))
            }
            // The same pupil twice in one batch (also after normalising the id): the last one counts.
            var latest: [String: Pupil] = [:]
            for pupil in valid where names[pupil.schoolId] != nil {
                latest[pupils.pseudonymizer.pupilKey(sourceID: pupil.sourceId, sourceSystem: source.sourceSystem)] = pupil
            }
            // A source does not move a pupil away from a school it does not serve: with a CPR number
            // it would take over another school's pupil and that school's records of them.
            var held: [(pupil: Pupil, pupilKey: String, fromSchool: String)] = []
            for (key, school) in try await reference.enrolledSchools(Array(latest.keys), on: connection) where !source.schools.contains(school) {
                guard let pupil = latest[key], pupil.schoolId != school else { continue }
                held.append((pupil, key, school))
                latest.removeValue(forKey: key)
            }
            let moveIds = try await PupilMoveStore(pupils: pupils, logger: logger).hold(held, sourceSystem: source.sourceSystem, on: connection)
            for move in held {
                outcome.errors.append(ItemError(index: move.pupil.index, field: "pupils[\(move.pupil.index)].schoolId",
                                                reason: "the pupil is enrolled at a school the source '\(source.sourceSystem)' does not serve: the move is held for the municipality's administrator (move \(moveIds[move.pupilKey] ?? "?"))"))
            }
            let known = latest.values.sorted { $0.index < $1.index }
            try await pupils.upsert(known, sourceSystem: source.sourceSystem, schoolNames: names, on: connection, now: now)
            for (key, pupil) in latest { newPupils[key] = pupil.schoolId }
            outcome.pupils = known.count
        }

        // Field checks, then the pupil key.
        var registrations: [(Registration, String)] = []
        registrations.reserveCapacity(batch.registrations.count)
        var pupilKeys: [String: String] = [:]  // a pupil's lessons of a day come together: one HMAC each
        for input in batch.registrations {
            switch validator.validate(input) {
            case .success(let registration):
                let id = registration.sourceSystem + "\u{1F}" + registration.pupilSourceId
                let key = pupilKeys[id] ?? pupils.pseudonymizer.pupilKey(sourceID: registration.pupilSourceId, sourceSystem: registration.sourceSystem)
                pupilKeys[id] = key
                registrations.append((registration, key))
            case .failure(let error): outcome.errors.append(error)
            }
        }

        // Checks against schools, calendars, pupils and the sources' schools.
        let known = try await reference.referenceData(for: registrations, source: source, newPupils: newPupils, on: connection)
        var accepted: [AcceptedRegistration] = []
        var seen: [String: RegistrationContent] = [:]
        for (registration, key) in registrations {
            switch ReferenceCheck.check(registration, pupilKey: key, against: known) {
            case .success(let item):
                // The same (source, registration id) twice in one batch: the first counts.
                let id = registration.sourceSystem + "\u{1F}" + registration.sourceRegistrationId
                if let first = seen[id] {
                    if let conflict = RegistrationContent.conflict(item, with: first) { outcome.errors.append(conflict) } else { outcome.duplicates += 1 }
                } else {
                    seen[id] = RegistrationContent(item)
                    accepted.append(item)
                }
            case .failure(let error): outcome.errors.append(error)
            }
        }

        let written = try await RegistrationWriter(logger: logger).write(accepted, on: connection)
        outcome.errors += written.conflicts
        outcome.duplicates += written.duplicates
        let published = try ingested(written.stored, now: now)
        try await Outbox.enqueue(published.events, on: connection, logger: logger)
        outcome.accepted = written.stored.count
        outcome.corrections = published.corrections
        outcome.stale = published.stale

        if !outcome.errors.isEmpty {
            let events = try rejections(outcome.errors, batch: batch, source: source, channel: channel, now: now)
            try await Outbox.enqueue(events, on: connection, logger: logger)
        }
        outcome.errors.sort { ($0.index, $0.field) < ($1.index, $1.field) }
        return outcome
    }

    /// `attendance.ingested` for each registration stored, but for stale ones (kept, not published).
    private func ingested(_ stored: [(id: String, item: AcceptedRegistration, outcome: CorrectionPlanner.Outcome)], now: Date) throws
        -> (events: [CloudEvent], corrections: Int, stale: Int)
    {
        var events: [CloudEvent] = []
        events.reserveCapacity(stored.count)
        var corrections = 0
        var stale = 0
        for (id, item, outcome) in stored {
            let replaces: String?
            switch outcome {
            case .stale:
                stale += 1
                continue
            case .first: replaces = nil
            case .correction(let previous):
                corrections += 1
                replaces = previous
            }
            let registration = item.registration
            events.append(try CloudEvent(AttendanceIngested(
                registrationId: id, pupilKey: item.pupilKey, schoolId: registration.schoolId, date: registration.date,
                period: registration.period, status: registration.status, absenceCategory: registration.absenceCategory,
                minutesLate: registration.minutesLate, recordedAt: registration.recordedAt, sourceSystem: registration.sourceSystem,
                dayFraction: item.dayFraction, replacesRegistrationId: replaces), source: FremmoedeServiceName.intake.eventSource, time: now))
        }
        return (events, corrections, stale)
    }

    /// `attendance.rejected` for each bad item: the field and reason, never the pupil's id or name.
    private func rejections(_ errors: [ItemError], batch: RegistrationBatch, source: Source?, channel: AttendanceRejected.Channel,
                            now: Date) throws -> [CloudEvent] {
        try errors.map { error in
            let input = batch.registrations.indices.contains(error.index) && !error.field.hasPrefix("pupils[") ? batch.registrations[error.index] : nil
            return try CloudEvent(AttendanceRejected(
                rejectionId: TimeOrderedID.text(UUID()), sourceSystem: input?.topicSource ?? source?.sourceSystem ?? InputText.printable(input?.sourceSystem),
                sourceRegistrationId: InputText.printable(input?.sourceRegistrationId).map(PrivacyMask.mask), schoolId: InputText.printable(input?.schoolId), channel: channel, field: error.field, reason: PrivacyMask.mask(error.reason), receivedAt: now),
                source: FremmoedeServiceName.intake.eventSource, time: now)
        }
    }
}
