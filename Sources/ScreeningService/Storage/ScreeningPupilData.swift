import Shared

/// What ScreeningService holds of one pupil: enrolment, day aggregates, concerns, events not yet
/// purged. Erased by `ScreeningBatchHandler`'s batch, in which the engine also drops the pupil from
/// memory (so no batch can write the pupil back; docs/privacy.md).
enum ScreeningPupilData {
    static let inventory = PupilData(
        service: "screening",
        parts: [.byPupilKey("pupils"), .byPupilKey("pupil_days"), .byPupilKey("concerns"), .outbox])
}
