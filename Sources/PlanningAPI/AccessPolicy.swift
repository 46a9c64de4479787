import Shared

/// Who may do what in Planning's API: one pure decision per request, deny by default. A decision
/// that allows names the role that granted it, which the audit log records as the "why-role".
/// The table is in docs/planning.md. Here beside the wire types because it is part of the API's
/// contract: PlanningService decides with it on every request, and the staff web app shows only
/// the forms it would allow (the API decides again).
public enum AccessPolicy {
    public enum Action: String, Sendable, CaseIterable {
        case viewInbox = "view-inbox"
        case triageConcern = "triage-concern"
        case reportConcern = "report-concern"
        case viewPupil = "view-pupil"
        /// A staff report's description: free text that may be about health or family.
        case readReportText = "read-report-text"
        case viewCase = "view-case"
        case editCase = "edit-case"
        case changeTeam = "change-team"
        case closeCase = "close-case"
        case completeWarnParents = "complete-warn-parents"
        case completeNotifyMunicipality = "complete-notify-municipality"
        case viewSchoolFigures = "view-school-figures"
        case viewMunicipalityFigures = "view-municipality-figures"
        /// The municipality's targets on the dashboard: the baseline period and the reductions.
        case setDashboardTargets = "set-dashboard-targets"
        case extendCatalogue = "extend-catalogue"
        case readAuditLog = "read-audit-log"
        /// The staff register's import (who may be added to a team).
        case manageStaffDirectory = "manage-staff-directory"
        /// The school's daily contact list (pupils with unauthorized absence that day) and recording a contact.
        case contactParents = "contact-parents"
        /// Read an underretning: the school's own, or (a case worker) every school's.
        case viewUnderretning = "view-underretning"
        /// The municipality's steps on an underretning: receive, check, hear, decide, record an appeal.
        case handleUnderretning = "handle-underretning"
        /// The legal track's figures per quarter (no pupil).
        case viewLegalFigures = "view-legal-figures"
        /// Change the letters' templates.
        case manageLetterTemplates = "manage-letter-templates"
    }

    /// What the action is about: a school, and for a case its team.
    public struct Resource: Sendable {
        public var schoolId: String?
        public var team: [CaseTeamMember] = []

        public init(schoolId: String?, team: [CaseTeamMember] = []) {
            (self.schoolId, self.team) = (schoolId, team)
        }

        public static let municipality = Resource(schoolId: nil)
        public static func school(_ id: String) -> Resource { Resource(schoolId: id) }
    }

    public enum Decision: Sendable, Equatable {
        case allow(role: String)
        case deny(reason: String)
    }

    /// Staff roles that act at their own schools, by action.
    private static let schoolRoles: [Action: [StaffRole]] = [
        .viewInbox: [.detectionTeam, .schoolLeader],
        .triageConcern: [.detectionTeam, .schoolLeader],
        .reportConcern: [.schoolLeader, .detectionTeam, .teacher, .pedagogue, .healthNurse],
        .viewPupil: [.schoolLeader, .detectionTeam, .teacher, .pedagogue],
        .readReportText: [.detectionTeam, .schoolLeader],
        .viewCase: [.schoolLeader, .detectionTeam],
        .editCase: [.schoolLeader, .detectionTeam],
        .changeTeam: [.schoolLeader],
        .closeCase: [.schoolLeader],
        .completeWarnParents: [.schoolLeader, .detectionTeam],
        .completeNotifyMunicipality: [.schoolLeader],
        .viewSchoolFigures: [.schoolLeader],
        .contactParents: [.schoolLeader, .detectionTeam, .teacher],
        .viewUnderretning: [.schoolLeader, .detectionTeam],
        .viewLegalFigures: [.schoolLeader],
    ]

    /// Team roles on the case that grant an action to that team member, wherever they work. A team
    /// role that is also a staff role (school-leader) grants only to a person who holds that staff
    /// role: what is written into a team is not who someone is.
    private static let teamRoles: [Action: Set<CaseTeamMember.Role>] = [
        .viewCase: Set(CaseTeamMember.Role.allCases),
        .readReportText: Set(CaseTeamMember.Role.allCases),
        .editCase: Set(CaseTeamMember.Role.allCases),
        .changeTeam: [.coordinator],
        .closeCase: [.coordinator],
        .completeWarnParents: [.coordinator],
        .completeNotifyMunicipality: [.schoolLeader],
    ]

    /// Municipality roles that need no school, by action. They never reach a pupil — but for the
    /// benefit case worker, who reads the underretninger sent to the municipality (and nothing else).
    private static let municipalityRoles: [Action: [StaffRole]] = [
        .viewSchoolFigures: [.municipalityAnalyst, .municipalityAdmin],
        .viewMunicipalityFigures: [.municipalityAnalyst, .municipalityAdmin],
        .setDashboardTargets: [.municipalityAdmin],
        .extendCatalogue: [.municipalityAdmin],
        .manageStaffDirectory: [.municipalityAdmin],
        .readAuditLog: [.dataProtectionOfficer],
        .viewUnderretning: [.benefitCaseWorker],
        .handleUnderretning: [.benefitCaseWorker],
        .viewLegalFigures: [.municipalityAnalyst, .municipalityAdmin, .benefitCaseWorker],
        .manageLetterTemplates: [.municipalityAdmin],
    ]

    public static func decide(_ action: Action, by staff: StaffPrincipal, on resource: Resource) -> Decision {
        if let role = staff.grantingRole(among: municipalityRoles[action] ?? []) {
            return .allow(role: role.rawValue)
        }
        if let schoolId = resource.schoolId, staff.worksAt(schoolId),
           let role = staff.grantingRole(among: schoolRoles[action] ?? []) {
            return .allow(role: role.rawValue)
        }
        let granting = teamRoles[action] ?? []
        if let member = resource.team.first(where: { $0.staffId == staff.staffId && granting.contains($0.role) && holdsRealRole($0.role, staff, for: action) }) {
            return .allow(role: "team:\(member.role.rawValue)")
        }
        return .deny(reason: "\(action.rawValue) is not allowed for \(staff.roles.isEmpty ? "a person without roles" : "roles " + staff.roles.sorted().map(\.rawValue).joined(separator: ", "))"
            + (resource.schoolId.map { " at school '\($0)'" } ?? ""))
    }

    /// Whether the person sees any of the dashboard's figures: the municipality's, or a school's at one
    /// of their schools (who may read the dashboard's targets, and sees the dashboard in the web app).
    public static func seesFigures(_ staff: StaffPrincipal) -> Bool {
        if case .allow = decide(.viewMunicipalityFigures, by: staff, on: .municipality) { return true }
        return staff.schoolIds.contains { school in
            if case .allow = decide(.viewSchoolFigures, by: staff, on: .school(school)) { return true }
            return false
        }
    }

    /// Being on the team is enough to read and work the case; an action granted because of what the
    /// team role is (the school leader's underretning) needs the person to hold that staff role.
    private static func holdsRealRole(_ role: CaseTeamMember.Role, _ staff: StaffPrincipal, for action: Action) -> Bool {
        guard action != .viewCase, action != .editCase, action != .readReportText else { return true }
        switch role {
        case .schoolLeader: return staff.roles.contains(.schoolLeader)
        default: return true
        }
    }
}
