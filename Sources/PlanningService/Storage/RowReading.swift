import Foundation
import PostgresNIO
import Shared

/// Reading rows by column name, and the JSON and date columns this schema uses.
struct Columns {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func callAsFunction<T: PostgresDecodable>(_ name: String, _ type: T.Type = T.self) throws -> T {
        try row[name].decode(T.self)
    }

    /// A `date` column selected as `::text`.
    func date(_ name: String) throws -> SchoolDate? {
        try self(name, String?.self).flatMap(SchoolDate.init)
    }

    /// A `jsonb` column selected as `::text`.
    func json<T: Decodable>(_ name: String, _ type: T.Type = T.self) throws -> T? {
        guard let text = try self(name, String?.self) else { return nil }
        return try JSONColumn.decode(T.self, from: text)
    }
}

enum JSONColumn {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try EventCoding.encoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try EventCoding.decoder().decode(T.self, from: Data(text.utf8))
    }
}

extension PostgresRowSequence {
    /// All rows, each read by `read`.
    func collect<T>(_ read: (Columns) throws -> T) async throws -> [T] {
        var result: [T] = []
        for try await row in self { result.append(try read(Columns(row))) }
        return result
    }
}
