import CRdKafka

/// librdkafka's Admin API (CreateTopics) on a client handle; blocking, so callers run it off the
/// cooperative pool.
enum RDKafkaAdmin {
    /// Creates topics; one that exists already counts as created. Returns the names created now.
    static func createTopics(_ topics: [KafkaTopicSpecification], on client: RDKafkaClient, timeoutMilliseconds: Int32) throws -> [String] {
        var errorBuffer = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in topics {
            guard let newTopic = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor), &errorBuffer, errorBuffer.count) else {
                throw KafkaError(.topicAdministration, "\(spec.name): \(RDKafkaClient.string(errorBuffer))")
            }
            newTopics.append(newTopic)
            for (name, value) in spec.config.sorted(by: { $0.key < $1.key }) {
                let result = rd_kafka_NewTopic_set_config(newTopic, name, value)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw RDKafkaClient.error(result, "\(spec.name) config \(name)") }
            }
        }

        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMilliseconds, &errorBuffer, errorBuffer.count)

        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(client.handle, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds + 1000) else {
            throw KafkaError(.timedOut, "CreateTopics got no answer in \(timeoutMilliseconds) ms", isRetriable: true)
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(.topicAdministration, "CreateTopics: \(String(cString: rd_kafka_event_error_string(event)))",
                             librdkafkaCode: eventError.rawValue, isRetriable: true)
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(.topicAdministration, "CreateTopics: unexpected result event")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [] }
        var created: [String] = []
        var failures: [String] = []
        for index in 0..<count {
            let topicResult = results[index]
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let code = rd_kafka_topic_result_error(topicResult)
            switch code {
            case RD_KAFKA_RESP_ERR_NO_ERROR: created.append(name)
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: break
            default:
                let reason = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(code))
                failures.append("\(name): \(reason)")
            }
        }
        if !failures.isEmpty {
            throw KafkaError(.topicAdministration, "CreateTopics failed for \(failures.joined(separator: "; "))")
        }
        return created
    }
}
