import Foundation
import MunicipalityGenerator

/// How a school's attendance system delivers: on IntakeService's Kafka feed, or over HTTP as JSON
/// or as a Danish CSV export (semicolons). The demo spreads its schools over all three.
enum RegistrationChannel: String, CaseIterable {
    case kafka
    case json
    case csv

    static func of(_ school: GeneratedSchool) -> RegistrationChannel { allCases[school.index % allCases.count] }

    static let csvColumns = ["sourceRegistrationId", "pupilSourceId", "schoolId", "date", "period", "status", "absenceCategory",
                             "minutesLate", "recordedAt"]

    static func csv(_ registrations: [GeneratedRegistration]) -> Data {
        var text = csvColumns.joined(separator: ";") + "\r\n"
        for registration in registrations {
            let fields = [registration.sourceRegistrationId, registration.pupilSourceId, registration.schoolId, registration.date.description,
                          registration.lesson == 0 ? "day" : String(registration.lesson), registration.status.rawValue,
                          registration.category?.rawValue ?? "", registration.minutesLate.map(String.init) ?? "", registration.recordedAt]
            text += fields.joined(separator: ";") + "\r\n"
        }
        return Data(text.utf8)
    }
}
