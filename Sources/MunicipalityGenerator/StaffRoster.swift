import Shared

/// The generated municipality's staff: at each school a school leader, two teachers, a member of
/// the opsporingsteam (detection team), a pedagogue and a health nurse; across the municipality
/// PPR psychologists, social workers, kom-i-skole consultants, an analyst, an administrator and
/// the data protection officer. E-mail addresses are made from the names.
enum StaffRoster {
    static func staff(schools: [GeneratedSchool], options: MunicipalityOptions) -> [GeneratedStaffMember] {
        var used: Set<String> = []
        var members: [GeneratedStaffMember] = []
        var random = SeededRandom(options.seed, 9)
        func add(_ staffId: String, _ roles: [StaffRole], schools: [String], host: String) {
            var name = ""
            var local = ""
            repeat {
                name = "\(random.pick(DanishNames.adults)) \(random.pick(DanishNames.surnames))"
                local = mailLocalPart(name)
            } while used.contains("\(local)@\(host)")
            used.insert("\(local)@\(host)")
            members.append(GeneratedStaffMember(staffId: staffId, name: name, email: "\(local)@\(host)",
                                                roles: roles.map(\.rawValue), schools: schools))
        }
        for school in schools {
            let host = "\(school.schoolId).\(options.mailDomain)"
            add("\(school.schoolId)-leder", [.schoolLeader], schools: [school.schoolId], host: host)
            add("\(school.schoolId)-laerer-1", [.teacher], schools: [school.schoolId], host: host)
            add("\(school.schoolId)-laerer-2", [.teacher], schools: [school.schoolId], host: host)
            add("\(school.schoolId)-opsporing", [.detectionTeam, .teacher], schools: [school.schoolId], host: host)
            add("\(school.schoolId)-paedagog", [.pedagogue], schools: [school.schoolId], host: host)
            add("\(school.schoolId)-sundhed", [.healthNurse], schools: [school.schoolId], host: host)
        }
        let everywhere = ["*"]
        for number in 1...2 {
            add("kommune-ppr-\(number)", [.pprPsychologist], schools: everywhere, host: options.mailDomain)
            add("kommune-social-\(number)", [.socialWorker], schools: everywhere, host: options.mailDomain)
            add("kommune-kis-\(number)", [.komISkoleConsultant], schools: everywhere, host: options.mailDomain)
        }
        add("kommune-analytiker", [.municipalityAnalyst], schools: everywhere, host: options.mailDomain)
        add("kommune-admin", [.municipalityAdmin], schools: everywhere, host: options.mailDomain)
        add("kommune-dpo", [.dataProtectionOfficer], schools: everywhere, host: options.mailDomain)
        add("kommune-ydelse", [.benefitCaseWorker], schools: everywhere, host: options.mailDomain)
        return members
    }

    /// "Søren Østergaard" → "soeren.oestergaard".
    static func mailLocalPart(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            switch character {
            case "æ": result += "ae"
            case "ø": result += "oe"
            case "å": result += "aa"
            case " ": result += "."
            default: result.append(character)
            }
        }
        return result
    }
}
