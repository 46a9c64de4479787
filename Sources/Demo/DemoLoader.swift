import Foundation
import MunicipalityGenerator
import Shared

/// Loads the generated municipality into a running stack, the way a municipality sets itself up:
/// each school's calendar and its pupils through IntakeService (as the attendance system), the
/// routing rules through NotificationService, the staff directory into PlanningService's staff
/// register and the dashboard's targets (as the administrator). Loading again changes nothing.
struct DemoLoader {
    let stack: StackAddresses
    let municipality: Municipality
    let http = DemoHTTPClient()

    func load() async throws {
        for school in municipality.schools {
            let year = municipality.schoolYear
            _ = try await http.send("PUT", "\(stack.intakeURL)/v1/schools/\(school.schoolId)/calendar", body: DemoHTTPClient.json([
                "schoolName": school.name, "schoolYear": year.name, "lessonsPerDay": school.lessonsPerDay,
                "schoolDays": year.schoolDays.map(\.description),
                "holidays": year.holidays.map { ["date": $0.date.description, "name": $0.name] },
            ]), bearer: stack.sourceKey)
        }
        say("  \(municipality.schools.count) school calendars (\(municipality.schoolYear.name): \(municipality.schoolDays.count) school days, \(municipality.schoolYear.holidays.count) holidays)")
        var start = 0
        while start < municipality.pupils.count {
            let batch = municipality.pupils[start..<min(start + 2_000, municipality.pupils.count)]
            _ = try await http.send("POST", "\(stack.intakeURL)/v1/pupils", body: DemoHTTPClient.json(batch.map { pupil in
                ["sourceId": pupil.sourceId, "givenName": pupil.givenName, "familyName": pupil.familyName, "schoolId": pupil.schoolId,
                 "className": pupil.className, "grade": pupil.grade, "enrolledFrom": pupil.enrolledFrom.description] as [String: Any]
            }), bearer: stack.sourceKey)
            start += batch.count
        }
        say("  \(municipality.pupils.count) pupils with their enrolments")
        let issuer = try StaffTokenIssuer.development()
        let admin = try await issuer.token(for: StaffPrincipal(staffId: "demo-loader", name: "Demo", email: "demo-loader@\(municipality.options.mailDomain)",
                                                                roles: [.municipalityAdmin], schoolIds: [], isMunicipalityWide: true))
        try await loadRoutingRules(admin: admin)
        try await loadStaffDirectory(admin: admin)
        try await loadDashboardTargets(admin: admin)
    }

    /// The municipality's dashboard targets, as its administrator sets them: Aabenraa's reductions
    /// against the school year's first two full months (September–October) as the baseline period.
    /// Set once: a baseline already chosen is kept.
    private func loadDashboardTargets(admin: String) async throws {
        let current = try await http.send("GET", "\(stack.planningURL)/v1/dashboard/targets", bearer: admin)
        guard let targets = current.json as? [String: Any], let version = targets["version"] as? Int, targets["baselineFrom"] as? String == nil else { return }
        let year = municipality.schoolYear.startYear
        _ = try await http.send("PUT", "\(stack.planningURL)/v1/dashboard/targets", body: DemoHTTPClient.json([
            "baselineFrom": "\(year)-09", "baselineTo": "\(year)-10", "problematicReduction": 0.15, "underretningReduction": 0.10,
        ]), bearer: admin, headers: ["If-Match": "\"\(version)\""])
        say("  dashboard targets: baseline \(year)-09 – \(year)-10; 15 % fewer pupils with particularly problematic absence, 10 % fewer underretninger")
    }

    /// The staff directory: everyone the development IdP signs in (DEMO_STAFF_FILE: the named demo
    /// users and the generated staff), so a case team can take any of them before they signed in.
    private func loadStaffDirectory(admin: String) async throws {
        let staff: [GeneratedStaffMember]
        if let path = stack.staffFile {
            staff = try JSONDecoder().decode([GeneratedStaffMember].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } else {
            staff = municipality.staff
        }
        var start = 0
        while start < staff.count {
            let batch = staff[start..<min(start + 5_000, staff.count)]
            _ = try await http.send("POST", "\(stack.planningURL)/v1/admin/staff", body: DemoHTTPClient.json([
                "staff": batch.map { ["staffId": $0.staffId, "name": $0.name, "email": $0.email] },
            ]), bearer: admin)
            start += batch.count
        }
        say("  \(staff.count) staff members in the staff register (who a case team may take)")
    }

    private func loadRoutingRules(admin: String) async throws {
        let existing = try await http.send("GET", "\(stack.notificationURL)/v1/routing-rules", bearer: admin)
        let rules = ((existing.json as? [String: Any])?["rules"] as? [[String: Any]]) ?? []
        let known = Set(rules.map { "\($0["schoolId"] ?? "") \($0["eventType"] ?? "") \($0["mailbox"] ?? "")" })
        var added = 0
        for rule in municipality.routingRules where !known.contains("\(rule.schoolId) \(rule.eventType) \(rule.mailbox)") {
            _ = try await http.send("POST", "\(stack.notificationURL)/v1/routing-rules", body: DemoHTTPClient.json([
                "schoolId": rule.schoolId, "schoolName": rule.schoolName ?? rule.schoolId, "eventType": rule.eventType,
                "mailboxRole": rule.mailboxRole, "mailbox": rule.mailbox,
            ]), bearer: admin)
            added += 1
        }
        say("  \(municipality.routingRules.count) routing rules (\(added) new): concerns to each school's opsporingsteam, new cases to its leadership")
    }
}
