import PostgresNIO

/// What a log line may say of an error. PostgresNIO's `String(reflecting:)` carries the query, its
/// bind values and the server's detail ("Key (name)=(…)"), which can be a child's name or free
/// text; a database error is logged by its code, SQLSTATE and message only, the way the HTTP path
/// does (`ProblemMiddleware`). Other errors are our own or the libraries' and are described as they
/// describe themselves.
public enum LoggableError {
    public static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError
            return inner.map(describe) ?? "database transaction failed"
        }
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState].map { " sqlstate \($0)" } ?? ""
            let message = psql.serverInfo?[.message].map { ": \($0)" } ?? ""
            return "database error (\(psql.code))\(state)\(message)"
        }
        if let decoding = error as? PostgresDecodingError {
            return "database decoding error (\(decoding.code)) of column \(decoding.columnName)"
        }
        return String(describing: error)
    }
}
