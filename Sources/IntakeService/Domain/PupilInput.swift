import Foundation
import Shared

/// A pupil and enrolment to upsert, as it arrived.
struct PupilInput: Sendable, Equatable {
    var index: Int
    var fields: [String: String]
}

/// A validated pupil (still with its source id: pseudonymised when stored).
struct Pupil: Sendable, Equatable {
    var index: Int
    var sourceId: String
    var givenName: String
    var familyName: String
    var schoolId: String
    var className: String
    var grade: Int
    var enrolledFrom: SchoolDate
    var enrolledTo: SchoolDate?
}

enum PupilValidator {
    static func validate(_ input: PupilInput) -> Result<Pupil, ItemError> {
        func fail(_ field: String, _ reason: String) -> Result<Pupil, ItemError> {
            .failure(ItemError(index: input.index, field: "pupils[\(input.index)].\(field)", reason: reason))
        }
        func text(_ name: String) -> String? {
            guard let value = input.fields[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        for name in input.fields.keys.sorted() where input.fields[name].map(InputText.hasControlCharacters) ?? false {
            return fail(name, "contains a control character")
        }
        guard let sourceId = text("sourceId") else { return fail("sourceId", "is required") }
        guard let givenName = text("givenName") else { return fail("givenName", "is required") }
        guard let familyName = text("familyName") else { return fail("familyName", "is required") }
        guard let schoolId = text("schoolId") else { return fail("schoolId", "is required") }
        guard let className = text("className") else { return fail("className", "is required") }
        guard let gradeText = text("grade") else { return fail("grade", "is required") }
        guard let grade = Int(gradeText), (0...10).contains(grade) else { return fail("grade", "'\(gradeText)' is not a grade 0–10") }
        guard let fromText = text("enrolledFrom") else { return fail("enrolledFrom", "is required") }
        guard let from = SchoolDate.accepted(fromText) else { return fail("enrolledFrom", "is not a date YYYY-MM-DD \(SchoolDate.acceptedRange)") }
        var to: SchoolDate?
        if let toText = text("enrolledTo") {
            guard let parsed = SchoolDate.accepted(toText) else { return fail("enrolledTo", "is not a date YYYY-MM-DD \(SchoolDate.acceptedRange)") }
            guard parsed >= from else { return fail("enrolledTo", "\(parsed) is before enrolledFrom \(from)") }
            to = parsed
        }
        return .success(Pupil(index: input.index, sourceId: sourceId, givenName: givenName, familyName: familyName, schoolId: schoolId,
                              className: className, grade: grade, enrolledFrom: from, enrolledTo: to))
    }
}
