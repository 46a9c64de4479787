import Foundation
import TestSupport
import XCTest
@testable import Shared
import CCurl

/// The one-machine stack that `scripts/test` started: the architecture §8 contract, the four
/// services ready, every topic on the broker, JSON logs, and a graceful stop on SIGTERM.
final class OneMachineStackTests: XCTestCase {
    static let serviceURLs = ["INTAKE_URL", "SCREENING_URL", "PLANNING_URL", "NOTIFICATION_URL"]

    func testStackEnvHasEveryKeyAClientNeeds() throws {
        let path = try TestStack.value("FREMMOEDE_TEST_STACK_ENV")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let keys = Set(text.split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        for key in ["KAFKA_BOOTSTRAP", "DATABASE_URL", "SMTP_MAILDIR", "INTAKE_URL", "SCREENING_URL", "PLANNING_URL",
                    "NOTIFICATION_URL", "DEMO_SOURCE_API_KEY", "DEMO_SOURCE_SYSTEM", "INTAKE_OPERATIONS_URL", "SCREENING_OPERATIONS_URL",
                    "PLANNING_OPERATIONS_URL", "NOTIFICATION_OPERATIONS_URL"] {
            XCTAssertTrue(keys.contains(key), "stack.env has \(key)")
        }
    }

    func testAllFourServicesAreReadyAndServeLivenessAndMetricsOnTheirOperationsPort() throws {
        for variable in Self.serviceURLs {
            let base = try TestStack.value(variable)
            let operations = try TestStack.value(variable.replacingOccurrences(of: "_URL", with: "_OPERATIONS_URL"))
            let ready = try TestStack.run("/usr/bin/curl", ["-sS", "-w", "\n%{http_code}", "\(operations)/health/ready"])
            let lines = ready.stdout.split(separator: "\n")
            XCTAssertEqual(lines.last, "200", "\(variable) ready: \(ready.stdout)")
            let body = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
            XCTAssertEqual(body?["checks"] as? [String: String], ["database": "ok", "kafka": "ok", "migrations": "ok"])

            let live = try TestStack.run("/usr/bin/curl", ["-fsS", "\(operations)/health/live"])
            XCTAssertEqual(live.status, 0)
            // Not on the public port: what the API or the web app serves knows nothing of them.
            for path in ["/metrics", "/health/ready", "/health/live"] {
                let onPublicPort = try TestStack.run("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "\(base)\(path)"])
                XCTAssertEqual(onPublicPort.stdout, "404", "\(variable)\(path) is not served on the public port")
            }
            let metrics = try TestStack.run("/usr/bin/curl", ["-fsS", "\(operations)/metrics"])
            XCTAssertTrue(metrics.stdout.contains("hb_requests"), "\(variable) exposes Prometheus metrics")
        }
    }

    func testKcatListsEveryTopicAndItsDeadLetterTopic() throws {
        let result = try TestStack.run("/usr/bin/kcat", ["-b", try TestStack.kafkaBootstrap, "-L"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for topic in FremmoedeTopic.allCases {
            // The raw feed is a topic per source: the demo source's is there, a shared one is not.
            let name = topic == .attendanceRegistrations ? FremmoedeTopic.sourceFeed(try TestStack.value("DEMO_SOURCE_SYSTEM")) : topic.rawValue
            XCTAssertTrue(result.stdout.contains("topic \"\(name)\" with 12 partitions"), name)
            XCTAssertTrue(result.stdout.contains("topic \"\(topic.deadLetterTopic)\""), topic.deadLetterTopic)
        }
        XCTAssertFalse(result.stdout.contains("topic \"attendance.registrations\" "), "no raw feed that every school system could write")
    }

    func testAServiceStartsLogsJSONAndStopsGracefullyOnSIGTERM() throws {
        let binary = TestStack.repositoryRoot.appendingPathComponent(".build/debug/NotificationService").path
        let port = 18_000 + Int.random(in: 0..<1000)
        var environment = ProcessInfo.processInfo.environment
        environment["HTTP_PORT"] = String(port)
        environment["OPERATIONS_PORT"] = String(port + 1000)
        environment["KAFKA_CONSUMER_GROUP"] = TestStack.unique("sigterm")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()

        var ready = false
        for _ in 0..<150 where !ready {
            let probe = try TestStack.run("/usr/bin/curl", ["-fsS", "http://127.0.0.1:\(port + 1000)/health/ready"])
            ready = probe.status == 0
            if !ready { Thread.sleep(forTimeInterval: 0.2) }
        }
        XCTAssertTrue(ready, "the service became ready")
        let started = Date()
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0, "a graceful stop exits 0")
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)

        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        XCTAssertFalse(lines.isEmpty)
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object, "a JSON log line: \(line)")
            XCTAssertEqual(object?["service"] as? String, "fremmoede-notification")
        }
        XCTAssertTrue(lines.contains { $0.contains("\"msg\":\"started\"") })
    }

    func testLibcurlOffersSMTPForTheNotificationService() {
        let info = fm_curl_version_info().pointee
        var protocols: [String] = []
        var pointer = info.protocols
        while let name = pointer?.pointee {
            protocols.append(String(cString: name))
            pointer = pointer?.advanced(by: 1)
        }
        XCTAssertTrue(protocols.contains("smtp") && protocols.contains("smtps"), "libcurl protocols: \(protocols)")
        XCTAssertNotEqual(info.features & CURL_VERSION_SSL, 0, "libcurl has TLS for STARTTLS")
    }
}
