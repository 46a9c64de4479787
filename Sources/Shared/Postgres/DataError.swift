import Foundation
import PostgresNIO

/// Whether an error is about the data being processed (it will fail again however often it is
/// retried: dead-letter the message) or about the connection, the server or a conflict (retry).
public enum DataError {
    /// PostgreSQL's data exceptions (class 22, e.g. 22021 a NUL in text) and integrity constraint
    /// violations (class 23), and values that cannot be encoded or decoded. Everything else — a lost
    /// connection, a serialization failure, the server shutting down, Kafka — is worth a retry.
    public static func isDataError(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            return [transaction.closureError, transaction.commitError].contains { $0.map(isDataError) ?? false }
        }
        if let database = error as? PSQLError {
            guard database.code == .server, let state = database.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("22") || state.hasPrefix("23")
        }
        return error is EncodingError || error is DecodingError
    }

    /// The SQLSTATE of a database error, for a dead letter's header (never the server's message,
    /// which can quote the value).
    public static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError ?? transaction.commitError {
            return describe(inner)
        }
        if let database = error as? PSQLError, let state = database.serverInfo?[.sqlState] { return "the database refused the data (SQLSTATE \(state))" }
        return String(describing: type(of: error))
    }
}
