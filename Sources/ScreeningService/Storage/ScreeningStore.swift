import Foundation
import Logging
import PostgresNIO
import Shared

/// Reads and writes Screening's state: calendars, pupils with their day records and concerns,
/// watermarks, offsets. Every write of a batch happens on the batch's connection, in its transaction.
struct ScreeningStore: Sendable {
    let logger: Logger

    struct Control: Equatable {
        var epoch: Int64
        var calendarVersion: Int64
        var policyVersion: Int
    }

    /// Under a shared lock, so a recompute (exclusive) never interleaves with a batch.
    func lockAndReadControl(on connection: PostgresConnection, exclusive: Bool = false) async throws -> Control {
        let lock: PostgresQuery = exclusive ? "SELECT pg_advisory_xact_lock(7463001)" : "SELECT pg_advisory_xact_lock_shared(7463001)"
        try await connection.query(lock, logger: logger)
        let rows = try await connection.query(
            "SELECT epoch, calendar_version, (SELECT coalesce(max(version), 0) FROM policies) FROM control WHERE id = 1", logger: logger)
        for try await (epoch, calendarVersion, policyVersion) in rows.decode((Int64, Int64, Int).self) {
            return Control(epoch: epoch, calendarVersion: calendarVersion, policyVersion: policyVersion)
        }
        throw MissingControlRow()
    }

    /// Storage is not as the migrations left it: retried, never a reason to dead-letter a batch.
    struct MissingControlRow: RetryableError, CustomStringConvertible {
        var description: String { "control row missing" }
    }

    func bumpEpoch(on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE control SET epoch = epoch + 1 WHERE id = 1", logger: logger)
    }

    func calendars(on connection: PostgresConnection) async throws -> [String: SchoolCalendarIndex] {
        var days: [String: [Int]] = [:]
        let rows = try await connection.query("SELECT school_id, day - DATE '1970-01-01' FROM school_days", logger: logger)
        for try await (school, day) in rows.decode((String, Int).self) { days[school, default: []].append(day) }
        return days.mapValues(SchoolCalendarIndex.init(days:))
    }

    func saveCalendar(_ calendar: SchoolCalendar, on connection: PostgresConnection) async throws {
        guard let (first, last) = ScreeningEngine.schoolYearBounds(calendar.schoolYear) else { return }
        try await connection.query("""
            DELETE FROM school_days WHERE school_id = \(calendar.schoolId)
              AND day BETWEEN DATE '1970-01-01' + \(first)::int AND DATE '1970-01-01' + \(last)::int
            """, logger: logger)
        try await connection.query("""
            INSERT INTO school_days (school_id, day)
            SELECT \(calendar.schoolId), DATE '1970-01-01' + d FROM unnest(\(calendar.schoolDays.map(\.dayNumber))::int[]) AS d
            ON CONFLICT DO NOTHING
            """, logger: logger)
        try await connection.query("UPDATE control SET calendar_version = calendar_version + 1 WHERE id = 1", logger: logger)
    }

    /// What to load of a pupil: the first day and the first concern's day (`RuleHorizon.loadFrom`),
    /// given the pupil's school, partition and the end of its enrolment.
    typealias LoadFrom = (_ schoolId: String, _ partition: Int32, _ enrolledTo: Int?) -> (days: Int, concerns: Int)

