import Shared

/// What ScreeningService holds of one pupil: enrolment, day aggregates, concerns, events not yet
/// purged. An erasure takes the processors' lock exclusively, so it never interleaves with a batch.
/// It does not make the processors reload (`control.epoch`): a reload drops the evaluations they
/// hold back until a school day is over. A processor may so keep the erased pupil in memory until
/// its next reload (rebalance or restart); see docs/privacy.md.
enum ScreeningPupilData {
    static let inventory = PupilData(
        service: "screening",
        parts: [.byPupilKey("pupils"), .byPupilKey("pupil_days"), .byPupilKey("concerns"), .outbox],
        beforeErasure: ["SELECT pg_advisory_xact_lock(7463001)"])
}
