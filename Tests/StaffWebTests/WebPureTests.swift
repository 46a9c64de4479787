import Crypto
import Foundation
import Logging
import Shared
import XCTest
@testable import StaffWeb

/// The web app's pure parts, without servers: PKCE and the sign-in's safety checks, sealed session
/// cookies, form bodies, the SVG charts, week numbers, figures in words and the meeting form's attendees.
final class WebPureTests: XCTestCase {
    func date(_ text: String) -> SchoolDate { SchoolDate(text)! }

    func testPKCEChallengeIsRFC7636S256() {
        // RFC 7636 appendix B.
        XCTAssertEqual(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let verifier = PKCE.randomToken(bytes: 48)
        XCTAssertEqual(verifier.count, 64, "48 random bytes are 64 base64url characters")
        XCTAssertNotEqual(verifier, PKCE.randomToken(bytes: 48))
        XCTAssertTrue(verifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    func testReturnPathsStayOnTheSite() {
        XCTAssertEqual(PKCE.safeReturnPath("/cases/abc?x=1"), "/cases/abc?x=1")
        // Browsers drop tabs and line breaks inside a URL: `/<TAB>/evil.example` is `//evil.example`.
        for hostile in ["//evil.example/", "https://evil.example/", "\\\\evil", "/\\evil", "evil", nil,
                        "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example", "/\u{7F}/evil",
                        "/\u{3000}/evil.example"] {
            XCTAssertEqual(PKCE.safeReturnPath(hostile), "/", "\(hostile ?? "nil")")
        }
        XCTAssertTrue(PKCE.constantTimeEqual("abc", "abc"))
        XCTAssertFalse(PKCE.constantTimeEqual("abc", "abd"))
        XCTAssertFalse(PKCE.constantTimeEqual("abc", "abcd"))
    }

    func testAMeetingTimeFromAFormIsReadOnlyWhenWellFormed() {
        XCTAssertNotNil(CasePageModel.parseLocalInput("2026-11-24T14:30"))
        for text in ["2026-11-24", "2026-11-24T14:30:00.6111111111111111111111", "20261124T1430", "2026-11-24T14:30\u{0}", "", nil] {
            XCTAssertNil(CasePageModel.parseLocalInput(text), text ?? "nil")
        }
    }

    func testARotatedSessionKeyStillOpensCookiesSealedBeforeTheRotation() throws {
        let old = SymmetricKey(size: .bits256), new = SymmetricKey(size: .bits256)
        let session = WebSession(accessToken: "token", csrfToken: "csrf", expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
        let sealedBefore = try SessionSealer(key: old).seal(session, purpose: WebSession.cookieName)
        let rotated = SessionSealer(key: new, previousKeys: [old])
        XCTAssertEqual(rotated.open(WebSession.self, from: sealedBefore, purpose: WebSession.cookieName)?.accessToken, "token")
        let sealedAfter = try rotated.seal(session, purpose: WebSession.cookieName)
        XCTAssertNil(SessionSealer(key: old).open(WebSession.self, from: sealedAfter, purpose: WebSession.cookieName), "the new key seals")
        XCTAssertNotNil(SessionSealer(key: new).open(WebSession.self, from: sealedAfter, purpose: WebSession.cookieName))
    }

    func testOutsideDevelopmentTheWebAppNeedsItsAddressAndSessionKeys() throws {
        let key = { Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() }
        let (first, second) = (key(), key())
        func configuration(_ environment: [String: String]) throws -> WebConfiguration {
            try WebConfiguration(settings: Settings(environment: environment), httpPort: 8080, issuer: "http://idp", logger: Logger(label: "test"))
        }
        func refused(_ environment: [String: String]) -> String? {
            do { _ = try configuration(environment); return nil } catch let error as ConfigurationError { return error.variable } catch { return "\(error)" }
        }
        XCTAssertEqual(refused([:]), "PUBLIC_BASE_URL", "production is the default: no loopback address")
        XCTAssertEqual(refused(["PUBLIC_BASE_URL": "https://fremmoede.kommune.example"]), "WEB_SESSION_KEY", "no random key per replica")
        XCTAssertEqual(refused(["PUBLIC_BASE_URL": "https://fremmoede.kommune.example", "WEB_SESSION_KEY": "c2hvcnQ="]), "WEB_SESSION_KEY")
        XCTAssertEqual(refused(["PUBLIC_BASE_URL": "fremmoede.kommune.example", "WEB_SESSION_KEY": first]), "PUBLIC_BASE_URL")
        let rotating = try configuration(["PUBLIC_BASE_URL": "https://fremmoede.kommune.example", "WEB_SESSION_KEY": "\(first),\n\(second)"])
        XCTAssertEqual(rotating.previousSessionKeys.count, 1)
        XCTAssertTrue(rotating.secureCookies)
        XCTAssertEqual(rotating.sessionKey.withUnsafeBytes { Data($0) }.base64EncodedString(), first, "the first key seals")
        let development = try configuration(["FREMMOEDE_ENV": "development"])
        XCTAssertEqual(development.publicBaseURL, "http://127.0.0.1:8080")
        XCTAssertFalse(development.secureCookies)
    }

    func testSealedCookiesOpenOnlyUnchangedWithTheirKeyAndPurpose() throws {
        let sealer = SessionSealer(key: SymmetricKey(size: .bits256))
        let session = WebSession(accessToken: "token", csrfToken: "csrf", expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
        let sealed = try sealer.seal(session, purpose: WebSession.cookieName)
        let opened = try XCTUnwrap(sealer.open(WebSession.self, from: sealed, purpose: WebSession.cookieName))
        XCTAssertEqual(opened.accessToken, "token")
        XCTAssertEqual(opened.csrfToken, "csrf")
        XCTAssertFalse(sealed.contains("token"), "the cookie does not show what it holds")
        XCTAssertNil(sealer.open(WebSession.self, from: sealed, purpose: PendingSignIn.cookieName), "sealed for another purpose")
        XCTAssertNil(SessionSealer(key: SymmetricKey(size: .bits256)).open(WebSession.self, from: sealed, purpose: WebSession.cookieName), "another key")
        var bytes = try XCTUnwrap(Base64URL.decode(sealed))
        bytes[bytes.count / 2] ^= 0x01
        XCTAssertNil(sealer.open(WebSession.self, from: Base64URL.encode(bytes), purpose: WebSession.cookieName), "one bit changed")
        XCTAssertNil(sealer.open(WebSession.self, from: "not a cookie", purpose: WebSession.cookieName))
    }

    func testFormBodiesAreDecoded() throws {
        let form = try FormFields("csrf=a%2Bb&name=%C3%85se+B%C3%B8gh&status-0[]=done&status-0[]=active&empty=&factors=Uro%0D%0A%0D%0A+Skift+")
        XCTAssertEqual(form["csrf"], "a+b")
        XCTAssertEqual(form["name"], "Åse Bøgh")
        XCTAssertEqual(form.all("status-0"), ["done", "active"])
        XCTAssertNil(form["empty"], "a blank field is missing")
        XCTAssertNil(form["nothing"])
        XCTAssertEqual(form.lines("factors"), ["Uro", "Skift"])
        // What Hummingbird's decoder cannot read is refused (the page answers 400), never guessed at.
        for body in ["a=1&a=2", "c=%ZZ", "x[]=1&x=2"] {
            XCTAssertThrowsError(try FormFields(body), body)
        }
    }

    func testAbsenceWeeksSumDaysByCategoryOverTheWeeksSchoolDays() {
        let days: [(date: SchoolDate, illness: Double, authorized: Double, unauthorized: Double)] = [
            (date("2026-11-16"), 1, 0, 0), (date("2026-11-18"), 0, 0, 1), (date("2026-11-19"), 0, 0.5, 0),
            (date("2026-11-23"), 0, 0, 1),
        ]
        let weeks = AbsenceChart.weeks(days: days, schoolDays: [date("2026-11-16"): 5, date("2026-11-09"): 4])
        XCTAssertEqual(weeks.map(\.weekStart), [date("2026-11-09"), date("2026-11-16"), date("2026-11-23")])
        XCTAssertEqual(weeks[0], AbsenceChart.Week(weekStart: date("2026-11-09"), schoolDays: 4, illness: 0, authorized: 0, unauthorized: 0))
        XCTAssertEqual(weeks[1].schoolDays, 5, "the week's school days from the calendar, not the days with registrations")
        XCTAssertEqual(weeks[1].share(weeks[1].total), 0.5, accuracy: 1e-9)
        XCTAssertEqual(weeks[2].schoolDays, 1, "without a calendar figure, the days seen")
        // A summary made on the week's first day says 1 school day; the profile already has two
        // absent days that week (seen on the demo as a 200 % bar).
        let stale = AbsenceChart.weeks(days: [(date("2026-11-16"), 0, 0, 1), (date("2026-11-17"), 0, 0, 1)],
                                       schoolDays: [date("2026-11-16"): 1])
        XCTAssertEqual(stale[0].schoolDays, 2)
        XCTAssertLessThanOrEqual(stale[0].share(stale[0].total), 1)
    }

    func testAbsenceChartDrawsStackedBarsThresholdsAndADescription() {
        let weeks = [
            AbsenceChart.Week(weekStart: date("2026-11-16"), schoolDays: 5, illness: 1, authorized: 0, unauthorized: 2),
            AbsenceChart.Week(weekStart: date("2026-11-23"), schoolDays: 5, illness: 0, authorized: 0, unauthorized: 0),
        ]
        let labels = AbsenceChart.Labels(title: "Fravær <over> tid", illness: "Sygdom", authorized: "Lovligt", unauthorized: "Ulovligt",
                                         weekLabel: { "uge \($0.isoWeekNumber)" })
        let svg = AbsenceChart.render(weeks, thresholds: [.init(rate: 0.10, label: "10 %"), .init(rate: 0.15, label: "15 %")], labels: labels)
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("role=\"img\""))
        XCTAssertTrue(svg.contains("<title id=\"absence-t\">Fravær &lt;over&gt; tid</title>"), "text is escaped")
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 2, "two categories in the first week, nothing in the second")
        XCTAssertTrue(svg.contains("fill=\"\(AbsenceChart.colors.unauthorized)\""))
        XCTAssertEqual(svg.components(separatedBy: "stroke-dasharray").count - 1, 2, "both thresholds drawn")
        XCTAssertTrue(svg.contains("uge 47: Sygdom 20 %, Lovligt 0 %, Ulovligt 40 %"), "the figures in words for screen readers")
        XCTAssertTrue(svg.contains(">uge 48<"))
        XCTAssertFalse(svg.contains("style="), "no inline style: the page's CSP forbids it")
    }

    func testTrendChartBreaksTheLineAtAGapAndDashesTheTarget() {
        let svg = TrendChart.render(
            months: ["2026-09", "2026-10", "2026-11", "2026-12"],
            series: [.init(name: "Andel", values: [0.2, 0.18, nil, 0.12], color: "#1a56b0"),
                     .init(name: "Mål", values: [0.17, 0.17, 0.17, 0.17], color: "#8a1c1c", dashed: true)],
            title: "Kommunen", id: "main")
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 3, "the share in two pieces around the gap, the target whole")
        XCTAssertEqual(svg.components(separatedBy: "stroke-dasharray").count - 1, 1)
        XCTAssertTrue(svg.contains("<circle"), "a lone month after the gap is a dot")
        XCTAssertTrue(svg.contains("Andel: 2026-09 20 %, 2026-10 18 %, 2026-11 –, 2026-12 12 %"))
        let spark = TrendChart.render(months: ["a", "b"], series: [.init(name: "x", values: [0.1, 0.2], color: "#000")], title: "s", id: "s1",
                                      width: 120, height: 32, sparkline: true)
        XCTAssertFalse(spark.contains("<text"), "a sparkline has no axis labels")
    }

    func testTheQuarterAllowanceIsACountOfDays() {
        XCTAssertEqual(WebLanguage.da.quarterAllowance(unauthorized: 7, threshold: 0.15, quarterSchoolDays: 62),
                       "ulovligt fravær 7 af de 9,3 dage, kvartalet tillader")
        XCTAssertEqual(WebLanguage.en.quarterAllowance(unauthorized: 9, threshold: 0.15, quarterSchoolDays: 57),
                       "unauthorized absence 9 of the 8.55 days the quarter allows")
        XCTAssertEqual(WebLanguage.da.days(2.5), "2,5")
    }

    func testTheForecastInWords() {
        let forecast = WebModels.AbsenceProfile.Forecast(quarter: "2026-Q4", quarterSchoolDays: 52, unauthorizedDays: 4, warningDays: 5.2, reportDays: 7.8, warningReached: false,
                                                          reportReached: false, reachesWarningOn: SchoolDate("2026-10-22"), reachesReportOn: nil,
                                                          cannotStayUnderReport: false)
        XCTAssertEqual(WebLanguage.da.forecast(forecast), [
            "4 ulovlige fraværsdage i 2026-Q4; kvartalet tillader 5,2 dage før varsel til forældrene (10 %) og 7,8 før underretning (15 %).",
            "I tempoet fra de sidste 20 skoledage nås 10 % den 22.10.2026.",
            "I tempoet fra de sidste 20 skoledage nås 15 % ikke i dette kvartal.",
        ])
        var over = forecast
        (over.unauthorizedDays, over.warningReached, over.reportReached, over.cannotStayUnderReport) = (8, true, true, true)
        XCTAssertEqual(WebLanguage.en.forecast(over).last, "Can no longer stay under 15 % this quarter.")
        // The pupil page's quarter figure is the forecast's own count, so the two cannot disagree.
        XCTAssertEqual(WebLanguage.da.quarterCount(forecast), "4 af 52 skoledage (7,7 %)")
        XCTAssertEqual(WebLanguage.en.quarterCount(over), "8 of 52 school days (15.4 %)")
    }

    func testAQuarterFindingEndsWithItsQuarter() {
        XCTAssertTrue(PupilPageController.endedWithItsQuarter("2026-Q3", current: "2026-Q4"))
        XCTAssertTrue(PupilPageController.endedWithItsQuarter("2026-Q4", current: "2027-Q1"))
        XCTAssertFalse(PupilPageController.endedWithItsQuarter("2026-Q4", current: "2026-Q4"))
        XCTAssertFalse(PupilPageController.endedWithItsQuarter("2026/27", current: "2026-Q4"), "a school-year period is not a quarter")
        XCTAssertFalse(PupilPageController.endedWithItsQuarter("2026-11-20", current: "2026-Q4"), "a staff report's period is its day")
    }

    func testFindingsExplainedInDanishFromTheRuleAndItsFigures() {
        func explanation(days: Int, unauthorized: Double = 0, illness: Double = 0, rate: Double, threshold: Double, dates: [String] = []) -> ConcernRaised.Explanation {
            .init(schoolDays: days, absentDays: ["unauthorized": unauthorized, "illness": illness, "authorized": 0], rate: rate, threshold: threshold,
                  dates: dates.map { SchoolDate($0)! }, summary: "English from Screening")
        }
        XCTAssertEqual(FindingSentence.text(rule: "unauthorized-quarter-report", period: "2026-Q4", explanation(days: 57, unauthorized: 9, rate: 0.158, threshold: 0.15), .da),
                       "Ulovligt fravær 9 af de 8,55 dage, 2026-Q4 tillader (15,0 % af kvartalets 57 skoledage). Skolen skal underrette kommunen.")
        XCTAssertEqual(FindingSentence.text(rule: "concerning-absence", period: "2026/27", explanation(days: 40, unauthorized: 2, illness: 3, rate: 0.125, threshold: 0.1), .da),
                       "Fravær 5 af de seneste 40 skoledage (12,5 %); grænsen er 10,0 %.")
        XCTAssertEqual(FindingSentence.text(rule: "weekday-pattern", period: "2026/27",
                                            explanation(days: 30, rate: 3, threshold: 3, dates: ["2026-11-02", "2026-11-09", "2026-11-16"]), .da),
                       "Fravær 3 gange om mandagen inden for de seneste 30 skoledage (grænse 3).")
        XCTAssertEqual(FindingSentence.text(rule: "prolonged-illness", period: "2026-Q4", explanation(days: 40, illness: 15, rate: 15, threshold: 15), .en),
                       "Ill on 15 school days in 2026-Q4 so far (line 15): the school leader offers tuition during illness.")
        XCTAssertEqual(FindingSentence.text(rule: "a-rule-added-later", period: "x", explanation(days: 20, rate: 1, threshold: 1), .da), "English from Screening",
                       "a rule the web app does not know keeps Screening's sentence")
        for rule in InboxPageController.rules where rule != "staff-report" {
            let text = FindingSentence.text(rule: rule, period: "2026-Q4", explanation(days: 40, unauthorized: 5, rate: 0.125, threshold: 0.1), .da)
            XCTAssertNotEqual(text, "English from Screening", "\(rule) has a Danish sentence")
        }
    }

    func testWeekNumbersAndFigures() {
        XCTAssertEqual(date("2026-11-24").isoWeekNumber, 48)
        XCTAssertEqual(date("2021-01-03").isoWeekNumber, 53, "early January can belong to the year before")
        XCTAssertEqual(date("2024-12-30").isoWeekNumber, 1, "late December can belong to the year after")
        XCTAssertEqual(WebLanguage.da.figure(0.152, against: 0.15), "15,2 % ≥ 15,0 %")
        XCTAssertEqual(WebLanguage.en.figure(0.152, against: 0.15), "15.2 % ≥ 15.0 %")
        XCTAssertEqual(WebLanguage.da.figure(3, against: 3), "3 ≥ 3", "counts (days in a row) are not percentages")
        XCTAssertEqual(WebLanguage.da.date(date("2026-11-04")), "4.11.2026")
        XCTAssertEqual(WebLanguage.en.name("rule", "concerning-absence"), "Concerning absence (≥ 10 % over 40 school days)")
        XCTAssertEqual(WebLanguage.da.name("rule", "unknown-rule"), "unknown-rule")
    }

    func testEveryTextHasBothLanguages() {
        for (key, entry) in WebText.table.merging(WebText.names, uniquingKeysWith: { first, _ in first }) {
            XCTAssertFalse(entry.da.isEmpty, key)
            XCTAssertFalse(entry.en.isEmpty, key)
        }
        XCTAssertFalse(WebText.table.keys.contains { $0.contains(".") }, "template keys cannot hold dots (Mustache reads them as paths)")
    }

    func testAnAttendeeLineWithoutANameKeepsItsEmptyNameForTheAPIToRefuse() {
        XCTAssertEqual(WebModels.attendees(fromLines: ["—", "Hanne Skov — skoleleder", "Mor"]).map { [$0.name, $0.role] },
                       [["", ""], ["Hanne Skov", "skoleleder"], ["Mor", ""]])
    }
}
