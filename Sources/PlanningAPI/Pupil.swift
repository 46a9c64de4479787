/// A pupil as Planning knows them from `pupil.directory`: the name, school and class. An erased
/// pupil keeps the key and loses the name.
public struct Pupil: Codable, Sendable, Equatable {
    public var pupilKey: String
    public var givenName: String
    public var familyName: String
    public var schoolId: String
    public var schoolName: String
    public var className: String
    public var grade: Int
    public var erased: Bool

    public init(pupilKey: String, givenName: String, familyName: String, schoolId: String, schoolName: String, className: String, grade: Int,
                erased: Bool) {
        self.pupilKey = pupilKey
        self.givenName = givenName
        self.familyName = familyName
        self.schoolId = schoolId
        self.schoolName = schoolName
        self.className = className
        self.grade = grade
        self.erased = erased
    }
}
