import Crypto
import Foundation
import Logging
import PostgresNIO

/// An attendance system allowed to send registrations for some schools.
struct Source: Sendable, Equatable {
    var sourceSystem: String
    var schools: Set<String>
}

/// Attendance systems and their API keys. Keys are 256-bit random values shown once; only their
/// SHA-256 is stored (a slow password hash buys nothing for keys of that entropy).
struct SourceStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "fmk_" + Base32.encode(bytes).lowercased()
    }

    func source(apiKey: String) async throws -> Source? {
        let rows = try await postgres.query("""
            SELECT source_system, schools FROM sources WHERE key_hash = \(Self.hash(apiKey))
            UNION ALL
            SELECT source_system, schools FROM sources
            WHERE previous_key_hash = \(Self.hash(apiKey)) AND previous_key_valid_until > now()
            """, logger: logger)
        for try await (name, schools) in rows.decode((String, [String]).self) {
            return Source(sourceSystem: name, schools: Set(schools))
        }
        return nil
    }

    func sources(named names: [String], on connection: PostgresConnection) async throws -> [String: Set<String>] {
        let rows = try await connection.query("SELECT source_system, schools FROM sources WHERE source_system = ANY(\(names))", logger: logger)
        var result: [String: Set<String>] = [:]
        for try await (name, schools) in rows.decode((String, [String]).self) { result[name] = Set(schools) }
        return result
    }

    /// Creates the source, or rotates its key and replaces its schools; returns the new key. The
    /// key it replaces stays valid for `overlap` (zero: refused at once), an older one no longer.
    func register(sourceSystem: String, schools: [String], overlap: Duration = .zero) async throws -> String {
        let key = Self.newKey()
        let overlapSeconds = Double(overlap.components.seconds)
        try await postgres.query("""
            INSERT INTO sources (source_system, key_hash, schools) VALUES (\(sourceSystem), \(Self.hash(key)), \(schools))
            ON CONFLICT (source_system) DO UPDATE SET key_hash = EXCLUDED.key_hash, schools = EXCLUDED.schools, rotated_at = now(),
                previous_key_hash = sources.key_hash,
                previous_key_valid_until = now() + make_interval(secs => \(overlapSeconds))
            """, logger: logger)
        return key
    }
}
