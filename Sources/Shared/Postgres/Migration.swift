import Crypto
import Foundation

/// One versioned migration: SQL statements applied in order in one transaction. (Statements are
/// listed one by one because PostgreSQL's extended protocol takes one statement per query.)
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// Detects an applied migration whose text was changed afterwards.
    var checksum: String {
        SHA256.hash(data: Array(statements.joined(separator: ";\n").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
