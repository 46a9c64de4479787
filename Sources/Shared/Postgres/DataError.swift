import Foundation
import NIOCore
import PostgresNIO

/// An error a consumer should retry rather than dead-letter the message it met.
public protocol RetryableError: Error {}

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

    /// Whether an error is worth a retry rather than a dead letter: the connection, the server
    /// (SQLSTATE other than classes 22 and 23: a serialization failure, a deadlock, the server
    /// shutting down, a missing table), Kafka, cancellation, and errors that say so
    /// (`RetryableError`). Anything else a handler throws is about the message: it is dead-lettered.
    public static func isRetryable(_ error: any Error) -> Bool {
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError
            return inner.map(isRetryable) ?? true
        }
        if error is PSQLError { return !isDataError(error) }
        return error is KafkaError || error is CancellationError || error is any RetryableError || error is IOError || error is ChannelError
    }

    /// What a dead letter's header and the log may say of an error: a database error by its
    /// SQLSTATE, a decoding error by where it failed (its debug text can quote the value).
    public static func reason(_ error: any Error) -> String {
        if error is PostgresTransactionError || error is PSQLError { return describe(error) }
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
                let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
                return "the data does not decode at '\(path)'"
            @unknown default:
                return "the data does not decode"
            }
        }
        return String(describing: error)
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
