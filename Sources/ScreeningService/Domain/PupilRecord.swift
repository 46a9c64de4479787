/// Everything the engine keeps about one pupil between batches.
struct PupilRecord: Sendable, Equatable {
    var absence: PupilAbsence
    /// The Kafka partition the pupil's events arrive on (its state moves with the partition).
    var partition: Int32
    var open: [OpenConcern] = []
    /// How many concerns of each rule and period the pupil has had (`ConcernLifecycle.countKey`).
    var concernCounts: [String: Int] = [:]
    /// The ISO week (day number of its Monday) of the last `absence.summary`, and whether it showed any absence.
    var lastSummaryWeek: Int = 0
    var lastSummaryHadAbsence: Bool = false

    /// Whether the pupil must be looked at again as days pass without registrations.
    var needsSweep: Bool { !open.isEmpty || lastSummaryHadAbsence }
}

/// A school's registrations in one partition, for the school's day boundary (watermark).
struct SchoolPartition: Hashable, Sendable {
    var schoolId: String
    var partition: Int32
}
