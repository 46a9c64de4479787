import Foundation

/// How far the demo has streamed, kept in `.run/demo/progress.json` so that running it again
/// continues where it stopped. A day is counted only once everything of it was accepted; a day
/// cut off half-way is sent again, and IntakeService accepts each registration id once.
struct StreamProgress: Codable {
    /// Which municipality it is about (seed, size, school year): another one starts afresh.
    var municipality: String
    var daysSent: Int

    static func load(from path: String, municipality: String) -> StreamProgress {
        guard let data = FileManager.default.contents(atPath: path),
              let progress = try? JSONDecoder().decode(StreamProgress.self, from: data), progress.municipality == municipality else {
            return StreamProgress(municipality: municipality, daysSent: 0)
        }
        return progress
    }

    func save(to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path + ".new"))
        guard rename(path + ".new", path) == 0 else { throw DemoError("cannot write \(path): errno \(errno)") }
    }
}
