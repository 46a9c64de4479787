import Shared

/// Who may do what in Screening's API (deny by default; architecture §3 and §6).
enum ScreeningAccess {
    /// Roles that work with pupils at their own schools.
    static let pupilRoles: [StaffRole] = [
        .detectionTeam, .schoolLeader, .teacher, .komISkoleConsultant, .pprPsychologist, .socialWorker, .healthNurse, .pedagogue,
    ]
    /// Roles that may read the rule policy.
    static let policyReaders: [StaffRole] = pupilRoles + [.municipalityAnalyst, .municipalityAdmin, .dataProtectionOfficer, .benefitCaseWorker]

    /// The role that lets `staff` read a pupil of `schoolId`, or nil.
    static func pupilReadRole(_ staff: StaffPrincipal, schoolId: String) -> StaffRole? {
        guard staff.worksAt(schoolId) else { return nil }
        return staff.grantingRole(among: pupilRoles)
    }

    static func require(_ staff: StaffPrincipal, anyOf roles: [StaffRole], to action: String) throws -> StaffRole {
        guard let role = staff.grantingRole(among: roles) else {
            throw ProblemDetails.forbidden("\(action) needs one of the roles \(roles.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
