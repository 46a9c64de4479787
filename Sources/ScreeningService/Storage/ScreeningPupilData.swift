import Shared

/// What ScreeningService holds of one pupil: enrolment, day aggregates, concerns, events not yet
/// purged. It neither takes the processors' lock (which stopped concerns being raised on the test
/// stack) nor makes them reload (`control.epoch`; a reload drops the evaluations they hold back
/// until a school day is over). A processor may so keep the erased pupil in memory until its next
/// reload (rebalance or restart), and a batch running at that moment may write days back; see
/// docs/privacy.md.
enum ScreeningPupilData {
    static let inventory = PupilData(
        service: "screening",
        parts: [.byPupilKey("pupils"), .byPupilKey("pupil_days"), .byPupilKey("concerns"), .outbox])
}
