import Shared

/// ScreeningService's own schema, versioned. The platform's outbox and inbox tables are applied before
/// these by `MigrationRunner`. Never edit an applied migration: add the next version.
enum ScreeningServiceMigrations {
    static let all: [Migration] = []
}
