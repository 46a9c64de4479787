import Shared

/// What ScreeningService holds of one pupil: enrolment, day aggregates, concerns, events not yet
/// purged. An erasure takes the processors' lock exclusively and bumps `control.epoch`, so no batch
/// writes the pupil back from memory: each reloads its state from the database first.
enum ScreeningPupilData {
    static let inventory = PupilData(
        service: "screening",
        parts: [.byPupilKey("pupils"), .byPupilKey("pupil_days"), .byPupilKey("concerns"), .outbox],
        beforeErasure: ["SELECT pg_advisory_xact_lock(7463001)"],
        afterErasure: ["UPDATE control SET epoch = epoch + 1 WHERE id = 1"])
}
