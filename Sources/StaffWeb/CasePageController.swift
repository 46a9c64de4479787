import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `GET /cases/{caseId}`: the whole case — team and tovholder, parents and child, kortlægning across
/// the five arenas, the plan and its actions, meetings, legal tasks, timeline, evaluation — and
/// `POST /cases/{caseId}/{part}` for each edit form. Every read and change goes through the case
/// API with the person's token and the version they read (If-Match), so a change made by someone
/// else in the meantime is shown, never overwritten.
struct CasePageController: Sendable {
    let app: WebApp

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("cases/{caseId}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, caseId: try context.parameters.text("caseId"))
        }

        router.post("cases/{caseId}/{part}") { request, context -> Response in
            try await change(request, context, taskId: nil)
        }

        router.post("cases/{caseId}/legal/{taskId}") { request, context -> Response in
            try await change(request, context, taskId: try context.parameters.text("taskId"))
        }
    }

    private func change(_ request: Request, _ context: some RequestContext, taskId: String?) async throws -> Response {
        let signedIn = try await app.requireSignIn(request)
        let caseId = try context.parameters.text("caseId")
        let part = taskId == nil ? try context.parameters.text("part") : "legal"
        let form = try await app.form(request, signedIn)
        let api = app.api(signedIn)
        let path = "/v1/cases/\(StaffAPI.escape(caseId))"
        let ifMatch = form["version"].map { "\"\($0)\"" }
        let problem = try await app.attempt {
            switch part {
            case "status":
                try await api.send("PATCH", path, CaseChange(status: form["status"].flatMap(CaseStatus.init)), ifMatch: ifMatch, as: Ignored.self)
            case "team":
                let current = try await api.get(path, as: CaseView.self)
                let member = CaseTeam.Member(staffId: form["staffId"] ?? "", role: form["role"].flatMap(CaseTeamMember.Role.init) ?? .contactTeacher,
                                             email: form["email"] ?? "", name: form["name"])
                try await api.send("PATCH", path, CaseChange(team: current.team + [member]), ifMatch: ifMatch, as: Ignored.self)
            case "participant":
                let current = try await api.get(path, as: CaseView.self)
                let participant = CaseTeam.Participant(kind: form["kind"].flatMap(CaseTeam.Participant.Kind.init) ?? .parent, name: form["name"] ?? "",
                                                       told: form["told"], asked: form["asked"], informedOn: SchoolDate(Date()))
                try await api.send("PATCH", path, CaseChange(participants: current.participants + [participant]), ifMatch: ifMatch, as: Ignored.self)
            case "kortlaegning":
                let current = try await api.get(path + "/kortlaegning", as: AssessmentVersion.self)
                let arenas = Arena.allCases.compactMap { arena -> Assessment.ArenaFindings? in
                    let code = arena.rawValue
                    let findings = Assessment.ArenaFindings(arena: arena, factors: form.lines("factors-\(code)"), strengths: form.lines("strengths-\(code)"),
                                                            childWords: form["child-\(code)"], parentWords: form["parent-\(code)"])
                    let empty = findings.factors.isEmpty && (findings.strengths ?? []).isEmpty && findings.childWords == nil && findings.parentWords == nil
                    return empty ? nil : findings
                }
                let assessment = Assessment(arenas: arenas, wellbeingStart: form["wellbeingStart"].flatMap { Int($0) },
                                            wellbeingEvaluation: current.assessment.wellbeingEvaluation)
                try await api.send("PUT", path + "/kortlaegning", assessment, ifMatch: ifMatch, as: Ignored.self)
            case "plan":
                var plan = try await api.get(path + "/plan", as: PlanRevision.self).plan
                plan.attendanceTarget = form["target"].flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }.map { $0 / 100 }
                plan.targetDate = form["targetDate"].flatMap(SchoolDate.init)
                for index in plan.actions.indices {
                    if let status = form["status-\(index)"].flatMap(PlanUpdated.Action.Status.init) { plan.actions[index].status = status }
                }
                if let code = form["new-catalogue"] {
                    plan.actions.append(PlanDocument.Action(
                        actionId: nil, catalogueCode: code, title: form["new-title"], description: form["new-description"],
                        arena: form["new-arena"].flatMap(Arena.init) ?? .learningEnvironment, ownerStaffId: form["new-owner"] ?? signedIn.staff.staffId,
                        startDate: form["new-start"].flatMap(SchoolDate.init), dueDate: form["new-due"].flatMap(SchoolDate.init), status: .planned))
                }
                try await api.send("PUT", path + "/plan", plan, ifMatch: ifMatch, as: Ignored.self)
            case "meeting":
                let meeting = NewCaseMeeting(heldAt: CasePageModel.parseLocalInput(form["heldAt"]) ?? Date(),
                                                   attendees: WebModels.attendees(fromLines: form.lines("attendees")),
                                                   decisions: form.lines("decisions"), nextMeetingAt: CasePageModel.parseLocalInput(form["nextMeetingAt"]))
                try await api.send("POST", path + "/meetings", meeting, as: Ignored.self)
            case "legal":
                try await api.send("POST", "/v1/legal-tasks/\(StaffAPI.escape(taskId ?? ""))/complete", LegalTaskCompletion(note: form["note"]), as: Ignored.self)
            case "close":
                let close = CaseClosing(transferred: form["transferred"] == "yes", wellbeingAfter: form["wellbeingAfter"].flatMap { Int($0) }, note: form["note"])
                try await api.send("POST", path + "/close", close, ifMatch: ifMatch, as: Ignored.self)
            default:
                throw APIProblem(status: 404, title: "No such form", detail: part, fields: [])
            }
        }
        if let problem {
            let message = app.message(problem, app.language(request))
            return try await page(request, signedIn, caseId: caseId, message: message.text, details: message.details, status: .unprocessableContent)
        }
        throw WebRedirect(location: WebApp.caseHref(caseId) + "#" + (part == "participant" ? "team" : part))
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, caseId: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let api = app.api(signedIn)
        let path = "/v1/cases/\(StaffAPI.escape(caseId))"
        async let detail = api.get(path, as: CaseView.self)
        async let assessment = api.get(path + "/kortlaegning", as: AssessmentVersion.self)
        async let plan = api.get(path + "/plan", as: PlanRevision.self)
        async let meetings = api.get(path + "/meetings", as: CaseMeetings.self)
        async let catalogue = api.get("/v1/catalogue/actions", as: Catalogue.self)
        let model = CasePageModel(try await detail, assessment: try await assessment, plan: try await plan, meetings: try await meetings.meetings,
                                  catalogue: try await catalogue.actions, staff: signedIn.staff, language: language)
        return app.render("case", model, app.frame(request, signedIn, title: language.text("case_title") + ": " + model.pupil, message: message, details: details),
                          status: status)
    }
}