    /// The pupils of some partitions (nil: every pupil of a school, or all), each with the days and
    /// concerns `loadFrom` asks for, its open concerns and the counts that number its next ones.
    func pupils(partitions: [Int32]? = nil, schoolId: String? = nil, loadFrom: LoadFrom, on connection: PostgresConnection) async throws -> [PupilRecord] {
        let partitionList = (partitions ?? []).map(Int.init)
        let all = partitions == nil
        let school = schoolId ?? ""
        var records: [String: PupilRecord] = [:]
        var bounds: [(key: String, days: Int, concerns: Int)] = []
        let pupilRows = try await connection.query("""
            SELECT pupil_key, school_id, partition, enrolled_from - DATE '1970-01-01', enrolled_to - DATE '1970-01-01',
                   coalesce(last_summary_week - DATE '1970-01-01', 0), last_summary_had_absence
            FROM pupils WHERE (\(all) OR partition = ANY(\(partitionList)::int[])) AND (\(school) = '' OR school_id = \(school))
            """, logger: logger)
        for try await (key, school, partition, from, to, week, hadAbsence) in pupilRows.decode((String, String, Int32, Int?, Int?, Int, Bool).self) {
            var record = PupilRecord(absence: PupilAbsence(pupilKey: key, schoolId: school, enrolledFrom: from, enrolledTo: to), partition: partition)
            record.lastSummaryWeek = week
            record.lastSummaryHadAbsence = hadAbsence
            records[key] = record
            let bound = loadFrom(school, partition, to)
            bounds.append((key, bound.days, bound.concerns))
        }
        guard !bounds.isEmpty else { return [] }
        let keys = bounds.map(\.key)
        var days: [String: [PupilDay]] = [:]
        let dayRows = try await connection.query("""
            SELECT d.pupil_key, d.day - DATE '1970-01-01', illness_periods, authorized_periods, unauthorized_periods, late_periods,
                   present_periods, lesson_share, recorded_at
            FROM unnest(\(keys)::text[], \(bounds.map(\.days))::int[]) AS b(k, f)
            JOIN pupil_days d ON d.pupil_key = b.k AND d.day >= DATE '1970-01-01' + b.f
            """, logger: logger)
        for (key, day) in try await decodeDays(dayRows) { days[key, default: []].append(day) }
        let concernRows = try await connection.query("""
            SELECT c.pupil_key, c.concern_id, c.rule, c.period, c.status
            FROM unnest(\(keys)::text[], \(bounds.map(\.concerns))::int[]) AS b(k, f)
            JOIN concerns c ON c.pupil_key = b.k AND (c.status = 'open' OR c.raised_as_of >= DATE '1970-01-01' + b.f)
            """, logger: logger)
        for try await (key, concernId, ruleName, period, status) in concernRows.decode((String, String, String, String, String).self) {
            guard let rule = AbsenceRule(rawValue: ruleName) else { continue }
            records[key]?.concernCounts[ConcernLifecycle.countKey(rule, period), default: 0] += 1
            if status == "open" { records[key]?.open.append(OpenConcern(concernId: concernId, rule: rule, period: period)) }
        }
        return records.values.map { record in
            var record = record
            record.absence.restore(days[record.absence.pupilKey] ?? [])
            return record
        }
    }

    /// Stored days of some pupils, by pupil (`ScreeningEngine.daysToRestore`).
    func days(_ wanted: [(pupilKey: String, day: Int)], on connection: PostgresConnection) async throws -> [String: [PupilDay]] {
        guard !wanted.isEmpty else { return [:] }
        var days: [String: [PupilDay]] = [:]
        let rows = try await connection.query("""
            SELECT d.pupil_key, d.day - DATE '1970-01-01', illness_periods, authorized_periods, unauthorized_periods, late_periods,
                   present_periods, lesson_share, recorded_at
            FROM unnest(\(wanted.map(\.pupilKey))::text[], \(wanted.map(\.day))::int[]) AS w(k, d)
            JOIN pupil_days d ON d.pupil_key = w.k AND d.day = DATE '1970-01-01' + w.d
            """, logger: logger)
        for (key, day) in try await decodeDays(rows) { days[key, default: []].append(day) }
        return days
    }

    private func decodeDays(_ rows: PostgresRowSequence) async throws -> [(String, PupilDay)] {
        var days: [(String, PupilDay)] = []
        for try await (key, day, illness, authorized, unauthorized, late, present, share, recordedAt)
            in rows.decode((String, Int, Int, Int, Int, Int, Int, Double, Int64).self) {
            days.append((key, PupilDay(
                day: day, illness: UInt16(illness), authorized: UInt16(authorized), unauthorized: UInt16(unauthorized),
                late: UInt16(late), present: UInt16(present), lessonShare: share, recordedAt: recordedAt)))
        }
        return days
    }

