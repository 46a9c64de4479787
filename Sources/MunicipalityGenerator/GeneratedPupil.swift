import Shared

/// A pupil of the generated municipality, as the school system knows them: a (fictional) CPR
/// number as the source id, name, school, class and grade, enrolment.
public struct GeneratedPupil: Sendable, Equatable {
    public let index: Int
    /// The school system's id for the pupil: a fictional CPR number (ddmmyy-xxxx) that fits the
    /// grade's birth year. It never leaves IntakeService.
    public let sourceId: String
    public let givenName: String
    public let familyName: String
    public let schoolId: String
    /// The school's index in `Municipality.schools`.
    public let schoolIndex: Int
    public let className: String
    public let grade: Int
    public let enrolledFrom: SchoolDate
    public let profile: AbsenceProfile
    /// The ISO weekday of a weekday pattern (1 = Monday).
    public let patternWeekday: Int
    /// For rising profiles: the school day (index in the year) the trouble starts.
    public let onsetDay: Int
}
