/// An error from the Kafka layer: librdkafka's own error codes surfaced as Swift errors.
public struct KafkaError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }

        public static let configuration = Code(raw: "configuration")
        public static let client = Code(raw: "client")
        public static let delivery = Code(raw: "delivery")
        public static let fatal = Code(raw: "fatal")
        public static let timedOut = Code(raw: "timedOut")
        public static let closed = Code(raw: "closed")
        public static let partitionNotAssigned = Code(raw: "partitionNotAssigned")
    }

    public let code: Code
    public let message: String
    /// librdkafka's `rd_kafka_resp_err_t` value where there is one.
    public let librdkafkaCode: Int32?
    /// Whether retrying the same operation later may succeed (e.g. a broker outage).
    public let isRetriable: Bool
    public let file: String
    public let line: UInt

    public init(
        _ code: Code, _ message: String, librdkafkaCode: Int32? = nil, isRetriable: Bool = false,
        file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.librdkafkaCode = librdkafkaCode
        self.isRetriable = isRetriable
        self.file = file
        self.line = line
    }

    public var isFatal: Bool { code == .fatal }

    public var description: String {
        let rd = librdkafkaCode.map { " (librdkafka \($0))" } ?? ""
        return "KafkaError.\(code): \(message)\(rd) [\(file):\(line)]"
    }
}