    func watermarks(partitions: [Int32]?, on connection: PostgresConnection) async throws -> [SchoolPartition: Int] {
        var marks: [SchoolPartition: Int] = [:]
        let partitionList = (partitions ?? []).map(Int.init)
        let rows = try await connection.query("""
            SELECT school_id, partition, day - DATE '1970-01-01' FROM watermarks
            WHERE \(partitions == nil) OR partition = ANY(\(partitionList)::int[])
            """, logger: logger)
        for try await (school, partition, day) in rows.decode((String, Int32, Int).self) {
            marks[SchoolPartition(schoolId: school, partition: partition)] = day
        }
        return marks
    }

    /// Writes what a batch (or a recompute) changed, and its events to the outbox.
    func save(_ output: ScreeningEngine.Output, engine: ScreeningEngine, source: String, on connection: PostgresConnection) async throws {
        for calendar in output.changedCalendars { try await saveCalendar(calendar, on: connection) }
        if !output.changedPupils.isEmpty {
            let records = output.changedPupils.compactMap { engine.pupils[$0] }
            try await connection.query("""
                INSERT INTO pupils (pupil_key, school_id, partition, enrolled_from, enrolled_to, last_summary_week, last_summary_had_absence)
                SELECT k, s, p, DATE '1970-01-01' + NULLIF(f, -2147483648), DATE '1970-01-01' + NULLIF(t, -2147483648),
                       DATE '1970-01-01' + NULLIF(w, 0), a
                FROM unnest(\(records.map(\.absence.pupilKey))::text[], \(records.map(\.absence.schoolId))::text[],
                            \(records.map { Int($0.partition) })::int[], \(records.map { $0.absence.enrolledFrom ?? -2147483648 })::int[],
                            \(records.map { $0.absence.enrolledTo ?? -2147483648 })::int[], \(records.map(\.lastSummaryWeek))::int[],
                            \(records.map(\.lastSummaryHadAbsence))::bool[]) AS u(k, s, p, f, t, w, a)
                ON CONFLICT (pupil_key) DO UPDATE SET school_id = excluded.school_id, partition = excluded.partition,
                    enrolled_from = excluded.enrolled_from, enrolled_to = excluded.enrolled_to,
                    last_summary_week = excluded.last_summary_week, last_summary_had_absence = excluded.last_summary_had_absence
                """, logger: logger)
        }
        let days = output.changedDays.flatMap { key, days in days.values.map { (key, $0) } }
        if !days.isEmpty {
            try await connection.query("""
                INSERT INTO pupil_days (pupil_key, day, illness_periods, authorized_periods, unauthorized_periods, late_periods, present_periods,
                                        lesson_share, recorded_at, illness, authorized, unauthorized)
                SELECT k, DATE '1970-01-01' + d, i, a, u, l, p, s, r, ish, ash, ush
                FROM unnest(\(days.map(\.0))::text[], \(days.map(\.1.day))::int[], \(days.map { Int($0.1.illness) })::int[],
                            \(days.map { Int($0.1.authorized) })::int[], \(days.map { Int($0.1.unauthorized) })::int[],
                            \(days.map { Int($0.1.late) })::int[], \(days.map { Int($0.1.present) })::int[], \(days.map(\.1.lessonShare))::float8[],
                            \(days.map { Int($0.1.recordedAt) })::bigint[], \(days.map(\.1.illnessShare))::float8[],
                            \(days.map(\.1.authorizedShare))::float8[], \(days.map(\.1.unauthorizedShare))::float8[])
                     AS x(k, d, i, a, u, l, p, s, r, ish, ash, ush)
                ON CONFLICT (pupil_key, day) DO UPDATE SET illness_periods = excluded.illness_periods,
                    authorized_periods = excluded.authorized_periods, unauthorized_periods = excluded.unauthorized_periods,
                    late_periods = excluded.late_periods, present_periods = excluded.present_periods, lesson_share = excluded.lesson_share,
                    recorded_at = excluded.recorded_at, illness = excluded.illness, authorized = excluded.authorized,
                    unauthorized = excluded.unauthorized
                """, logger: logger)
        }
        if !output.changedWatermarks.isEmpty {
            let marks = output.changedWatermarks.compactMap { key in engine.watermarks[key].map { (key, $0) } }
            try await connection.query("""
                INSERT INTO watermarks (school_id, partition, day)
                SELECT s, p, DATE '1970-01-01' + d FROM unnest(\(marks.map(\.0.schoolId))::text[], \(marks.map { Int($0.0.partition) })::int[],
                                                            \(marks.map(\.1))::int[]) AS x(s, p, d)
                ON CONFLICT (school_id, partition) DO UPDATE SET day = excluded.day
                """, logger: logger)
        }
        // A concern raised and resolved in the same batch is stored resolved at once, so that at
        // most one row per pupil, rule and period is open at any moment.
        let resolvedNow = Dictionary(output.resolved.map { ($0.event.concernId, $0) }, uniquingKeysWith: { first, _ in first })
        let raisedNow = Set(output.raised.map(\.event.concernId))
        // Concerns resolved that were raised in earlier batches first, freeing their open slot.
        let resolved = output.resolved.filter { !raisedNow.contains($0.event.concernId) }
        if !resolved.isEmpty {
            try await connection.query("""
                UPDATE concerns SET status = 'resolved', resolved_as_of = DATE '1970-01-01' + x.d, resolved_reason = x.r, resolved_at = now()
                FROM unnest(\(resolved.map(\.event.concernId))::text[], \(resolved.map(\.asOf))::int[], \(resolved.map(\.event.reason.rawValue))::text[]) AS x(id, d, r)
                WHERE concerns.concern_id = x.id
                """, logger: logger)
        }
        if !output.raised.isEmpty {
            let raised = output.raised
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let explanations = try raised.map { String(decoding: try encoder.encode($0.event.explanation), as: UTF8.self) }
            let resolution = raised.map { resolvedNow[$0.event.concernId] }
            try await connection.query("""
                INSERT INTO concerns (concern_id, pupil_key, school_id, rule, period, sequence, status, raised_as_of, window_start, window_end,
                                      explanation, escalates_concern_id, policy_version, raised_at, resolved_as_of, resolved_reason, resolved_at)
                SELECT id, k, s, r, p, q, CASE WHEN rr = '' THEN 'open' ELSE 'resolved' END, DATE '1970-01-01' + a, ws::date, we::date, e::jsonb,
                       NULLIF(esc, ''), v, now(), CASE WHEN rr = '' THEN NULL ELSE DATE '1970-01-01' + ra END, NULLIF(rr, ''),
                       CASE WHEN rr = '' THEN NULL ELSE now() END
                FROM unnest(\(raised.map(\.event.concernId))::text[], \(raised.map(\.event.pupilKey))::text[], \(raised.map(\.event.schoolId))::text[],
                            \(raised.map(\.event.rule))::text[], \(raised.map(\.event.period))::text[], \(raised.map(\.sequence))::int[],
                            \(raised.map(\.asOf))::int[], \(raised.map(\.event.windowStart.description))::text[],
                            \(raised.map(\.event.windowEnd.description))::text[], \(explanations)::text[],
                            \(raised.map { $0.event.escalatesConcernId ?? "" })::text[], \(raised.map { $0.event.policyVersion ?? 0 })::int[],
                            \(resolution.map { $0?.asOf ?? 0 })::int[], \(resolution.map { $0?.event.reason.rawValue ?? "" })::text[])
                     AS x(id, k, s, r, p, q, a, ws, we, e, esc, v, ra, rr)
                """, logger: logger)
        }
        var events: [CloudEvent] = []
        events.reserveCapacity(output.raised.count + output.resolved.count + output.summaries.count)
        // Concern events carry ids that follow from the concern, so a replay produces the same ids.
        for raised in output.raised { events.append(try CloudEvent(raised.event, source: source, id: raised.event.concernId)) }
        for resolved in output.resolved { events.append(try CloudEvent(resolved.event, source: source, id: "\(resolved.event.concernId)-resolved")) }
        for summary in output.summaries { events.append(try CloudEvent(summary, source: source)) }
        if !events.isEmpty { try await Outbox.enqueue(events, on: connection, logger: logger) }
        // Erased pupils last (the engine left them out of everything above): their rows go, and
        // the compacted absence.summary forgets them.
        for erased in output.erasures {
            try await PupilErasure.apply(erased, data: ScreeningPupilData.inventory, on: connection, logger: logger)
            try await Outbox.enqueueTombstone(topic: .absenceSummary, key: erased.pupilKey, source: source, on: connection, logger: logger)
        }
    }
}

