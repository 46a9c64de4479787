import Foundation
import Logging
import PostgresNIO
import Shared

/// Takes a batch of registrations (and pupils) from any channel through validation, the reference
/// checks, idempotency and corrections, and stores what is good together with its events — in
/// one transaction, with a handful of set-based statements however large the batch.
struct RegistrationStore: Sendable {
    let postgres: PostgresClient
    let pupils: PupilStore
    let sources: SourceStore
    let logger: Logger

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
    func ingest(_ batch: RegistrationBatch, source: Source?, channel: AttendanceRejected.Channel, now: Date = Date()) async throws -> Outcome {
        try await postgres.withTransaction(logger: logger) { connection in
            try await ingest(batch, source: source, channel: channel, now: now, on: connection)
        }
    }

    func ingest(_ batch: RegistrationBatch, source: Source?, channel: AttendanceRejected.Channel, now: Date,
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
            let names = try await schoolNames(Array(Set(valid.map(\.schoolId))), on: connection)
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
            for (key, school) in try await enrolledSchools(Array(latest.keys), on: connection) where !source.schools.contains(school) {
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
        for input in batch.registrations {
            switch validator.validate(input) {
            case .success(let registration):
                registrations.append((registration, pupils.pseudonymizer.pupilKey(sourceID: registration.pupilSourceId, sourceSystem: registration.sourceSystem)))
            case .failure(let error): outcome.errors.append(error)
            }
        }

        // Checks against schools, calendars, pupils and the sources' schools.
        let reference = try await referenceData(for: registrations, source: source, newPupils: newPupils, on: connection)
        var accepted: [AcceptedRegistration] = []
        var seen: [String: RegistrationContent] = [:]
        for (registration, key) in registrations {
            switch ReferenceCheck.check(registration, pupilKey: key, against: reference) {
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

        let (inserted, notInserted) = try await insertRegistrations(accepted, on: connection)
        for (item, stored) in try await storedContent(of: notInserted, on: connection) {
            if let conflict = RegistrationContent.conflict(item, with: stored) { outcome.errors.append(conflict) } else { outcome.duplicates += 1 }
        }
        let published = try await applyCorrections(inserted, on: connection, now: now)
        outcome.accepted = inserted.count
        outcome.corrections = published.corrections
        outcome.stale = published.stale

        if !outcome.errors.isEmpty {
            let events = try rejections(outcome.errors, batch: batch, source: source, channel: channel, now: now)
            try await Outbox.enqueue(events, on: connection, logger: logger)
        }
        outcome.errors.sort { ($0.index, $0.field) < ($1.index, $1.field) }
        return outcome
    }

    /// The school of each pupil whose enrolment has not ended.
    private func enrolledSchools(_ keys: [String], on connection: PostgresConnection) async throws -> [String: String] {
        let rows = try await connection.query("""
            SELECT pupil_key, school_id FROM pupils WHERE pupil_key = ANY(\(keys)) AND (enrolled_to IS NULL OR enrolled_to >= current_date)
            """, logger: logger)
        var schools: [String: String] = [:]
        for try await (key, school) in rows.decode((String, String).self) { schools[key] = school }
        return schools
    }

    private func schoolNames(_ schools: [String], on connection: PostgresConnection) async throws -> [String: String] {
        let rows = try await connection.query("SELECT school_id, name FROM schools WHERE school_id = ANY(\(schools))", logger: logger)
        var names: [String: String] = [:]
        for try await (id, name) in rows.decode((String, String).self) { names[id] = name }
        return names
    }

    private func referenceData(for registrations: [(Registration, String)], source: Source?, newPupils: [String: String],
                               on connection: PostgresConnection) async throws -> ReferenceData {
        let schools = Array(Set(registrations.map(\.0.schoolId)))
        let dates = Array(Set(registrations.map(\.0.date.description)))
        let keys = Array(Set(registrations.map(\.1)))
        var data = ReferenceData(allowedSchools: [:], lessonsPerDay: [:], schoolDays: [], pupilSchools: newPupils)
        if let source {
            data.allowedSchools[source.sourceSystem] = source.schools
        } else {
            data.allowedSchools = try await sources.sources(named: Array(Set(registrations.map(\.0.sourceSystem))), on: connection)
        }
        guard !registrations.isEmpty else { return data }
        let schoolRows = try await connection.query(
            "SELECT school_id, lessons_per_day FROM schools WHERE school_id = ANY(\(schools))", logger: logger)
        for try await (id, lessons) in schoolRows.decode((String, Int).self) { data.lessonsPerDay[id] = lessons }
        let dayRows = try await connection.query("""
            SELECT school_id, to_char(date, 'YYYY-MM-DD') FROM school_days
            WHERE school_id = ANY(\(schools)) AND date = ANY(\(dates)::date[])
            """, logger: logger)
        for try await (id, date) in dayRows.decode((String, String).self) {
            if let day = SchoolDate(date) { data.schoolDays.insert(.init(schoolId: id, date: day)) }
        }
        let pupilRows = try await connection.query("SELECT pupil_key, school_id FROM pupils WHERE pupil_key = ANY(\(keys))", logger: logger)
        for try await (key, school) in pupilRows.decode((String, String).self) where newPupils[key] == nil { data.pupilSchools[key] = school }
        return data
    }

    /// Inserts new registrations; those already stored (same source and registration id) change
    /// nothing. Returns the inserted ones (in batch order) with their ids, and the others.
    private func insertRegistrations(_ accepted: [AcceptedRegistration], on connection: PostgresConnection) async throws
        -> (inserted: [(id: UUID, item: AcceptedRegistration)], notInserted: [AcceptedRegistration])
    {
        guard !accepted.isEmpty else { return ([], []) }
        let ids = accepted.map { _ in TimeOrderedID.make() }
        let rows = try await connection.query("""
            INSERT INTO registrations (registration_id, source_system, source_registration_id, pupil_key, school_id, date, period,
                                       status, absence_category, minutes_late, day_fraction, recorded_at)
            SELECT id, ss, sr, pk, sc, d::date, p, st, NULLIF(ac, ''), NULLIF(ml, -1), df, ra
            FROM unnest(\(ids), \(accepted.map(\.registration.sourceSystem)), \(accepted.map(\.registration.sourceRegistrationId)),
                        \(accepted.map(\.pupilKey)), \(accepted.map(\.registration.schoolId)), \(accepted.map(\.registration.date.description)),
                        \(accepted.map(\.registration.period.description)), \(accepted.map(\.registration.status.rawValue)),
                        \(accepted.map { $0.registration.absenceCategory?.rawValue ?? "" }), \(accepted.map { $0.registration.minutesLate ?? -1 }),
                        \(accepted.map(\.dayFraction)), \(accepted.map(\.registration.recordedAt)))
                 AS r(id, ss, sr, pk, sc, d, p, st, ac, ml, df, ra)
            ON CONFLICT (source_system, source_registration_id) DO NOTHING
            RETURNING registration_id
            """, logger: logger)
        var insertedIDs: Set<UUID> = []
        for try await (id) in rows.decode(UUID.self) { insertedIDs.insert(id) }
        let inserted = zip(ids, accepted).filter { insertedIDs.contains($0.0) }.map { (id: $0.0, item: $0.1) }
        let notInserted = zip(ids, accepted).filter { !insertedIDs.contains($0.0) }.map(\.1)
        return (inserted, notInserted)
    }

    /// What is stored under the registration ids of `items` (sent before), to tell a duplicate from a conflict.
    private func storedContent(of items: [AcceptedRegistration], on connection: PostgresConnection) async throws
        -> [(AcceptedRegistration, RegistrationContent)]
    {
        guard !items.isEmpty else { return [] }
        let rows = try await connection.query("""
            SELECT g.source_system, g.source_registration_id, g.pupil_key, g.school_id, to_char(g.date, 'YYYY-MM-DD'), g.period, g.status,
                   g.absence_category, g.minutes_late
            FROM registrations g
            JOIN unnest(\(items.map(\.registration.sourceSystem)), \(items.map(\.registration.sourceRegistrationId))) AS i(ss, sr)
              ON g.source_system = i.ss AND g.source_registration_id = i.sr
            """, logger: logger)
        var stored: [String: RegistrationContent] = [:]
        for try await (system, id, key, school, date, period, status, category, late)
            in rows.decode((String, String, String, String, String, String, String, String?, Int?).self) {
            guard let day = SchoolDate(date) else { continue }
            stored[system + "\u{1F}" + id] = RegistrationContent(pupilKey: key, schoolId: school, date: day, period: period, status: status,
                                                                  absenceCategory: category, minutesLate: late)
        }
        return items.compactMap { item in
            stored[item.registration.sourceSystem + "\u{1F}" + item.registration.sourceRegistrationId].map { (item, $0) }
        }
    }

    /// Decides first / correction / stale against the current registration of each pupil, date
    /// and period (rows locked in key order), updates them, and writes `attendance.ingested`.
    private func applyCorrections(_ inserted: [(id: UUID, item: AcceptedRegistration)], on connection: PostgresConnection, now: Date) async throws
        -> (corrections: Int, stale: Int)
    {
        guard !inserted.isEmpty else { return (0, 0) }
        let slots = inserted.map { CorrectionPlanner.Slot(pupilKey: $0.item.pupilKey, date: $0.item.registration.date, period: $0.item.registration.period.description) }
        let rows = try await connection.query("""
            SELECT c.pupil_key, to_char(c.date, 'YYYY-MM-DD'), c.period, c.registration_id, c.recorded_at
            FROM current_registrations c
            JOIN unnest(\(slots.map(\.pupilKey)), \(slots.map(\.date.description))::date[], \(slots.map(\.period))) AS s(k, d, p)
              ON c.pupil_key = s.k AND c.date = s.d AND c.period = s.p
            ORDER BY c.pupil_key, c.date, c.period
            FOR UPDATE OF c
            """, logger: logger)
        var current: [CorrectionPlanner.Slot: CorrectionPlanner.Current] = [:]
        for try await (key, date, period, id, recordedAt) in rows.decode((String, String, String, UUID, Date).self) {
            guard let day = SchoolDate(date) else { continue }
            current[.init(pupilKey: key, date: day, period: period)] = .init(registrationId: id.uuidString.lowercased(), recordedAt: recordedAt)
        }
        let candidates = zip(inserted, slots).map {
            CorrectionPlanner.Candidate(registrationId: $0.0.id.uuidString.lowercased(), slot: $0.1, recordedAt: $0.0.item.registration.recordedAt)
        }
        let plan = CorrectionPlanner.plan(candidates, current: current)

        let updates = plan.current.sorted { ($0.key.pupilKey, $0.key.date, $0.key.period) < ($1.key.pupilKey, $1.key.date, $1.key.period) }
        if !updates.isEmpty {
            try await connection.query("""
                INSERT INTO current_registrations (pupil_key, date, period, registration_id, recorded_at)
                SELECT k, d::date, p, i::uuid, r
                FROM unnest(\(updates.map(\.key.pupilKey)), \(updates.map(\.key.date.description)), \(updates.map(\.key.period)),
                            \(updates.map(\.value.registrationId)), \(updates.map(\.value.recordedAt))) AS u(k, d, p, i, r)
                ON CONFLICT (pupil_key, date, period) DO UPDATE SET registration_id = EXCLUDED.registration_id, recorded_at = EXCLUDED.recorded_at
                WHERE current_registrations.recorded_at <= EXCLUDED.recorded_at
                """, logger: logger)
        }

        var events: [CloudEvent] = []
        var corrections = 0
        var stale = 0
        for ((id, item), outcome) in zip(inserted, plan.outcomes) {
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
                registrationId: id.uuidString.lowercased(), pupilKey: item.pupilKey, schoolId: registration.schoolId, date: registration.date,
                period: registration.period, status: registration.status, absenceCategory: registration.absenceCategory,
                minutesLate: registration.minutesLate, recordedAt: registration.recordedAt, sourceSystem: registration.sourceSystem,
                dayFraction: item.dayFraction, replacesRegistrationId: replaces), source: FremmoedeServiceName.intake.eventSource, time: now))
        }
        try await Outbox.enqueue(events, on: connection, logger: logger)
        return (corrections, stale)
    }

    /// `attendance.rejected` for each bad item: the field and reason, never the pupil's id or name.
    private func rejections(_ errors: [ItemError], batch: RegistrationBatch, source: Source?, channel: AttendanceRejected.Channel,
                            now: Date) throws -> [CloudEvent] {
        try errors.map { error in
            let input = batch.registrations.indices.contains(error.index) && !error.field.hasPrefix("pupils[") ? batch.registrations[error.index] : nil
            return try CloudEvent(AttendanceRejected(
                rejectionId: UUID().uuidString.lowercased(), sourceSystem: input?.topicSource ?? source?.sourceSystem ?? InputText.printable(input?.sourceSystem),
                sourceRegistrationId: InputText.printable(input?.sourceRegistrationId).map(PrivacyMask.mask), schoolId: InputText.printable(input?.schoolId), channel: channel, field: error.field, reason: PrivacyMask.mask(error.reason), receivedAt: now),
                source: FremmoedeServiceName.intake.eventSource, time: now)
        }
    }
}
