import CRdKafka
import Logging

/// Applies a consumer group rebalance. On revoke, offsets stored for messages already marked done
/// are committed before the partitions go; when the assignment was *lost* (session timed out,
/// another member already owns them) nothing is committed.
enum RDKafkaRebalance {
    static func handle(
        handle: OpaquePointer, code: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, context: RDKafkaCallbackContext
    ) {
        let list = RDKafkaTopicPartitionList.read(partitions)
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let metadata: Logger.Metadata = ["kafka.partitions": "\(list.map(\.description).joined(separator: ","))"]

        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            context.logger.info("partitions assigned", metadata: metadata)
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, partitions) {
                    logAndDestroy(error, context: context)
                }
                context.addAssignment(list)
            } else {
                let result = rd_kafka_assign(handle, partitions)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    context.logger.error("assign failed", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(result)))"])
                }
                context.setAssignment(Set(list))
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            if rd_kafka_assignment_lost(handle) != 0 {
                context.logger.warning("partitions lost; their uncommitted offsets are not committed", metadata: metadata)
            } else {
                context.logger.info("partitions revoked; committing what was done", metadata: metadata)
                let result = rd_kafka_commit(handle, nil, 0)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR && result != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    context.logger.warning("commit on revoke failed", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(result)))"])
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, partitions) {
                    logAndDestroy(error, context: context)
                }
                context.removeAssignment(list)
            } else {
                _ = rd_kafka_assign(handle, nil)
                context.setAssignment([])
            }
        default:
            context.logger.error("rebalance error", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(code)))"])
            _ = rd_kafka_assign(handle, nil)
            context.setAssignment([])
        }
    }

    private static func logAndDestroy(_ error: OpaquePointer, context: RDKafkaCallbackContext) {
        context.logger.error("incremental rebalance failed", metadata: ["kafka.error": "\(String(cString: rd_kafka_error_string(error)))"])
        rd_kafka_error_destroy(error)
    }
}
