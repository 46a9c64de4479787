import MunicipalityGenerator

/// What a new user needs once the demo is up: where to sign in, as whom, and where the e-mails go.
struct DemoWelcome {
    let stack: StackAddresses
    let municipality: Municipality

    var text: String {
        let first = municipality.schools[0]
        func person(_ staffId: String) -> String {
            guard let member = municipality.staff.first(where: { $0.staffId == staffId }) else { return staffId }
            return "\(member.email.padding(toLength: 44, withPad: " ", startingAt: 0)) \(member.name) — \(member.roles.joined(separator: ", "))"
        }
        return """

        Fremmøde is running with a generated municipality: \(municipality.schools.count) schools, \(municipality.pupils.count) pupils, school year \(municipality.schoolYear.name).

          Sign in:      \(stack.planningURL)  (the development sign-in page lists every demo user;
                        all of them are in \(stack.runDirectory)/demo/staff.json)
          Demo users: the named ones of demo/staff.json (see the README) and the generated staff, e.g.
            \(person("\(first.schoolId)-opsporing"))   (\(first.name))
            \(person("\(first.schoolId)-leder"))   (\(first.name))
            \(person("\(first.schoolId)-laerer-1"))   (\(first.name))
            \(person("kommune-kis-1"))
            \(person("kommune-ppr-1"))
            \(person("kommune-analytiker"))
            \(person("kommune-admin"))
          E-mails land in: \(stack.maildir)  (Maildir; new/ holds the unread ones)
          APIs:         Intake \(stack.intakeURL), Planning \(stack.planningURL), Notification \(stack.notificationURL)

        """
    }
}
