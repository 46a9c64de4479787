import Foundation
import Logging
import MunicipalityGenerator
import PostgresNIO
import Shared

/// What comes before the day and is not timed: the source registered for every school, each
/// school's calendar and every pupil through Intake's HTTP API (as a school system sends them),
/// until Screening holds every pupil and calendar.
struct NationalSetUp {
    let settings: NationalSettings
    let day: NationalDay
    let source: String
    let counters: ServiceCounters
    let postgres: PostgresClient
    let logger: Logger

    /// Registers the source and returns its API key.
    func registerSource() async throws -> String {
        let reply = try await send("POST", "/v1/admin/sources", ["sourceSystem": source, "schools": day.schools.map(\.schoolId)], token: settings.adminToken)
        guard let key = reply["apiKey"] as? String else { throw NationalBenchmarkError("registering \(source) gave no apiKey") }
        return key
    }

    func sendCalendars(key: String) async throws {
        let year = DanishSchoolYear(startYear: DanishSchoolYear.startYear(containing: day.date))
        let schoolDays = (year.schoolDays.filter { $0 < day.date } + [day.date]).map(\.description)
        let body: [String: Any] = ["schoolName": "Skole", "schoolYear": year.name, "schoolDays": schoolDays, "lessonsPerDay": NationalDay.maxLessons]
        for school in day.schools {
            _ = try await send("PUT", "/v1/schools/\(school.schoolId)/calendar", body, token: key)
        }
    }

    /// Pupils in batches of 5,000, no further ahead of Screening than the window.
    func sendPupils(key: String) async throws {
        let before = try await counters.read().screeningConsumed
        var sent = 0
        for start in stride(from: 0, to: day.pupils.count, by: 5_000) {
            while try await sent - (counters.read().screeningConsumed - before) > settings.window - 5_000 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let batch = day.pupils[start..<min(start + 5_000, day.pupils.count)].map { pupil -> [String: Any] in
                ["sourceId": pupil.sourceId, "givenName": pupil.givenName, "familyName": pupil.familyName, "schoolId": pupil.schoolId,
                 "className": pupil.className, "grade": pupil.grade, "enrolledFrom": pupil.enrolledFrom.description]
            }
            _ = try await send("POST", "/v1/pupils", batch, token: key)
            sent += batch.count
            if sent % 100_000 == 0 { progress("pupils: \(sent) sent") }
        }
    }

    /// Until Screening has stored every pupil and every school's calendar.
    func awaitScreening() async throws {
        let schema = settings.screeningSchema
        while true {
            let rows = try await postgres.query("""
                SELECT (SELECT count(*) FROM \(unescaped: schema).pupils)::int,
                       (SELECT count(DISTINCT school_id) FROM \(unescaped: schema).school_days WHERE day = \(day.date.description)::date)::int
                """, logger: logger)
            for try await (pupils, schools) in rows.decode((Int, Int).self) where pupils >= day.pupils.count && schools >= day.schools.count {
                return
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    private func send(_ method: String, _ path: String, _ body: Any, token: String) async throws -> [String: Any] {
        let answer = try await HTTPExchange.send(method, settings.intakeURL + path,
                                                 headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                                 body: try JSONSerialization.data(withJSONObject: body), timeout: .seconds(300))
        guard (200..<300).contains(answer.status) else {
            throw NationalBenchmarkError("\(method) \(path) answered \(answer.status): \(answer.text.prefix(500))")
        }
        return (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
    }
}

/// A progress line on stderr, unbuffered.
func progress(_ line: String) {
    FileHandle.standardError.write(Data("\(line)\n".utf8))
}
