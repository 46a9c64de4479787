import Foundation
import Shared

/// Records when each concern appears on `concern.raised` and when the e-mail about it lands in the
/// SMTP sink's Maildir (the message's link names the concern), on the benchmark's one clock.
actor LatencyWatcher {
    struct SeenConcern {
        let concernId: String
        let rule: String
        let seen: ContinuousClock.Instant
    }

    let maildir: String
    let mailbox: String
    private var concerns: [String: [SeenConcern]] = [:]
    private var mail: [String: ContinuousClock.Instant] = [:]
    private var readFiles: Set<String> = []

    init(maildir: String, mailbox: String) {
        self.maildir = maildir
        self.mailbox = mailbox
        // Mail already there is not ours to time.
        readFiles = Set(["new", "cur"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(maildir)/\(folder)")) ?? []).map { "\(folder)/\($0)" }
        })
    }

    func watch(_ consumer: KafkaConsumer) async throws {
        while !Task.isCancelled {
            for message in try await consumer.poll(maxMessages: 1_000, maxWait: .milliseconds(5)) {
                let seen = ContinuousClock.now
                guard let event = try? CloudEvent(message).decode(ConcernRaised.self) else { continue }
                concerns[event.pupilKey, default: []].append(SeenConcern(concernId: event.concernId, rule: event.rule, seen: seen))
            }
            scanMaildir()
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private func scanMaildir() {
        for folder in ["new", "cur"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "\(maildir)/\(folder)")) ?? [] where !readFiles.contains("\(folder)/\(name)") {
                let seen = ContinuousClock.now
                readFiles.insert("\(folder)/\(name)")
                guard let text = try? String(contentsOfFile: "\(maildir)/\(folder)/\(name)", encoding: .utf8), text.contains(mailbox),
                      let link = Self.bodyText(text).firstMatch(of: /\/concerns\/([A-Za-z0-9-]+)/) else { continue }
                let concernId = String(link.output.1)
                if mail[concernId] == nil { mail[concernId] = seen }
            }
        }
    }

    /// The message's parts as text: base64 parts decoded (the service sends UTF-8 text that way).
    static func bodyText(_ message: String) -> String {
        message.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n--").map { part -> String in
            guard part.contains("Content-Transfer-Encoding: base64"), let blank = part.range(of: "\n\n") else { return part }
            let encoded = part[blank.upperBound...].filter { !$0.isWhitespace }
            return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? part
        }.joined(separator: "\n")
    }

    func concern(pupilKey: String, rule: String) -> SeenConcern? { concerns[pupilKey]?.first { $0.rule == rule } }

    func mailSeen(concernId: String) -> ContinuousClock.Instant? { mail[concernId] }

    /// Waits until every probe pupil's quarter concern and its e-mail were seen, or the time is up.
    func waitFor(concerns pupilKeys: Set<String>, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = pupilKeys.compactMap { concern(pupilKey: $0, rule: "unauthorized-quarter-warning") }
            if found.count == pupilKeys.count, found.allSatisfy({ mail[$0.concernId] != nil }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
