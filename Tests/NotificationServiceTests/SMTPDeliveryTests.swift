import Foundation
import XCTest
@testable import NotificationService

/// The libcurl SMTP client against real aiosmtpd servers: plain, STARTTLS with a self-signed
/// certificate and AUTH, implicit TLS; messages parsed by Python's `email` package.
final class SMTPDeliveryTests: XCTestCase {
    typealias DB = NotificationTestDatabase

    func message(to: String, subject: String = "Ny bekymring på Ærøskøbing Skole — åbn i Fremmøde", id: String = UUID().uuidString) throws -> MIMEMessage {
        let mail = try MailTemplates().render(MailContent(kind: .concernRaised, school: "Ærøskøbing Skole", link: "https://f.example/concerns/c-9"),
                                              language: .danish)
        return MIMEMessage(from: DB.from, to: MailAddress(name: "Åse Bøgh", address: to), subject: subject, date: Date(),
                           messageID: "\(id)@kommune.example", text: mail.text, html: mail.html, language: "da")
    }

    func testAPlainMessageArrivesAsValidMultipartWithEncodedHeaders() async throws {
        let server = try MailTestServer()
        try await SMTPClient(configuration: DB.smtp(server)).send(try message(to: "ops@skole.example", id: "plain-1"))
        let received = try await server.waitForMessages(1)
        let mail = try XCTUnwrap(received.first)
        XCTAssertEqual(mail.subject, "Ny bekymring på Ærøskøbing Skole — åbn i Fremmøde")
        XCTAssertTrue(try XCTUnwrap(mail.rawHeaders["Subject"]).hasPrefix("=?UTF-8?B?"), "RFC 2047 on the wire")
        XCTAssertEqual(mail.fromName, "Fremmøde Ålborg")
        XCTAssertTrue(try XCTUnwrap(mail.rawHeaders["From"]).hasPrefix("=?UTF-8?B?"))
        XCTAssertTrue(mail.to.contains("Åse Bøgh"))
        XCTAssertEqual(mail.messageId, "<plain-1@kommune.example>")
        XCTAssertFalse(mail.date.isEmpty)
        XCTAssertEqual(mail.rcptTo, "ops@skole.example")
        XCTAssertEqual(mail.contentType, "multipart/alternative")
        XCTAssertEqual(mail.defects, [])
        XCTAssertEqual(mail.parts.map(\.contentType), ["text/plain", "text/html"])
        XCTAssertEqual(mail.parts.map(\.charset), ["utf-8", "utf-8"])
        XCTAssertTrue(mail.parts.allSatisfy { $0.defects.isEmpty })
        XCTAssertTrue(mail.parts[0].text.contains("Der er rejst en ny bekymring om en elev på Ærøskøbing Skole"))
        XCTAssertTrue(mail.parts[0].text.contains("https://f.example/concerns/c-9"))
        XCTAssertTrue(mail.parts[1].text.contains("<a href=\"https://f.example/concerns/c-9\">Åbn i Fremmøde</a>"))
    }

    func testSTARTTLSWithASelfSignedCertificateAndAUTH() async throws {
        let certificate = try TestCertificate()
        let server = try MailTestServer(options: ["--starttls", "--cert", certificate.certificate, "--key", certificate.key, "--auth", "fremmoede:hemmeligt-ø"])
        let good = DB.smtp(server, security: .starttls, username: "fremmoede", password: "hemmeligt-ø", caFile: certificate.certificate)
        try await SMTPClient(configuration: good).send(try message(to: "a@skole.example"))
        let received = try await server.waitForMessages(1)
        XCTAssertEqual(received.count, 1)

        let wrongPassword = DB.smtp(server, security: .starttls, username: "fremmoede", password: "forkert", caFile: certificate.certificate, timeout: 2)
        do {
            try await SMTPClient(configuration: wrongPassword).send(try message(to: "b@skole.example"))
            XCTFail("a wrong password is refused")
        } catch let error as SMTPError {
            // aiosmtpd 1.4 leaves a failed AUTH unanswered, so libcurl's timeout ends it (28); a relay that answers 535 gives 67.
            XCTAssertTrue([SMTPError.loginDenied, 28].contains(error.curlCode), error.description)
            XCTAssertFalse(error.isPermanent, "a refused login may be mended: retried, not dropped")
        }
        let untrusted = DB.smtp(server, security: .starttls, username: "fremmoede", password: "hemmeligt-ø")
        do {
            try await SMTPClient(configuration: untrusted).send(try message(to: "c@skole.example"))
            XCTFail("a certificate nobody trusts is refused")
        } catch let error as SMTPError {
            XCTAssertTrue([35, 60].contains(error.curlCode), "TLS verification failed: \(error)")
        }
        let plainText = DB.smtp(server, security: .none, username: "fremmoede", password: "hemmeligt-ø")
        do {
            try await SMTPClient(configuration: plainText).send(try message(to: "d@skole.example"))
            XCTFail("the server requires STARTTLS first")
        } catch let error as SMTPError {
            XCTAssertGreaterThan(error.replyCode, 0)
        }
        let after = try await server.waitForMessages(2, timeout: .seconds(1))
        XCTAssertEqual(after.map(\.rcptTo), ["a@skole.example"], "only the good conversation delivered")
    }

    func testImplicitTLS() async throws {
        let certificate = try TestCertificate()
        let server = try MailTestServer(options: ["--implicit-tls", "--cert", certificate.certificate, "--key", certificate.key])
        try await SMTPClient(configuration: DB.smtp(server, security: .tls, caFile: certificate.certificate)).send(try message(to: "tls@skole.example"))
        let received = try await server.waitForMessages(1)
        XCTAssertEqual(received.first?.rcptTo, "tls@skole.example")
    }

    func testARefusedRecipientIsPermanentAndNoServerIsTransient() async throws {
        let server = try MailTestServer(options: ["--refuse-rcpt"])
        do {
            try await SMTPClient(configuration: DB.smtp(server)).send(try message(to: "nobody@skole.example"))
            XCTFail("refused")
        } catch let error as SMTPError {
            XCTAssertEqual(error.replyCode, 550)
            XCTAssertTrue(error.isPermanent)
        }
        server.stop()
        let started = ContinuousClock.now
        do {
            try await SMTPClient(configuration: DB.smtp(server, timeout: 2)).send(try message(to: "x@skole.example"))
            XCTFail("nobody listens")
        } catch let error as SMTPError {
            XCTAssertFalse(error.isPermanent)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "the timeout holds")
    }
}
