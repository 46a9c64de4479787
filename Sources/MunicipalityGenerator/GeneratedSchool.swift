/// A school of the generated municipality.
public struct GeneratedSchool: Sendable, Equatable {
    public let index: Int
    public let schoolId: String
    public let name: String
    /// Registers per lesson, and only absences and late arrivals (an absence-only feed).
    public let lessonLevel: Bool
    public let lessonsPerDay: Int
}
