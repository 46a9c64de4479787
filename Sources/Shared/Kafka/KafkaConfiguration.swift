/// Connection settings every Kafka client shares: where the brokers are and how to talk to them.
public struct KafkaConfiguration: Sendable {
    public var bootstrapServers: String
    public var clientID: String
    public var security: KafkaSecurity
    /// How often librdkafka reports statistics into swift-metrics; zero turns them off.
    public var statisticsInterval: Duration
    /// Consumers only: how long the broker may hold a fetch that finds nothing new (librdkafka's
    /// `fetch.wait.max.ms`). A Kafka broker answers such a fetch as soon as a message arrives, so
    /// the wait costs no latency there; the development broker (librdkafka's mock cluster) holds it
    /// for the whole time even when messages arrive meanwhile, so its stack sets this short.
    public var fetchWait: Duration
    /// Any further librdkafka property (`name=value`), applied last.
    public var extraProperties: [String: String]

    public init(
        bootstrapServers: String,
        clientID: String,
        security: KafkaSecurity = .plaintext,
        statisticsInterval: Duration = .seconds(15),
        fetchWait: Duration = .milliseconds(500),
        extraProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.security = security
        self.statisticsInterval = statisticsInterval
        self.fetchWait = fetchWait
        self.extraProperties = extraProperties
    }

    var properties: [String: String] {
        var properties: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "statistics.interval.ms": String(statisticsInterval.milliseconds),
            // Reconnect quickly after a broker outage, but do not hammer it.
            "reconnect.backoff.ms": "100",
            "reconnect.backoff.max.ms": "2000",
        ]
        properties.merge(security.properties) { _, new in new }
        properties.merge(extraProperties) { _, new in new }
        return properties
    }
}

/// TLS and SASL settings, mapped onto librdkafka's `security.protocol`, `ssl.*` and `sasl.*`.
public struct KafkaSecurity: Sendable {
    public enum SecurityProtocol: String, Sendable, CaseIterable {
        case plaintext, ssl
        case saslPlaintext = "sasl_plaintext"
        case saslSSL = "sasl_ssl"
    }

    public var securityProtocol: SecurityProtocol
    public var saslMechanism: String?
    public var saslUsername: String?
    public var saslPassword: String?
    public var caLocation: String?
    public var certificateLocation: String?
    public var keyLocation: String?

    public static let plaintext = KafkaSecurity(securityProtocol: .plaintext)

    public init(
        securityProtocol: SecurityProtocol, saslMechanism: String? = nil, saslUsername: String? = nil,
        saslPassword: String? = nil, caLocation: String? = nil, certificateLocation: String? = nil,
        keyLocation: String? = nil
    ) {
        self.securityProtocol = securityProtocol
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.caLocation = caLocation
        self.certificateLocation = certificateLocation
        self.keyLocation = keyLocation
    }

    var properties: [String: String] {
        var properties = ["security.protocol": securityProtocol.rawValue]
        properties["sasl.mechanism"] = saslMechanism
        properties["sasl.username"] = saslUsername
        properties["sasl.password"] = saslPassword
        properties["ssl.ca.location"] = caLocation
        properties["ssl.certificate.location"] = certificateLocation
        properties["ssl.key.location"] = keyLocation
        return properties
    }
}

/// Producer settings: always idempotent with `acks=all` (architecture §2).
public struct KafkaProducerConfiguration: Sendable {
    public var kafka: KafkaConfiguration
    /// How long librdkafka keeps retrying one message before reporting it failed.
    public var messageTimeout: Duration
    public var linger: Duration
    /// How long shutdown waits for outstanding messages.
    public var flushTimeout: Duration

    public init(
        kafka: KafkaConfiguration, messageTimeout: Duration = .seconds(300),
        linger: Duration = .milliseconds(5), flushTimeout: Duration = .seconds(10)
    ) {
        self.kafka = kafka
        self.messageTimeout = messageTimeout
        self.linger = linger
        self.flushTimeout = flushTimeout
    }

    var properties: [String: String] {
        var properties = kafka.properties
        properties["enable.idempotence"] = "true"
        properties["acks"] = "all"
        properties["message.timeout.ms"] = String(messageTimeout.milliseconds)
        properties["linger.ms"] = String(linger.milliseconds)
        return properties.merging(kafka.extraProperties) { _, new in new }
    }
}

/// Consumer settings: a consumer group whose offsets are stored only for messages the caller
/// marked done, and committed by the consumer itself (periodically, on revoke and on close).
public struct KafkaConsumerConfiguration: Sendable {
    public enum OffsetReset: String, Sendable { case earliest, latest }

    public var kafka: KafkaConfiguration
    public var groupID: String
    /// Topic names, or librdkafka regexes (starting with `^`) matched against the cluster's topics.
    public var topics: [String]
    /// How often the cluster's topics are read again, so a topic created later that a regex matches
    /// is consumed (librdkafka's default, 5 minutes, when nil).
    public var topicMetadataRefresh: Duration?
    public var offsetReset: OffsetReset
    public var commitInterval: Duration
    public var sessionTimeout: Duration
    /// librdkafka's prefetch queue per partition; when full, fetching stops (the backpressure).
    public var maxPrefetchKilobytes: Int

    public init(
        kafka: KafkaConfiguration, groupID: String, topics: [String], offsetReset: OffsetReset = .earliest,
        commitInterval: Duration = .seconds(1), sessionTimeout: Duration = .seconds(10),
        maxPrefetchKilobytes: Int = 16 * 1024
    ) {
        self.kafka = kafka
        self.groupID = groupID
        self.topics = topics
        self.offsetReset = offsetReset
        self.commitInterval = commitInterval
        self.sessionTimeout = sessionTimeout
        self.maxPrefetchKilobytes = maxPrefetchKilobytes
    }

    var properties: [String: String] {
        var properties = kafka.properties
        properties["group.id"] = groupID
        properties["auto.offset.reset"] = offsetReset.rawValue
        properties["enable.auto.commit"] = "false"
        properties["enable.auto.offset.store"] = "false"
        properties["enable.partition.eof"] = "false"
        properties["session.timeout.ms"] = String(sessionTimeout.milliseconds)
        properties["heartbeat.interval.ms"] = String(max(100, sessionTimeout.milliseconds / 5))
        properties["queued.max.messages.kbytes"] = String(maxPrefetchKilobytes)
        properties["fetch.wait.max.ms"] = String(kafka.fetchWait.milliseconds)
        if let topicMetadataRefresh { properties["topic.metadata.refresh.interval.ms"] = String(topicMetadataRefresh.milliseconds) }
        return properties.merging(kafka.extraProperties) { _, new in new }
    }
}
