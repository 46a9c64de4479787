import Foundation
import Shared

/// IntakeService's own settings (beyond the shared ones).
struct IntakeConfiguration: Sendable {
    /// The municipality's secret behind pupil keys and the encryption of source ids.
    var pseudonymSecret: String
    /// A bootstrap bearer token for `/v1/admin/*`, for scripts that register sources before any
    /// staff member signs in (the one-machine stack). Opt-in: unset (the default, and what the
    /// Kubernetes manifests do), only a staff token with the municipality-admin role is taken.
    var adminToken: String?
    /// Staff sign-in (admin API, audit log, export).
    var auth: AuthConfiguration
    /// How long a rotated source key keeps working beside its successor.
    var keyOverlap: Duration
    var maxBodyBytes: Int
    var maxBatchItems: Int
    /// Messages per batch on the Kafka feed, and how many transactions a batch is split into.
    var feedBatchSize: Int
    var feedLanes: Int
    /// How soon a source's raw-feed topic created while Intake runs is read (the cluster's topics are
    /// listed again this often).
    var feedTopicRefresh: Duration
    /// When the schools' days start, for the minutes late of an Ed-Fi `arrivalTime`.
    var schoolStartTimes: SchoolStartTimes

    static let developmentSecret = "fremmoede-development-secret-not-for-production"

    init(settings: Settings) throws {
        pseudonymSecret = try settings.secret("INTAKE_PSEUDONYM_SECRET", inDevelopment: { Self.developmentSecret })
        if pseudonymSecret.utf8.count < 16 {
            throw ConfigurationError(variable: "INTAKE_PSEUDONYM_SECRET", reason: "must be at least 16 bytes")
        }
        if pseudonymSecret == Self.developmentSecret, try settings.deploymentEnvironment() != .development {
            throw ConfigurationError(variable: "INTAKE_PSEUDONYM_SECRET", reason: "is the well-known development secret: give the municipality's own")
        }
        // Opt-in; a short token is guessable, and anything that reaches the admin API can register sources.
        adminToken = try settings.secret("INTAKE_ADMIN_TOKEN")
        if let adminToken, adminToken.utf8.count < 32 {
            throw ConfigurationError(variable: "INTAKE_ADMIN_TOKEN", reason: "must be at least 32 characters when set")
        }
        auth = try AuthConfiguration(settings: settings)
        keyOverlap = .seconds(try settings.int("INTAKE_KEY_OVERLAP_HOURS", default: 24, range: 0...24 * 90) * 3600)
        maxBodyBytes = try settings.int("INTAKE_MAX_BODY_BYTES", default: 16 * 1024 * 1024, range: 1024...1_073_741_824)
        maxBatchItems = try settings.int("INTAKE_MAX_BATCH_ITEMS", default: 10_000, range: 1...1_000_000)
        feedBatchSize = try settings.int("INTAKE_FEED_BATCH_SIZE", default: 5_000, range: 1...100_000)
        feedLanes = try settings.int("INTAKE_FEED_LANES", default: 2, range: 1...16)
        feedTopicRefresh = .seconds(try settings.int("INTAKE_FEED_TOPIC_REFRESH_SECONDS", default: 60, range: 1...3600))
        do {
            schoolStartTimes = try SchoolStartTimes.parse(standard: settings.string("INTAKE_SCHOOL_START", default: "08:00"),
                                                          bySchool: settings.optionalString("INTAKE_SCHOOL_START_TIMES"))
        } catch {
            throw ConfigurationError(variable: "INTAKE_SCHOOL_START / INTAKE_SCHOOL_START_TIMES", reason: error.reason)
        }
    }
}
