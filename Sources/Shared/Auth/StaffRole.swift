/// What a signed-in staff member may do, from the IdP's roles claim (architecture §6). The team
/// roles of a case (`CaseTeamMember.Role`) say who works a case; these say what a person may see.
public enum StaffRole: String, Codable, Sendable, CaseIterable, Comparable {
    /// lærer / kontaktlærer — sees the pupils of their schools, reports concerns
    case teacher
    /// skoleleder — the school's leader: triage, cases, legal tasks (underretning)
    case schoolLeader = "school-leader"
    /// opsporingsteam — the school's detection team: triages the concern inbox
    case detectionTeam = "detection-team"
    /// PPR-psykolog
    case pprPsychologist = "ppr-psychologist"
    /// sagsbehandler — social worker
    case socialWorker = "social-worker"
    /// sundhedsplejerske — health nurse
    case healthNurse = "health-nurse"
    /// kom-i-skole-team konsulent
    case komISkoleConsultant = "kom-i-skole-consultant"
    /// SFO/klub pædagog
    case pedagogue
    /// the municipality's analyst: figures and dashboards, no pupil data
    case municipalityAnalyst = "municipality-analyst"
    /// the municipality's administrator: policy, routing rules, sources
    case municipalityAdmin = "municipality-admin"
    /// databeskyttelsesrådgiver — data protection officer: the audit log, export and erasure
    case dataProtectionOfficer = "data-protection-officer"
    /// sagsbehandler for børne- og ungeydelse — the municipality's case worker who receives the schools'
    /// underretninger about unauthorized absence, hears the family and decides on the child benefit
    /// (every school's; no other pupil data)
    case benefitCaseWorker = "benefit-case-worker"

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool { lhs.rawValue < rhs.rawValue }
}
