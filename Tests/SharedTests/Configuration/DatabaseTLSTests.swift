import Foundation
import XCTest
@testable import Shared

/// PostgreSQL TLS settings from the libpq-style URL: sslmode and sslrootcert.
final class DatabaseTLSTests: XCTestCase {
    func testSSLModeAndRootCertificate() throws {
        let ca = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID()).crt")
        try Data("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".utf8).write(to: ca)
        defer { try? FileManager.default.removeItem(at: ca) }
        let configuration = try DatabaseConfiguration(
            url: "postgres://intake@intake-db-rw:5432/intake?sslmode=verify-full&sslrootcert=\(ca.path)", schema: "intake")
        XCTAssertEqual(configuration.tls, .require)
        XCTAssertEqual(configuration.rootCertificatePath, ca.path)
        XCTAssertNoThrow(try configuration.clientConfiguration())
        XCTAssertEqual(try DatabaseConfiguration(url: "postgres://h/db", schema: "s").tls, .disable)
        XCTAssertThrowsError(try DatabaseConfiguration(url: "postgres://h/db?sslmode=require&sslrootcert=/no/such/ca.crt", schema: "s")) {
            XCTAssertTrue("\($0)".contains("sslrootcert"), "\($0)")
        }
    }
}
