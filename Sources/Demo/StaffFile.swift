import Foundation
import MunicipalityGenerator

/// The development identity provider's user file (`demo/staff.json`'s format): one object per
/// person with staffId, name, email, roles and schools (`["*"]` for the whole municipality).
enum StaffFile {
    static func json(_ staff: [GeneratedStaffMember]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(staff) + Data("\n".utf8)
    }
}
