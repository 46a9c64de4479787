import Foundation
import Shared

/// What IntakeService does with a parsed body before it touches storage: every pupil and every
/// registration through its validator. A fuzz input may be refused, never crash.
enum IntakeExercise {
    static let today = SchoolDate(year: 2026, month: 11, day: 24)!

    static func run(_ batch: RegistrationBatch) {
        let validator = RegistrationValidator(authenticatedSource: "fuzz-skolesystem", today: today)
        for pupil in batch.pupils { _ = PupilValidator.validate(pupil) }
        for registration in batch.registrations {
            if case .success(let valid) = validator.validate(registration) {
                precondition(valid.date <= today, "a validated registration is not in the future")
            }
        }
    }
}
