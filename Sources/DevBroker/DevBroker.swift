import Foundation
import Logging
import Shared

/// The development Kafka broker: librdkafka's mock cluster on loopback with every topic of
/// architecture §1 and its `.dlq`, and the raw-feed topic of each `--source` (more are made
/// through the control port, as operations make one when a source is added). Prints the bootstrap address (and writes it to
/// `--bootstrap-file`), runs until SIGINT/SIGTERM. SIGUSR1 takes the brokers down, SIGUSR2 brings
/// them back (outage tests); the same and topic creation are on a loopback HTTP control port
/// (`DevBrokerControl`), because the mock cluster does not implement Kafka's CreateTopics.
/// Messages live in memory only. Never for production.
@main
struct DevBroker {
    struct Options {
        var brokers = 1
        var partitions = 12
        var bootstrapFile: String?
        var controlPort = 0
        var controlFile: String?
        /// Sources whose raw-feed topics (`attendance.registrations.source.<id>`) to create.
        var sources: [String] = []

        init(arguments: [String]) throws {
            var iterator = arguments.dropFirst().makeIterator()
            while let argument = iterator.next() {
                func value() throws -> String {
                    guard let value = iterator.next() else { throw UsageError("\(argument) needs a value") }
                    return value
                }
                switch argument {
                case "--brokers": brokers = try Self.positive(try value(), argument)
                case "--partitions": partitions = try Self.positive(try value(), argument)
                case "--bootstrap-file": bootstrapFile = try value()
                case "--control-port": controlPort = try Self.positive(try value(), argument)
                case "--control-file": controlFile = try value()
                case "--source":
                    let source = try value()
                    guard FremmoedeTopic.sourceSystem(ofFeed: FremmoedeTopic.sourceFeed(source)) != nil else {
                        throw UsageError("--source expects a source system id (lower-case letters, digits, '.', '_', '-'), got '\(source)'")
                    }
                    sources.append(source)
                case "-h", "--help": throw UsageError("")
                default: throw UsageError("unknown argument \(argument)")
                }
            }
        }

        static func positive(_ text: String, _ name: String) throws -> Int {
            guard let number = Int(text), number > 0 else { throw UsageError("\(name) expects a positive number, got '\(text)'") }
            return number
        }
    }

    struct UsageError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func main() async throws {
        let options: Options
        do {
            options = try Options(arguments: CommandLine.arguments)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("""
                \(error.message.isEmpty ? "" : "DevBroker: \(error.message)\n")usage: DevBroker [--brokers N] [--partitions N] [--bootstrap-file PATH] [--control-port N] [--control-file PATH] [--source ID]...
                  SIGUSR1 takes the brokers down, SIGUSR2 brings them up, SIGINT/SIGTERM stops.

                """.utf8))
            exit(error.message.isEmpty ? 0 : 64)
        }

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        let logger = Logger(label: "fremmoede-devbroker")
        let cluster = try KafkaMockCluster(brokers: options.brokers)
        for topic in FremmoedeTopic.specifications(partitions: options.partitions, sources: options.sources) {
            try cluster.createTopic(topic.name, partitions: topic.partitions)
        }
        let bootstrap = cluster.bootstrapServers
        if let path = options.bootstrapFile {
            try Data((bootstrap + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        say("KAFKA_BOOTSTRAP=\(bootstrap)")

        let control = Task {
            try await DevBrokerControl(cluster: cluster, port: options.controlPort, portFile: options.controlFile, logger: logger).run()
        }
        defer { control.cancel() }

        let signals = SignalWaiter(signals: [SIGINT, SIGTERM, SIGUSR1, SIGUSR2])
        for await signal in signals.stream {
            switch signal {
            case SIGUSR1:
                try cluster.setBrokersUp(false)
                say("brokers down")
            case SIGUSR2:
                try cluster.setBrokersUp(true)
                say("brokers up")
            default:
                say("stopping")
                return
            }
        }
    }
}

/// A line on stdout, unbuffered (scripts wait for it).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Delivers POSIX signals as an AsyncStream (the default handlers are ignored while it lives).
/// `@unchecked Sendable`: the dispatch sources are only kept alive here, never touched again.
final class SignalWaiter: @unchecked Sendable {
    let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        self.sources = signals.map { signal in
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { continuation.yield(signal) }
            source.resume()
            return source
        }
    }
}
