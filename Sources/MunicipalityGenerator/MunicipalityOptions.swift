import Shared

/// What to generate. The defaults are the demo municipality of the README: 20 schools and 8,000
/// pupils in the current school year.
public struct MunicipalityOptions: Sendable {
    public var schools: Int
    public var pupils: Int
    /// The calendar year the school year starts in.
    public var schoolYearStart: Int
    public var seed: UInt64
    /// School ids are `<prefix>-01`…; the demo uses `skole` so they match its attendance source.
    public var schoolPrefix: String
    /// Every n-th school registers per lesson (absences only, as many systems send them); 0: none.
    public var lessonSchoolEvery: Int
    /// Whether some unauthorized absences are corrected to illness two school days later (a
    /// doctor's note), as attendance systems send corrections.
    public var corrections: Bool
    /// The e-mail domain of generated staff and role mailboxes.
    public var mailDomain: String
    /// Added to each pupil's number in its CPR-shaped id, so two municipalities generated into one
    /// database (tests run again on the same stack) do not share pupils.
    public var serialOffset: Int

    public init(schools: Int = 20, pupils: Int = 8_000, schoolYearStart: Int = 2026, seed: UInt64 = 2026,
                schoolPrefix: String = "skole", lessonSchoolEvery: Int = 4, corrections: Bool = true,
                mailDomain: String = "demo-kommune.dk", serialOffset: Int = 0) {
        self.schools = schools
        self.pupils = pupils
        self.schoolYearStart = schoolYearStart
        self.seed = seed
        self.schoolPrefix = schoolPrefix
        self.lessonSchoolEvery = lessonSchoolEvery
        self.corrections = corrections
        self.mailDomain = mailDomain
        self.serialOffset = serialOffset
    }
}
