import Foundation
@testable import Shared

/// One realistic event of every type, as the services will produce them.
enum EventExamples {
    static let pupilKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static func date(_ text: String) -> SchoolDate { SchoolDate(text)! }
    static let team = [
        CaseTeamMember(staffId: "staff-17", role: .coordinator, email: "tovholder@skole.aarhus.dk"),
        CaseTeamMember(staffId: "staff-23", role: .pprPsychologist, email: "ppr@aarhus.dk"),
    ]

    static func all(source: String = "/fremmoede/tests") throws -> [CloudEvent] {
        let window = AbsenceSummary.Window(start: date("2026-10-01"), end: date("2026-11-24"), schoolDays: 35,
                                           illness: 0.05, authorized: 0.0, unauthorized: 0.12, total: 0.17)
        return [
            try CloudEvent(RawRegistration(
                sourceSystem: "aula-demo", sourceRegistrationId: "r-1", pupilSourceId: "elev-4711", schoolId: "skole-0101",
                date: date("2026-11-24"), period: .lesson(2), status: .absent, absenceCategory: .unauthorized, recordedAt: now), source: source),
            try CloudEvent(AttendanceIngested(
                registrationId: "reg-1", pupilKey: pupilKey, schoolId: "skole-0101", date: date("2026-11-24"), period: .day,
                status: .late, minutesLate: 12, recordedAt: now, sourceSystem: "aula-demo", dayFraction: 1, replacesRegistrationId: "reg-0"), source: source),
            try CloudEvent(AttendanceRejected(
                rejectionId: "rej-1", sourceSystem: "aula-demo", sourceRegistrationId: "r-9", schoolId: "skole-0101", channel: .kafka,
                field: "date", reason: "the date is in the future", receivedAt: now), source: source),
            try CloudEvent(PupilDirectoryEntry(
                pupilKey: pupilKey, givenName: "Søren", familyName: "Østergård", schoolId: "skole-0101", schoolName: "Åby Skole",
                className: "5A", grade: 5, enrolledFrom: date("2021-08-09"), updatedAt: now), source: source),
            try CloudEvent(SchoolCalendar(
                schoolId: "skole-0101", schoolName: "Åby Skole", schoolYear: "2026/27",
                schoolDays: [date("2026-08-10"), date("2026-08-11")], holidays: [.init(date: date("2026-10-12"), name: "Efterårsferie")],
                updatedAt: now), source: source),
            try CloudEvent(ConcernRaised(
                concernId: "con-1", pupilKey: pupilKey, schoolId: "skole-0101", origin: .rule, rule: "unauthorized-quarter-warning",
                windowStart: date("2026-10-01"), windowEnd: date("2026-11-24"), period: "2026-Q4",
                explanation: .init(schoolDays: 35, absentDays: ["unauthorized": 4, "illness": 1.5], rate: 0.114, threshold: 0.10,
                                   dates: [date("2026-10-05"), date("2026-11-02")], summary: "4 of 35 school days unauthorized absence"),
                policyVersion: 1, raisedAt: now), source: source),
            try CloudEvent(ConcernResolved(
                concernId: "con-1", pupilKey: pupilKey, schoolId: "skole-0101", rule: "unauthorized-quarter-warning",
                reason: .belowThreshold, rate: 0.07, resolvedAt: now), source: source),
            try CloudEvent(AbsenceSummary(
                pupilKey: pupilKey, schoolId: "skole-0101", asOf: date("2026-11-24"), quarter: window, last20SchoolDays: window,
                last40SchoolDays: window, trend: .rising, weeks: [.init(weekStart: date("2026-11-16"), schoolDays: 5, absentDays: 1.5)],
                lateArrivals20SchoolDays: 2, openConcernRules: ["unauthorized-quarter-warning"], computedAt: now), source: source),
            try CloudEvent(CaseOpened(
                caseId: "case-1", pupilKey: pupilKey, schoolId: "skole-0101", concernIds: ["con-1"], coordinatorStaffId: "staff-17",
                team: team, openedAt: now), source: source),
            try CloudEvent(PlanUpdated(
                caseId: "case-1", pupilKey: pupilKey, schoolId: "skole-0101", planRevision: 2, attendanceTarget: 0.95,
                targetDate: date("2027-02-01"),
                actions: [.init(actionId: "a-1", catalogueCode: "gradual-return", arena: "school", ownerStaffId: "staff-17",
                                startDate: date("2026-11-25"), dueDate: date("2026-12-18"), status: .active)],
                nextMeeting: now.addingTimeInterval(14 * 86400),
                legalTasks: [.init(taskId: "t-1", kind: .warnParents, dueDate: date("2026-11-27"), done: false)],
                team: team, updatedAt: now), source: source),
            try CloudEvent(CaseClosed(
                caseId: "case-1", pupilKey: pupilKey, schoolId: "skole-0101", outcome: .improved, absenceBefore: 0.22,
                absenceAfter: 0.06, wellbeingBefore: 3, wellbeingAfter: 7, team: team, closedAt: now), source: source),
            try CloudEvent(PupilErased(erasureId: "era-1", pupilKey: pupilKey, requestedBy: "dpo-1", requestedAt: now), source: source),
        ]
    }
}
