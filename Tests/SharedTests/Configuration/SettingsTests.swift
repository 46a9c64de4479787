import Foundation
import TestSupport
import XCTest
@testable import Shared

/// Configuration from the environment: defaults, and every malformed value named (pure logic).
final class SettingsTests: XCTestCase {
    func testDefaultsGiveTheOneMachineStack() throws {
        let configuration = try ServiceConfiguration(service: .planning, settings: Settings(environment: [:]))
        XCTAssertEqual(configuration.httpPort, 8080)
        XCTAssertEqual(configuration.database.schema, "planning")
        XCTAssertEqual(configuration.database.port, 54329)
        XCTAssertEqual(configuration.kafka.bootstrapServers, "127.0.0.1:9092")
        XCTAssertEqual(configuration.consumerGroup, "fremmoede-planning")
        XCTAssertEqual(try ServiceConfiguration(service: .intake, settings: Settings(environment: [:])).httpPort, 8081)
    }

    func testEnvironmentOverridesDefaults() throws {
        let configuration = try ServiceConfiguration(service: .screening, settings: Settings(environment: [
            "HTTP_PORT": "9000", "DATABASE_URL": "postgresql://svc:pw@db.example:6543/screening?sslmode=require",
            "KAFKA_BOOTSTRAP": "k1:9093,k2:9093", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "LOG_LEVEL": "debug",
        ]))
        XCTAssertEqual(configuration.httpPort, 9000)
        XCTAssertEqual(configuration.database.host, "db.example")
        XCTAssertEqual(configuration.database.port, 6543)
        XCTAssertEqual(configuration.database.username, "svc")
        XCTAssertEqual(configuration.database.password, "pw")
        XCTAssertEqual(configuration.database.tls, .require)
        XCTAssertEqual(configuration.kafka.properties["security.protocol"], "sasl_ssl")
        XCTAssertEqual(configuration.kafka.properties["sasl.mechanism"], "SCRAM-SHA-512")
        XCTAssertEqual(configuration.logLevel, .debug)
    }

    func testConsumersFetchWaitIsLibrdkafkasUnlessTheStackShortensIt() throws {
        func fetchWait(_ environment: [String: String]) throws -> String? {
            let configuration = try ServiceConfiguration(service: .screening, settings: Settings(environment: environment))
            return KafkaConsumerConfiguration(kafka: configuration.kafka, groupID: "g", topics: ["t"]).properties["fetch.wait.max.ms"]
        }
        XCTAssertEqual(try fetchWait([:]), "500")
        XCTAssertEqual(try fetchWait(["KAFKA_FETCH_WAIT_MS": "10"]), "10")
        let producer = KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: "k:9092", clientID: "p", fetchWait: .milliseconds(10)))
        XCTAssertNil(producer.properties["fetch.wait.max.ms"], "a consumer's setting only")
    }

    func testSecretsComeFromFiles() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try Data("s3cret\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try ServiceConfiguration(service: .intake, settings: Settings(environment: ["KAFKA_SASL_PASSWORD_FILE": file.path]))
        XCTAssertEqual(configuration.kafka.security.saslPassword, "s3cret")
    }

    func testAnEmptySecretFileIsAnErrorNotAnEmptySecret() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try Data(" \n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try Settings(environment: ["INTAKE_ADMIN_TOKEN_FILE": file.path]).secret("INTAKE_ADMIN_TOKEN")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.variable, "INTAKE_ADMIN_TOKEN_FILE")
        }
    }

    func testProductionIsTheDefaultAndNeedsItsSecrets() throws {
        XCTAssertEqual(try Settings(environment: [:]).deploymentEnvironment(), .production)
        XCTAssertThrowsError(try Settings(environment: [:]).secret("SOME_SECRET", inDevelopment: { "dev" })) { error in
            XCTAssertEqual((error as? ConfigurationError)?.variable, "SOME_SECRET")
        }
        XCTAssertEqual(try Settings(environment: ["FREMMOEDE_ENV": "development"]).secret("SOME_SECRET", inDevelopment: { "dev" }), "dev")
        XCTAssertEqual(try Settings(environment: ["SOME_SECRET": "given"]).secret("SOME_SECRET", inDevelopment: { "dev" }), "given")
        XCTAssertThrowsError(try Settings(environment: ["FREMMOEDE_ENV": "prod"]).deploymentEnvironment())
    }

    func testEachMalformedValueIsNamed() {
        let cases: [(String, String, String)] = [
            ("HTTP_PORT", "eighty", "expected a whole number"),
            ("HTTP_PORT", "70000", "outside"),
            ("DATABASE_URL", "mysql://x/y", "malformed"),
            ("DATABASE_URL", "postgres://host/db?sslmode=sometimes", "sslmode"),
            ("DATABASE_SCHEMA", "Robert'); DROP", "malformed"),
            ("KAFKA_BOOTSTRAP", "localhost", "host:port"),
            ("KAFKA_SECURITY_PROTOCOL", "tls", "expected one of"),
            ("LOG_LEVEL", "loud", "expected one of"),
            ("KAFKA_FETCH_WAIT_MS", "0", "outside"),
            ("KAFKA_SASL_PASSWORD_FILE", "/nonexistent/secret", "cannot read"),
        ]
        for (variable, value, reason) in cases {
            XCTAssertThrowsError(try ServiceConfiguration(service: .intake, settings: Settings(environment: [variable: value])), variable) { error in
                let message = String(describing: error)
                let named = variable == "DATABASE_SCHEMA" ? "DATABASE_URL" : variable
                XCTAssertTrue(message.contains(named), "\(message) names \(named)")
                XCTAssertTrue(message.contains(reason), "\(message) says \(reason)")
            }
        }
    }

    func testAServiceWithABadSettingExitsNonZeroNamingIt() throws {
        let binary = TestStack.repositoryRoot.appendingPathComponent(".build/debug/IntakeService").path
        var environment = ProcessInfo.processInfo.environment
        environment["HTTP_PORT"] = "not-a-port"
        let result = try TestStack.run(binary, [], environment: environment)
        XCTAssertEqual(result.status, 78, "EX_CONFIG")
        XCTAssertTrue(result.stderr.contains("HTTP_PORT"), result.stderr)
        XCTAssertTrue(result.stderr.contains("not-a-port"), result.stderr)
    }
}
