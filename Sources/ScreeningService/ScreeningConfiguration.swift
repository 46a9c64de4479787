import Shared

/// ScreeningService's own settings (beyond the shared ones).
struct ScreeningConfiguration: Sendable {
    /// Staff sign-in (policy, profiles, recompute, audit log, export).
    var auth: AuthConfiguration
    /// Events per batch: one transaction, one pass of the engine.
    var batchSize: Int

    init(settings: Settings) throws {
        auth = try AuthConfiguration(settings: settings)
        batchSize = try settings.int("SCREENING_BATCH_SIZE", default: 5000, range: 1...100_000)
    }
}
