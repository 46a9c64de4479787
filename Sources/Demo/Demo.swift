import Foundation
import MunicipalityGenerator

/// The demo of the one-machine stack (scripts/run):
///
///   Demo staff [--out FILE]   the generated staff as the development IdP's user file
///   Demo load                 calendars, pupils and routing rules into the running stack
///   Demo welcome              where to sign in, the demo users, where the e-mails land
///   Demo stream               the school days' registrations: up to yesterday at bulk speed, then live
///
/// Options (each also a variable): --schools (DEMO_SCHOOL_COUNT, 20), --pupils (DEMO_PUPILS,
/// 8000), --school-year (DEMO_SCHOOL_YEAR, the current one), --seed (DEMO_SEED, 2026),
/// --seconds-per-day (DEMO_SECONDS_PER_DAY, 3: the pace without bulk), --bulk (DEMO_BULK, 1).
@main
struct Demo {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let command = arguments.isEmpty ? "help" : arguments.removeFirst()
        do {
            let settings = try DemoSettings(arguments: arguments)
            let municipality = Municipality(settings.municipality)
            switch command {
            case "staff":
                let data = try StaffFile.json(municipality.staff)
                if let output = settings.output {
                    try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try data.write(to: URL(fileURLWithPath: output))
                } else {
                    FileHandle.standardOutput.write(data)
                }
            case "load":
                say("loading the generated municipality (\(municipality.schools.count) schools, \(municipality.pupils.count) pupils)")
                try await DemoLoader(stack: try StackAddresses(), municipality: municipality).load()
            case "welcome":
                say(DemoWelcome(stack: try StackAddresses(), municipality: municipality).text)
            case "stream":
                say("streaming school days (the ones up to yesterday at bulk speed, then each day once it is over; Ctrl-C stops, running again continues)")
                try await DayStreamer(stack: try StackAddresses(), sourceSystem: settings.sourceSystem, secondsPerDay: settings.secondsPerDay,
                                      municipality: municipality, bulk: settings.bulk).run()
            default:
                say("usage: Demo staff [--out FILE] | load | welcome | stream  [--schools N] [--pupils N] [--school-year YYYY] [--seed N] [--seconds-per-day S] [--bulk 0|1]")
                exit(command == "help" ? 0 : 64)
            }
        } catch {
            FileHandle.standardError.write(Data("demo: \(error)\n".utf8))
            exit(1)
        }
    }
}
