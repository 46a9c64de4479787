import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// A database error as a background loop logs it: never the query's bind values or the server's
/// detail, which can hold a child's name (against the test stack's PostgreSQL).
final class LoggableErrorTests: XCTestCase {
    func testADatabaseErrorIsLoggedWithoutTheValuesItCarried() async throws {
        // Name-like but no test pupil's, so the privacy scan of PostgreSQL's own log stays exact.
        let name = "Hemmelig Værdi-\(UUID().uuidString.prefix(6))"
        let logger = Logger(label: "test")
        let failure: any Error = try await TestStack.withPostgres(schema: "public") { postgres in
            try await postgres.withConnection { connection -> any Error in
                try await connection.query("CREATE TEMP TABLE directory (name text PRIMARY KEY)", logger: logger)
                try await connection.query("INSERT INTO directory (name) VALUES (\(name))", logger: logger)
                do {
                    try await connection.query("INSERT INTO directory (name) VALUES (\(name))", logger: logger)
                    XCTFail("a second row with the same name is refused")
                    return CancellationError()
                } catch {
                    return error
                }
            }
        }
        XCTAssertTrue(String(reflecting: failure).contains(name), "the hazard: PostgresNIO's reflection carries the value")
        let logged = LoggableError.describe(failure)
        XCTAssertFalse(logged.contains(name), logged)
        XCTAssertTrue(logged.contains("23505"), "the SQLSTATE is kept: \(logged)")
        XCTAssertTrue(logged.contains("duplicate key"), "the server's message is kept: \(logged)")

        let wrapped: any Error = try await TestStack.withPostgres(schema: "public") { postgres in
            do {
                try await postgres.withTransaction(logger: logger) { connection in
                    try await connection.query("CREATE TEMP TABLE directory (name text PRIMARY KEY)", logger: logger)
                    try await connection.query("INSERT INTO directory (name) VALUES (\(name)), (\(name))", logger: logger)
                }
                XCTFail("the transaction fails")
                return CancellationError()
            } catch {
                return error
            }
        }
        XCTAssertTrue(wrapped is PostgresTransactionError)
        XCTAssertFalse(LoggableError.describe(wrapped).contains(name), "a transaction's error is unwrapped the same way")
        XCTAssertTrue(LoggableError.describe(wrapped).contains("23505"), LoggableError.describe(wrapped))
    }
}
