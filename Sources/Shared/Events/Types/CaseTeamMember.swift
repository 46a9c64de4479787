/// A staff member on a case (samarbejde), carried in case events so NotificationService can
/// route e-mail without reading Planning's tables. Staff data only, nothing about the child.
public struct CaseTeamMember: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// tovholder
        case coordinator
        /// kontaktlærer
        case contactTeacher = "contact-teacher"
        /// skoleleder
        case schoolLeader = "school-leader"
        /// PPR-psykolog
        case pprPsychologist = "ppr-psychologist"
        /// sagsbehandler
        case socialWorker = "social-worker"
        /// sundhedsplejerske
        case healthNurse = "health-nurse"
        /// kom-i-skole-team konsulent
        case komISkoleConsultant = "kom-i-skole-consultant"
        /// SFO/klub pædagog
        case pedagogue
    }

    public var staffId: String
    public var role: Role
    public var email: String

    public init(staffId: String, role: Role, email: String) {
        self.staffId = staffId
        self.role = role
        self.email = email
    }
}
