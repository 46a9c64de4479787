import PostgresNIO

extension PostgresConnection {
    /// Runs `body` while every `NOTIFY` on `channel` rings `doorbell` — a loop that would poll a
    /// table instead waits on the doorbell and wakes with the writer's commit.
    func whileListening<Value: Sendable>(to channel: String, ringing doorbell: Doorbell, _ body: () async throws -> Value) async throws -> Value {
        try await listen(on: channel) { notifications in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in notifications { doorbell.ring() }
                }
                defer { group.cancelAll() }
                return try await body()
            }
        }
    }
}

extension PostgresClient {
    /// `whileListening` on a connection of the pool kept for as long as `body` runs; the channel is
    /// the schema's own (`<prefix>_<schema>`, as the tables' notify triggers name it).
    public func whileListening<Value: Sendable>(to prefix: String, ringing doorbell: Doorbell, logger: Logger,
                                                _ body: @Sendable () async throws -> Value) async throws -> Value {
        try await withConnection { connection in
            let channel = try await connection.schemaChannel(prefix, logger: logger)
            return try await connection.whileListening(to: channel, ringing: doorbell, body)
        }
    }
}

extension PostgresConnection {
    /// `<prefix>_<current schema>`: notifications are database-wide, so each schema has its channel.
    func schemaChannel(_ prefix: String, logger: Logger) async throws -> String {
        var schema = ""
        for try await name in try await query("SELECT current_schema()", logger: logger).decode(String.self) { schema = name }
        return "\(prefix)_\(schema)"
    }
}
