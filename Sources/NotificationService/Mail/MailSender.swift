import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Shared

/// Sends the outbox: claims due e-mails with a lease, hands each to the SMTP relay and marks it
/// sent; a failure is retried after an exponential backoff with jitter, and after
/// `maxAttempts` tries (or at once, for a permanent refusal) marked failed and counted.
///
/// What "once" means: a row is marked sent after the relay accepted the message (after DATA's
/// 250). If the process dies between the relay's 250 and that mark, the lease runs out and the
/// e-mail is sent again — with the same Message-ID, so the copy is recognisable. That window is
/// one SMTP reply plus one UPDATE wide; it cannot be closed, because SMTP has no two-phase hand-over.
struct MailSender: Service {
    let outbox: EmailOutbox
    let smtp: SMTPClient
    let backoff: RetryBackoff
    let maxAttempts: Int
    let lease: Duration
    let pollInterval: Duration
    let worker: String
    let logger: Logger
    var batchSize = 20

    /// Sends what is due; waits for a new e-mail's commit (a notify trigger on `emails`) or, for
    /// retries that fall due, `pollInterval`.
    func run() async throws {
        let doorbell = Doorbell()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await outbox.postgres.whileListening(to: "emails", ringing: doorbell, logger: logger) {
                    try await sendWhileRunning(doorbell)
                }
            } catch {
                logger.error("sending e-mail failed; trying again", metadata: ["error": "\(LoggableError.describe(error))"])
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    private func sendWhileRunning(_ doorbell: Doorbell) async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if try await sendDue() == 0 { await doorbell.wait(upTo: pollInterval) }
        }
    }

    /// One round: claims and sends what is due; returns how many were claimed.
    @discardableResult
    func sendDue() async throws -> Int {
        let claimed = try await outbox.claim(limit: batchSize, lease: lease, worker: worker)
        for email in claimed { try await send(email) }
        return claimed.count
    }

    private func send(_ email: EmailOutbox.Claimed) async throws {
        let metadata: Logger.Metadata = ["email.id": "\(email.emailId)", "email.attempt": "\(email.attempts)"]
        // A lease that ran out after the last try (the sender died mid-send): no more tries.
        if email.attempts > maxAttempts {
            try await outbox.markFailed(email.emailId, worker: worker, error: "gave up after \(maxAttempts) tries")
            Counter(label: "notification_emails_failed_total", dimensions: [("reason", "attempts")]).increment()
            logger.error("e-mail failed permanently", metadata: metadata)
            return
        }
        guard try await outbox.renew(email.emailId, worker: worker, lease: lease) else {
            logger.warning("lease lost before sending; another sender has the e-mail", metadata: metadata)
            return
        }
        let message = MIMEMessage(
            from: smtp.configuration.from, to: MailAddress(address: email.recipient), subject: email.subject, date: email.createdAt,
            messageID: email.messageId, text: email.text, html: email.html, language: email.language)
        let started = ContinuousClock.now
        do {
            try await smtp.send(message)
        } catch {
            let permanent = error.isPermanent || email.attempts >= maxAttempts
            if permanent {
                try await outbox.markFailed(email.emailId, worker: worker, error: error.description)
                Counter(label: "notification_emails_failed_total", dimensions: [("reason", error.isPermanent ? "refused" : "attempts")]).increment()
                logger.error("e-mail failed permanently", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            } else {
                let delay = backoff.delay(afterAttempt: email.attempts)
                try await outbox.markRetry(email.emailId, worker: worker, error: error.description, after: delay)
                Counter(label: "notification_emails_retried_total").increment()
                logger.warning("e-mail not sent; will retry", metadata: metadata.merging(["error": "\(error)", "retry.in": "\(delay)"]) { $1 })
            }
            return
        }
        Timer(label: "notification_smtp_send_seconds").recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        if try await outbox.markSent(email.emailId, worker: worker) {
            Counter(label: "notification_emails_sent_total").increment()
            logger.info("e-mail sent", metadata: metadata)
        } else {
            logger.warning("e-mail sent, but its lease had passed to another sender", metadata: metadata)
        }
    }
}
