import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /pupils/{pupilKey}`: who the pupil is, absence week by week by category with the rule
/// thresholds (the daily figures from ScreeningService's profile, read with the person's own token
/// so Screening's access rule and audit apply; the week's school days from Planning's read model),
/// each concern with its explanation, the legal tasks and the cases. Both reads are audited by the APIs.
struct PupilPageController: Sendable {
    let app: WebApp

    struct ConcernRow {
        var concernId: String
        var rule: String
        /// The school day the finding is about (its window's end), not when it was processed.
        var asOf: String
        var triage: String
        var summary: String
        var figures: String
        var dates: String
        var hasDates: Bool
        var description: String
        var hasDescription: Bool
        var resolved: Bool
        var period: String
    }

    struct LegalRow { var what: String; var period: String; var due: String; var done: Bool; var ended: String }

    struct Model {
        var name: String
        var school: String
        var className: String
        var chart: String
        var fallback: Bool
        var last40: String
        var quarterLabel: String
        var quarterUnauthorized: String
        var hasQuarter: Bool
        var hasAbsence: Bool
        var concerns: [ConcernRow]
        var history: [ConcernRow] = []
        var legal: [LegalRow]
        var legalHistory: [LegalRow] = []
        var hasLegalHistory = false
        var caseLinks: [CaseLink]
        var hasLegal = false
        var hasCases = false
        var hasHistory = false
        var hasOpen = false
        var historyCount = 0
        var forecast: [String] = []
        var hasForecast = false
        var canReport = false
        var schoolId = ""
        var reportAction = ""
        var categories: [CategoryOption] = []
        /// A case from the pupil's page without a concern: for those who may open cases, when the pupil
        /// has no open case and no open finding (those are decided on in the inbox, linked instead).
        var canOpenCase = false
        var openCaseAction = ""
        var decideInInbox = false
        var inboxHref = ""
    }

    struct CaseLink { var href: String; var label: String }
    struct CategoryOption { var value: String; var label: String }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("pupils/{pupilKey}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, key: try context.parameters.text("pupilKey"))
        }

        // A staff report (a teacher's worry) from the pupil's page, through the API; it lands on the pupil's inbox row.
        router.post("pupils/{pupilKey}/report") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let key = try context.parameters.text("pupilKey")
            let form = try await app.form(request, signedIn)
            let school = form["school"] ?? ""
            let problem = try await app.attempt {
                _ = try await app.api(signedIn).send("POST", "/v1/schools/\(StaffAPI.escape(school))/concerns",
                                                     StaffReport(pupilKey: key, category: form["category"] ?? "", description: form["description"] ?? ""),
                                                     as: Ignored.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, key: key, message: message.text, details: message.details, status: .unprocessableContent)
            }
            throw WebRedirect(location: WebApp.pupilHref(key) + "#concerns")
        }

        // A case without a concern, through the API; the person becomes tovholder.
        router.post("pupils/{pupilKey}/case") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let key = try context.parameters.text("pupilKey")
            let form = try await app.form(request, signedIn)
            let staff = signedIn.staff
            var opened: CaseView?
            let problem = try await app.attempt {
                opened = try await app.api(signedIn).send(
                    "POST", "/v1/pupils/\(StaffAPI.escape(key))/cases",
                    PupilCaseOpening(reason: form["reason"] ?? "", team: [CaseTeam.Member(staffId: staff.staffId, role: .coordinator, email: staff.email, name: staff.name)],
                                          meetingCadenceDays: form["cadence"].flatMap { Int($0) }),
                    as: CaseView.self)
            }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, key: key, message: message.text, details: message.details, status: .unprocessableContent)
            }
            throw WebRedirect(location: opened.map { WebApp.caseHref($0.caseId) } ?? WebApp.pupilHref(key))
        }
    }

    /// A quarter rule's finding of a quarter before the current one has ended with it, even before
    /// Screening's `period-ended` resolution arrives; window findings (a school-year period) have not.
    static func endedWithItsQuarter(_ period: String, current: String) -> Bool {
        period.wholeMatch(of: /[0-9]{4}-Q[1-4]/) != nil && current.wholeMatch(of: /[0-9]{4}-Q[1-4]/) != nil && period < current
    }

    static let reportCategories = ["wellbeing", "social", "academic", "family", "health", "other"]

    func page(_ request: Request, _ signedIn: WebSignedIn, key: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let api = app.api(signedIn)
        let overview = try await api.get("/v1/pupils/\(StaffAPI.escape(key))", as: PupilOverview.self)
        // A team member from outside the school may see the case but not Screening's daily figures: the weekly totals then.
        let profile = try? await api.screeningProfile(key)
        // The quarter's unauthorized figure comes from Screening's forecast only — the count against the
        // quarter's school days, the same figures as the forecast's sentences and the legal rules.
        let forecast = profile?.forecast
        var model = Model(
            name: WebApp.pupilName(overview.pupil, fallback: key), school: overview.pupil.schoolName, className: overview.pupil.className,
            chart: chart(overview, profile, language), fallback: profile == nil,
            last40: overview.absence.map { language.percent($0.last40SchoolDays.total) } ?? "",
            quarterLabel: forecast.map { language.text("pupil_quarter") + " (\($0.quarter))" } ?? "",
            quarterUnauthorized: forecast.map { language.quarterCount($0) } ?? "",
            hasQuarter: forecast != nil,
            hasAbsence: overview.absence != nil || forecast != nil,
            concerns: overview.concerns.map { concern in
                let explanation = concern.explanation
                return ConcernRow(
                    concernId: concern.concernId, rule: language.name("rule", concern.rule), asOf: language.date(concern.windowEnd),
                    triage: language.name("triage", concern.triage.rawValue),
                    summary: explanation.map { FindingSentence.text(rule: concern.rule, period: concern.period, $0, language) } ?? "",
                    figures: explanation.map {
                        (LegalTask.kind(forRule: concern.rule) != nil
                            ? language.quarterAllowance(unauthorized: $0.absentDays["unauthorized"] ?? 0, threshold: $0.threshold, quarterSchoolDays: $0.schoolDays) + " · "
                            : "")
                        + "\(language.figure($0.rate, against: $0.threshold)) · \($0.schoolDays) \(language.text("pupil_schoolDays")) · "
                            + "\(language.date(concern.windowStart)) – \(language.date(concern.windowEnd))"
                    } ?? "",
                    dates: (explanation?.dates ?? []).suffix(20).map { language.date($0) }.joined(separator: ", "),
                    hasDates: !(explanation?.dates ?? []).isEmpty, description: concern.description ?? "",
                    hasDescription: concern.description != nil, resolved: concern.resolvedAt != nil, period: concern.period)
            },
            legal: overview.legalTasks.map {
                LegalRow(what: language.name("legal", $0.kind.rawValue), period: $0.period, due: language.date($0.dueDate), done: $0.doneAt != nil,
                         ended: $0.doneAt.map { language.text("case_done") + " " + language.date($0) } ?? language.text("legal_cancelled"))
            },
            caseLinks: overview.caseIds.map { CaseLink(href: WebApp.caseHref($0), label: language.text("case_title") + " " + String($0.prefix(8))) })
        // Legal tasks done or cancelled are history too.
        let openTasks = overview.legalTasks.map(\.isOpen)
        (model.legal, model.legalHistory) = (zip(model.legal, openTasks).filter(\.1).map(\.0), zip(model.legal, openTasks).filter { !$0.1 }.map(\.0))
        model.hasLegalHistory = !model.legalHistory.isEmpty
        // What holds now apart from history (resolved, or ended with its quarter).
        let quarter = forecast?.quarter ?? SchoolDate(Date()).quarterKey
        let ended = model.concerns.map { $0.resolved || Self.endedWithItsQuarter($0.period, current: quarter) }
        (model.concerns, model.history) = (zip(model.concerns, ended).filter { !$0.1 }.map(\.0), zip(model.concerns, ended).filter(\.1).map(\.0))
        (model.hasLegal, model.hasCases) = (!model.legal.isEmpty, !model.caseLinks.isEmpty)
        model.forecast = profile?.forecast.map(language.forecast) ?? []
        model.hasForecast = !model.forecast.isEmpty
        (model.hasOpen, model.hasHistory, model.historyCount) = (!model.concerns.isEmpty, !model.history.isEmpty || model.hasLegalHistory, model.history.count + model.legalHistory.count)
        model.canReport = WebApp.allows(.reportConcern, signedIn.staff, .school(overview.pupil.schoolId))
        (model.schoolId, model.reportAction) = (overview.pupil.schoolId, WebApp.pupilHref(key) + "/report")
        let mayOpen = WebApp.allows(.triageConcern, signedIn.staff, .school(overview.pupil.schoolId)) && overview.openCaseId == nil
        (model.canOpenCase, model.decideInInbox) = (mayOpen && model.concerns.isEmpty, mayOpen && !model.concerns.isEmpty)
        model.openCaseAction = WebApp.pupilHref(key) + "/case"
        model.inboxHref = "/schools/\(StaffAPI.escape(overview.pupil.schoolId))/inbox?state=all#p-\(key)"
        model.categories = Self.reportCategories.map { CategoryOption(value: $0, label: language.name("category", $0)) }
        return app.render("pupil", model, app.frame(request, signedIn, title: model.name, message: message, details: details), status: status)
    }

    func chart(_ overview: PupilOverview, _ profile: WebModels.AbsenceProfile?, _ language: WebLanguage) -> String {
        var schoolDays: [SchoolDate: Int] = [:]
        for week in overview.absence?.weeks ?? [] { schoolDays[week.weekStart] = week.schoolDays }
        let weeks: [AbsenceChart.Week]
        if let profile {
            weeks = AbsenceChart.weeks(days: profile.days.map { ($0.date, $0.illness, $0.authorized, $0.unauthorized) }, schoolDays: schoolDays)
        } else {
            // Without the categories, the week's whole absence is drawn in the unauthorized-neutral grey.
            weeks = (overview.absence?.weeks ?? []).suffix(26).map {
                AbsenceChart.Week(weekStart: $0.weekStart, schoolDays: $0.schoolDays, illness: 0, authorized: $0.absentDays, unauthorized: 0)
            }
        }
        let labels = AbsenceChart.Labels(
            title: language.text("pupil_absence"), illness: language.text("chart_illness"), authorized: language.text(profile == nil ? "chart_total" : "chart_authorized"),
            unauthorized: language.text("chart_unauthorized"), weekLabel: { "\(language == .da ? "uge" : "wk") \($0.isoWeekNumber)" })
        return AbsenceChart.render(weeks, thresholds: [
            .init(rate: 0.10, label: language == .da ? "10 % bekymrende" : "10 % concerning"),
            .init(rate: 0.15, label: language == .da ? "15 % ulovligt: underretning" : "15 % unauthorized: notify"),
            .init(rate: 0.50, label: language == .da ? "50 % massivt" : "50 % severe"),
        ], labels: labels)
    }
}

extension SchoolDate {
    /// The ISO 8601 week number.
    var isoWeekNumber: Int {
        let thursday = adding(days: 4 - isoWeekday)
        let januaryFirst = SchoolDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.dayNumber - januaryFirst.dayNumber) / 7 + 1
    }
}
