import Foundation

/// `pupil.directory` (compacted, keyed by pupil key): who a pupil is, for the services whose staff
/// must see it. The only topic that carries a name. `erased` marks a pupil erased on request.
public struct PupilDirectoryEntry: EventPayload {
    public static let topic = FremmoedeTopic.pupilDirectory

    public var pupilKey: String
    public var givenName: String
    public var familyName: String
    public var schoolId: String
    public var schoolName: String
    public var className: String
    public var grade: Int
    public var enrolledFrom: SchoolDate
    public var enrolledTo: SchoolDate?
    public var erased: Bool
    public var updatedAt: Date

    public init(
        pupilKey: String, givenName: String, familyName: String, schoolId: String, schoolName: String, className: String,
        grade: Int, enrolledFrom: SchoolDate, enrolledTo: SchoolDate? = nil, erased: Bool = false, updatedAt: Date
    ) {
        self.pupilKey = pupilKey
        self.givenName = givenName
        self.familyName = familyName
        self.schoolId = schoolId
        self.schoolName = schoolName
        self.className = className
        self.grade = grade
        self.enrolledFrom = enrolledFrom
        self.enrolledTo = enrolledTo
        self.erased = erased
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { pupilKey }
}
