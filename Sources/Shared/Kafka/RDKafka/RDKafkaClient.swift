import CRdKafka
import Foundation
import Logging

/// The one type that owns an `rd_kafka_t` and calls librdkafka. Producers, consumers and the
/// topic administration sit above it. librdkafka handles are thread-safe; the consumer serialises
/// its own polling. `@unchecked Sendable`: the handle pointer is immutable after init and freed
/// only in `deinit`, when no other reference exists.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let handle: OpaquePointer
    let kind: Kind
    let context: RDKafkaCallbackContext
    private let unmanagedContext: Unmanaged<RDKafkaCallbackContext>

    init(kind: Kind, properties: [String: String], logger: Logger) throws {
        let conf = try RDKafkaConfig.make(properties)
        let context = RDKafkaCallbackContext(logger: logger, statistics: RDKafkaStatistics(clientID: properties["client.id"] ?? "fremmoede"))
        let unmanaged = Unmanaged.passRetained(context)
        RDKafkaCallbacks.install(on: conf, context: unmanaged, consumer: kind == .consumer)

        var errorBuffer = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(conf)
            unmanaged.release()
            throw KafkaError(.client, "rd_kafka_new: \(Self.string(errorBuffer))")
        }
        self.handle = handle
        self.kind = kind
        self.context = context
        self.unmanagedContext = unmanaged
        if kind == .consumer {
            rd_kafka_poll_set_consumer(handle)
        }
    }

    deinit {
        rd_kafka_destroy(handle)
        context.failAllPendingDeliveries(KafkaError(.closed, "client destroyed before the delivery report"))
        unmanagedContext.release()
    }

    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func error(_ code: rd_kafka_resp_err_t, _ what: String, file: String = #fileID, line: UInt = #line) -> KafkaError {
        let text = String(cString: rd_kafka_err2str(code))
        let retriable = [RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
                         RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT].contains(code)
        return KafkaError(.client, "\(what): \(text)", librdkafkaCode: code.rawValue, isRetriable: retriable, file: file, line: line)
    }

    // MARK: producer

    /// Serves delivery reports, logs and statistics (blocking up to `timeoutMilliseconds`).
    func poll(timeoutMilliseconds: Int32) {
        rd_kafka_poll(handle, timeoutMilliseconds)
    }

    func produce(_ message: KafkaProducerMessage, deliveryID: UInt) throws {
        var headers: OpaquePointer? = nil
        if !message.headers.isEmpty {
            headers = rd_kafka_headers_new(message.headers.count)
            for header in message.headers {
                header.value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(headers, header.key, -1, bytes.baseAddress, bytes.count)
                }
            }
        }
        let opaque = UnsafeMutableRawPointer(bitPattern: deliveryID)
        let partition = message.partition ?? RD_KAFKA_PARTITION_UA
        // A nil value goes as a NULL payload (a tombstone); an empty one as a payload of no bytes.
        func send(_ value: UnsafeRawBufferPointer?) -> rd_kafka_resp_err_t {
            let valueAddress = value.map { $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)! }
            if let key = message.key {
                return key.withUnsafeBytes { key in
                    fm_rd_kafka_produce(handle, message.topic, partition, key.baseAddress ?? UnsafeRawPointer(bitPattern: 1), key.count,
                                        valueAddress, value?.count ?? 0, headers, opaque)
                }
            }
            return fm_rd_kafka_produce(handle, message.topic, partition, nil, 0, valueAddress, value?.count ?? 0, headers, opaque)
        }
        let result: rd_kafka_resp_err_t = message.value.map { $0.withUnsafeBytes { send($0) } } ?? send(nil)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            if let headers { rd_kafka_headers_destroy(headers) }
            throw Self.error(result, "produce to \(message.topic)")
        }
    }

    /// Blocks until every queued message is delivered or failed, or the timeout passes.
    func flush(timeoutMilliseconds: Int32) -> Bool {
        rd_kafka_flush(handle, timeoutMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR
    }

    var outstandingMessages: Int32 { rd_kafka_outq_len(handle) }

    // MARK: consumer

    func subscribe(topics: [String]) throws {
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics {
            rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        }
        let result = rd_kafka_subscribe(handle, list)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw Self.error(result, "subscribe to \(topics.joined(separator: ","))")
        }
    }

    /// Polls one message (or nil on timeout). Serves rebalance callbacks. Must be called from one
    /// thread at a time.
    func consumerPoll(timeoutMilliseconds: Int32) throws -> KafkaConsumerMessage? {
        guard let pointer = rd_kafka_consumer_poll(handle, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_message_destroy(pointer) }
        let message = pointer.pointee
        if message.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let reason = fm_rd_kafka_message_errstr(pointer).map { String(cString: $0) } ?? ""
            if message.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
            let error = KafkaError(.client, "consume: \(reason)", librdkafkaCode: message.err.rawValue, isRetriable: true)
            context.logger.warning("consumer error", metadata: ["kafka.error": "\(error.message)"])
            if let fatal = context.fatalError { throw fatal }
            return nil
        }
        return Self.copy(pointer)
    }

    private static func copy(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaConsumerMessage {
        let message = pointer.pointee
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? []
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        var headers: [KafkaHeader] = []
        var headerList: OpaquePointer? = nil
        if rd_kafka_message_headers(pointer, &headerList) == RD_KAFKA_RESP_ERR_NO_ERROR, let headerList {
            var index = 0
            var name: UnsafePointer<CChar>? = nil
            var valuePointer: UnsafeRawPointer? = nil
            var size = 0
            while rd_kafka_header_get_all(headerList, index, &name, &valuePointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let bytes = valuePointer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: bytes))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        return KafkaConsumerMessage(
            topic: topic, partition: message.partition, offset: message.offset, key: key, value: value,
            headers: headers, timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            isTombstone: message.payload == nil
        )
    }

    /// Stores `offset` as the next to commit for that partition. Fails when the partition is no
    /// longer assigned to this consumer, so a revoked partition's progress is never committed.
    func storeOffset(topic: String, partition: Int32, offset: Int64) throws {
        let list = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let element = rd_kafka_topic_partition_list_add(list, topic, partition)
        element?.pointee.offset = offset
        let result = rd_kafka_offsets_store(handle, list)
        let elementError = list?.pointee.elems[0].err ?? RD_KAFKA_RESP_ERR_NO_ERROR
        if result != RD_KAFKA_RESP_ERR_NO_ERROR || elementError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let code = elementError != RD_KAFKA_RESP_ERR_NO_ERROR ? elementError : result
            if code == RD_KAFKA_RESP_ERR__STATE {
                throw KafkaError(.partitionNotAssigned, "\(topic)[\(partition)] is not assigned to this consumer", librdkafkaCode: code.rawValue)
            }
            throw Self.error(code, "store offset \(topic)[\(partition)]@\(offset)")
        }
    }

    /// Commits stored offsets. `synchronous` blocks until the group coordinator answered.
    func commitStoredOffsets(synchronous: Bool) throws {
        let result = rd_kafka_commit(handle, nil, synchronous ? 0 : 1)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET {
            throw Self.error(result, "commit")
        }
    }

    /// The committed offsets of the given partitions (next offset to read; -1001 when none).
    func committedOffsets(_ partitions: [KafkaTopicPartition], timeoutMilliseconds: Int32) throws -> [KafkaTopicPartition: Int64] {
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
        let result = rd_kafka_committed(handle, list, timeoutMilliseconds)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw Self.error(result, "committed") }
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for index in 0..<Int(list!.pointee.cnt) {
            let element = list!.pointee.elems[index]
            offsets[KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset
        }
        return offsets
    }

    func setPaused(_ paused: Bool, partitions: [KafkaTopicPartition]) throws {
        guard !partitions.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in partitions { rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition) }
        let result = paused ? rd_kafka_pause_partitions(handle, list) : rd_kafka_resume_partitions(handle, list)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw Self.error(result, paused ? "pause" : "resume") }
    }

    /// Leaves the group: final rebalance (commit on revoke) and close. Blocking.
    func closeConsumer() {
        let result = rd_kafka_consumer_close(handle)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            context.logger.warning("consumer close", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(result)))"])
        }
    }

    // MARK: metadata

    /// Names and partition counts of the cluster's topics; fails when no broker answers in time.
    func topicMetadata(timeoutMilliseconds: Int32) throws -> [String: Int] {
        var metadata: UnsafePointer<rd_kafka_metadata>? = nil
        let result = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw Self.error(result, "metadata")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var topics: [String: Int] = [:]
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            topics[String(cString: topic.topic)] = Int(topic.partition_cnt)
        }
        return topics
    }
}
