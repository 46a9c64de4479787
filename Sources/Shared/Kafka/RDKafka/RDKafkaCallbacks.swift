import CRdKafka
import Logging

/// The C callbacks librdkafka calls, installed on every configuration. They find their Swift
/// context through the configuration's opaque pointer and never throw into C.
enum RDKafkaCallbacks {
    static func install(on conf: OpaquePointer, context: Unmanaged<RDKafkaCallbackContext>, consumer: Bool) {
        rd_kafka_conf_set_opaque(conf, context.toOpaque())
        rd_kafka_conf_set_log_cb(conf, logCallback)
        rd_kafka_conf_set_error_cb(conf, errorCallback)
        rd_kafka_conf_set_stats_cb(conf, statisticsCallback)
        if consumer {
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        } else {
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback)
        }
    }

    static func context(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    private static let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle, level, facility, message in
        guard let handle, let context = context(rd_kafka_opaque(handle)) else { return }
        let text = message.map { String(cString: $0) } ?? ""
        let facilityText = facility.map { String(cString: $0) } ?? ""
        context.logger.log(level: logLevel(syslog: level), "\(text)", metadata: ["kafka.facility": "\(facilityText)"])
    }

    private static func logLevel(syslog level: Int32) -> Logger.Level {
        switch level {
        case ...2: return .error
        // librdkafka logs transient broker failures at LOG_ERR; the error callback reports them too.
        case 3, 4: return .warning
        case 5, 6: return .info
        default: return .debug
        }
    }

    private static let errorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
        handle, code, reason, opaque in
        guard let context = context(opaque) else { return }
        let text = reason.map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(code)))
        if rd_kafka_resp_err_t(code) == RD_KAFKA_RESP_ERR__FATAL, let handle {
            var buffer = [CChar](repeating: 0, count: 512)
            let original = rd_kafka_fatal_error(handle, &buffer, buffer.count)
            let detail = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let error = KafkaError(.fatal, detail.isEmpty ? text : detail, librdkafkaCode: original.rawValue)
            context.recordFatal(error)
            context.logger.critical("librdkafka fatal error", metadata: ["kafka.error": "\(error.message)"])
            return
        }
        // Broker-down and transport errors are retried by librdkafka itself; they are worth a warning.
        context.logger.warning("librdkafka error", metadata: ["kafka.error": "\(text)", "kafka.code": "\(code)"])
    }

    private static let statisticsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _, json, length, opaque in
        guard let context = context(opaque), let json else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: json, count: length)
        context.statistics.record(json: Array(bytes))
        return 0  // 0: librdkafka frees the JSON buffer
    }

    private static let deliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let context = context(opaque), let message else { return }
        let id = UInt(bitPattern: message.pointee._private)
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
        if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            let report = KafkaDeliveryReport(topic: topic, partition: message.pointee.partition, offset: message.pointee.offset)
            context.completeDelivery(id: id, result: .success(report))
        } else {
            let reason = fm_rd_kafka_message_errstr(message).map { String(cString: $0) } ?? "delivery failed"
            let error = KafkaError(.delivery, "\(topic): \(reason)", librdkafkaCode: message.pointee.err.rawValue)
            context.completeDelivery(id: id, result: .failure(error))
        }
    }

    private static let rebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
        handle, code, partitions, opaque in
        guard let handle, let context = context(opaque) else { return }
        RDKafkaRebalance.handle(handle: handle, code: code, partitions: partitions, context: context)
    }
}