extension ScreeningStore {
    /// A stored concern, as the pupil's profile shows it.
    struct Concern: Codable, Sendable {
        var concernId: String
        var rule: String
        var period: String
        var status: String
        var raisedAsOf: SchoolDate
        var resolvedAsOf: SchoolDate?
        var resolvedReason: String?
        var explanation: ConcernRaised.Explanation
    }

    /// One pupil with every stored day (the profile's daily series) and its open concerns; nothing
    /// of the other pupils is read.
    func pupil(_ pupilKey: String, on connection: PostgresConnection) async throws -> PupilRecord? {
        var record: PupilRecord?
        let rows = try await connection.query("""
            SELECT school_id, partition, enrolled_from - DATE '1970-01-01', enrolled_to - DATE '1970-01-01' FROM pupils WHERE pupil_key = \(pupilKey)
            """, logger: logger)
        for try await (school, partition, from, to) in rows.decode((String, Int32, Int?, Int?).self) {
            record = PupilRecord(absence: PupilAbsence(pupilKey: pupilKey, schoolId: school, enrolledFrom: from, enrolledTo: to), partition: partition)
        }
        guard var record else { return nil }
        let dayRows = try await connection.query("""
            SELECT pupil_key, day - DATE '1970-01-01', illness_periods, authorized_periods, unauthorized_periods, late_periods,
                   present_periods, lesson_share, recorded_at
            FROM pupil_days WHERE pupil_key = \(pupilKey)
            """, logger: logger)
        record.absence.restore(try await decodeDays(dayRows).map(\.1))
        let open = try await connection.query("SELECT concern_id, rule, period FROM concerns WHERE pupil_key = \(pupilKey) AND status = 'open'", logger: logger)
        for try await (concernId, ruleName, period) in open.decode((String, String, String).self) {
            guard let rule = AbsenceRule(rawValue: ruleName) else { continue }
            record.open.append(OpenConcern(concernId: concernId, rule: rule, period: period))
        }
        return record
    }

    func concerns(pupilKey: String, on connection: PostgresConnection) async throws -> [Concern] {
        let rows = try await connection.query("""
            SELECT concern_id, rule, period, status, raised_as_of::text, resolved_as_of::text, resolved_reason, explanation::text
            FROM concerns WHERE pupil_key = \(pupilKey) ORDER BY raised_as_of, rule
            """, logger: logger)
        var concerns: [Concern] = []
        for try await (id, rule, period, status, raised, resolved, reason, explanation)
            in rows.decode((String, String, String, String, String, String?, String?, String).self) {
            guard let raisedAsOf = SchoolDate(raised) else { continue }
            concerns.append(Concern(
                concernId: id, rule: rule, period: period, status: status, raisedAsOf: raisedAsOf,
                resolvedAsOf: resolved.flatMap(SchoolDate.init), resolvedReason: reason,
                explanation: try JSONDecoder().decode(ConcernRaised.Explanation.self, from: Data(explanation.utf8))))
        }
        return concerns
    }
}
