import Foundation
import Logging
import MunicipalityGenerator
import PostgresNIO
import Shared

/// Measures IntakeService on one machine (scripts/bench-intake starts it): the same generated
/// registrations through the Kafka feed, through HTTP batches of 1,000, and PostgreSQL COPY into
/// the same table; prints registrations/s and the ratios, all from one run.
@main
struct IntakeBenchmark {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) -> String {
            guard let value = environment[name] else { fatalError("\(name) must be set (scripts/bench-intake sets it)") }
            return value
        }
        let rows = Int(environment["BENCH_ROWS"] ?? "") ?? 200_000
        let days = 40
        var logger = Logger(label: "intake-benchmark")
        logger.logLevel = .error
        let bench = Bench(intake: value("INTAKE_URL"), intakeOperations: value("INTAKE_OPERATIONS_URL"), adminToken: value("INTAKE_ADMIN_TOKEN"),
                          bootstrap: value("KAFKA_BOOTSTRAP"),
                          brokerControl: value("KAFKA_DEV_CONTROL_URL"), databaseURL: value("DATABASE_URL"), schema: environment["INTAKE_SCHEMA"] ?? "intake", logger: logger)
        try await bench.run(rows: rows, days: days)
    }
}

struct Bench {
    let intake: String
    let intakeOperations: String
    let adminToken: String
    let bootstrap: String
    let brokerControl: String
    let databaseURL: String
    let schema: String
    let logger: Logger
    let run = String(UUID().uuidString.prefix(6)).lowercased()

    func run(rows: Int, days: Int) async throws {
        let pupils = rows / days
        let schools = (0..<20).map { String(format: "bench-\(run)-%02d", $0) }
        let dates = Self.weekdays(count: days, endingBefore: Date())
        print("IntakeBenchmark: \(rows) registrations per path (\(pupils) pupils × \(days) school days, 20 schools)")

        let database = try DatabaseConfiguration(url: databaseURL, schema: schema, maxConnections: 4)
        let postgres = PostgresClient(configuration: try database.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await postgres.run() }
            defer { group.cancelAll() }

            var results: [(String, Int, Double)] = []
            for path in ["kafka", "http"] {
                let key = try await register(source: "bench-\(path)-\(run)", schools: schools)
                try await setUp(schools: schools, dates: dates, pupils: pupils, prefix: path, key: key)
                let generated = Self.rows(prefix: path, pupils: pupils, dates: dates, schools: schools, source: "bench-\(path)-\(run)")
                // Serialised before the clock starts: the client's JSON work is not the service's.
                let started: ContinuousClock.Instant
                let consumedBefore = try await feedMessagesConsumed()
                if path == "kafka" {
                    // The source's own topic, read by Intake before the clock starts.
                    let topic = try await DevSourceFeed.open(source: "bench-\(path)-\(run)", partitions: 12, control: brokerControl,
                                                             kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "intake-benchmark"), logger: logger)
                    let messages = try generated.map { row in
                        KafkaProducerMessage(topic: topic, key: row["sourceRegistrationId"] as? String,
                                             value: Array(try JSONSerialization.data(withJSONObject: row)))
                    }
                    progress("kafka: sending")
                    started = .now
                    try await sendThroughKafka(messages)
                } else {
                    let batches = try stride(from: 0, to: generated.count, by: 1_000).map {
                        try JSONSerialization.data(withJSONObject: Array(generated[$0..<min($0 + 1_000, generated.count)]))
                    }
                    progress("http: sending")
                    started = .now
                    try await sendThroughHTTP(batches, key: key)
                }
                if path == "kafka" { try await waitForFeed(consumedBefore + rows) }
                try await waitForCount(rows, source: "bench-\(path)-\(run)", postgres: postgres)
                results.append((path == "kafka" ? "Kafka feed (the source's topic)" : "HTTP, batches of 1,000, 4 clients", rows,
                                (ContinuousClock.now - started).seconds))
            }
            let copyRows = Self.rows(prefix: "kafka", pupils: pupils, dates: dates, schools: schools, source: "bench-copy-\(run)")
            progress("copy: sending")
            let copySeconds = try await copy(copyRows, postgres: postgres)
            results.append(("PostgreSQL COPY into registrations", rows, copySeconds))

