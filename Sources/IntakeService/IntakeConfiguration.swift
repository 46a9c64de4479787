import Foundation
import Shared

/// IntakeService's own settings (beyond the shared ones).
struct IntakeConfiguration: Sendable {
    /// The municipality's secret behind pupil keys and the encryption of source ids.
    var pseudonymSecret: String
    /// Bearer token for `/v1/admin/*` (registering sources) until staff sign-in arrives.
    var adminToken: String?
    var maxBodyBytes: Int
    var maxBatchItems: Int
    /// Messages per batch on the Kafka feed, and how many transactions a batch is split into.
    var feedBatchSize: Int
    var feedLanes: Int

    static let developmentSecret = "fremmoede-development-secret-not-for-production"

    init(settings: Settings) throws {
        pseudonymSecret = try settings.secret("INTAKE_PSEUDONYM_SECRET") ?? Self.developmentSecret
        if pseudonymSecret.utf8.count < 16 {
            throw ConfigurationError(variable: "INTAKE_PSEUDONYM_SECRET", reason: "must be at least 16 bytes")
        }
        adminToken = try settings.secret("INTAKE_ADMIN_TOKEN")
        maxBodyBytes = try settings.int("INTAKE_MAX_BODY_BYTES", default: 16 * 1024 * 1024, range: 1024...1_073_741_824)
        maxBatchItems = try settings.int("INTAKE_MAX_BATCH_ITEMS", default: 10_000, range: 1...1_000_000)
        feedBatchSize = try settings.int("INTAKE_FEED_BATCH_SIZE", default: 5_000, range: 1...100_000)
        feedLanes = try settings.int("INTAKE_FEED_LANES", default: 2, range: 1...16)
    }
}