            let copyRate = Double(rows) / copySeconds
            print("")
            print("path                                      rows     seconds   registrations/s   × COPY")
            for (name, count, seconds) in results {
                let rate = Double(count) / seconds
                print(name.padding(toLength: 40, withPad: " ", startingAt: 0), String(format: "%8d  %8.2f  %16.0f  %7.2f", count, seconds, rate, rate / copyRate))
            }
        }
    }

    // MARK: set-up (not timed)

    func register(source: String, schools: [String]) async throws -> String {
        let reply = try await post("/v1/admin/sources", ["sourceSystem": source, "schools": schools], token: adminToken)
        return reply["apiKey"] as! String
    }

    func setUp(schools: [String], dates: [String], pupils: Int, prefix: String, key: String) async throws {
        for school in schools {
            _ = try await send("PUT", "/v1/schools/\(school)/calendar", ["schoolName": "Benchmark \(school)", "schoolYear": "2026/27", "schoolDays": dates], token: key)
        }
        let all = (0..<pupils).map { index -> [String: Any] in
            ["sourceId": "\(prefix)-\(run)-\(index)", "givenName": "Elev", "familyName": "Nummer \(index)", "schoolId": schools[index % schools.count],
             "className": "\(index % 10)A", "grade": index % 10, "enrolledFrom": "2026-08-10"]
        }
        for start in stride(from: 0, to: all.count, by: 5_000) {
            _ = try await post("/v1/pupils", Array(all[start..<min(start + 5_000, all.count)]), token: key)
        }
    }

    /// The same rows for each path: pupil × day, about 8 % absent, 4 % late, the rest present.
    static func rows(prefix: String, pupils: Int, dates: [String], schools: [String], source: String) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        rows.reserveCapacity(pupils * dates.count)
        var generator = SplitMix64(seed: 42)
        for (dayIndex, date) in dates.enumerated() {
            for pupil in 0..<pupils {
                let roll = Int.random(in: 0..<100, using: &generator)
                var row: [String: Any] = [
                    "sourceSystem": source, "sourceRegistrationId": "\(pupil)-\(dayIndex)", "pupilSourceId": "\(prefix)-\(source.split(separator: "-").last!)-\(pupil)",
                    "schoolId": schools[pupil % schools.count], "date": date, "period": "day", "recordedAt": "\(date)T08:15:00Z",
                ]
                switch roll {
                case 0..<8:
                    row["status"] = "absent"
                    row["absenceCategory"] = ["illness", "authorized", "unauthorized"][roll % 3]
                case 8..<12:
                    row["status"] = "late"
                    row["minutesLate"] = 5 + roll
                default: row["status"] = "present"
                }
                rows.append(row)
            }
        }
        return rows
    }

    // MARK: the paths

    func sendThroughKafka(_ messages: [KafkaProducerMessage]) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "intake-benchmark", extraProperties: ["queue.buffering.max.messages": "1000000"]),
            linger: .milliseconds(20)), logger: logger)
        for start in stride(from: 0, to: messages.count, by: 20_000) {
            _ = try await producer.send(Array(messages[start..<min(start + 20_000, messages.count)]))
        }
    }

    func sendThroughHTTP(_ batches: [Data], key: String) async throws {
        try await HTTPBatchClients(count: 4).post(batches, to: intake + "/v1/registrations", bearer: key)
    }

    func copy(_ rows: [[String: Any]], postgres: PostgresClient) async throws -> Double {
        var text = ""
        text.reserveCapacity(rows.count * 160)
        for row in rows {
            let category = row["absenceCategory"] as? String ?? "\\N"
            let minutes = (row["minutesLate"] as? Int).map(String.init) ?? "\\N"
            text += "\(UUID().uuidString)\t\(row["sourceSystem"]!)\t\(row["sourceRegistrationId"]!)\tKEY\(row["pupilSourceId"]!)\t\(row["schoolId"]!)\t\(row["date"]!)\tday\t\(row["status"]!)\t\(category)\t\(minutes)\t1\t\(row["recordedAt"]!)\n"
        }
        let started = ContinuousClock.now
        try await postgres.withConnection { connection in
            try await connection.copyFrom(
                table: "registrations",  // search_path is the schema; COPY quotes the name as one identifier
                columns: ["registration_id", "source_system", "source_registration_id", "pupil_key", "school_id", "date", "period", "status",
                          "absence_category", "minutes_late", "day_fraction", "recorded_at"],
                logger: logger
            ) { writer in
                var buffer = ByteBuffer()
                for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                    buffer.writeString(String(line))
                    buffer.writeInteger(UInt8(ascii: "\n"))
                    if buffer.readableBytes > 1 << 20 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        }
        return (ContinuousClock.now - started).seconds
    }

    /// Messages Intake's feed has committed (`events_consumed_total{consumer="intake-feed"}`, counted
    /// after each batch's transaction). Watched instead of counting the table every 50 ms: that count
    /// took as much of PostgreSQL's time as the feed's own statements.
    func feedMessagesConsumed() async throws -> Int {
        let metrics = try await HTTPExchange.send("GET", intakeOperations + "/metrics")
        let prefix = #"events_consumed_total{consumer="intake-feed"}"#
        for line in metrics.text.split(separator: "\n") where line.hasPrefix(prefix) {
            return Int(Double(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) ?? 0)
        }
        return 0
    }

    func waitForFeed(_ expected: Int) async throws {
        while try await feedMessagesConsumed() < expected {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Then the table is counted once (and again until it holds them all).
    func waitForCount(_ expected: Int, source: String, postgres: PostgresClient) async throws {
        while true {
            let rows = try await postgres.query("SELECT count(*)::int FROM \(unescaped: schema).registrations WHERE source_system = \(source)", logger: logger)
            var count = 0
            for try await (value) in rows.decode(Int.self) { count = value }
            if count >= expected { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: HTTP

    func post(_ path: String, _ body: Any, token: String) async throws -> [String: Any] {
        try await send("POST", path, body, token: token)
    }

    func send(_ method: String, _ path: String, _ body: Any, token: String) async throws -> [String: Any] {
        try await send(method, path, body: try JSONSerialization.data(withJSONObject: body), token: token)
    }

    func send(_ method: String, _ path: String, body: Data, token: String) async throws -> [String: Any] {
        let answer = try await HTTPExchange.send(method, intake + path, headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                                 body: body, timeout: .seconds(300))
        guard (200..<300).contains(answer.status) else {
            throw BenchError(description: "\(method) \(path) answered \(answer.status): \(answer.text.prefix(500))")
        }
        return (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
    }

    static func weekdays(count: Int, endingBefore now: Date) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var dates: [String] = []
        var day = calendar.date(byAdding: .day, value: -1, to: now)!
        while dates.count < count {
            let weekday = calendar.component(.weekday, from: day)
            if weekday != 1 && weekday != 7 {
                let parts = calendar.dateComponents([.year, .month, .day], from: day)
                dates.append(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))
            }
            day = calendar.date(byAdding: .day, value: -1, to: day)!
        }
        return dates.reversed()
    }
}

/// A progress line on stderr, unbuffered (so a profiler can start on cue).
func progress(_ line: String) {
    FileHandle.standardError.write(Data("\(line)\n".utf8))
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
}
