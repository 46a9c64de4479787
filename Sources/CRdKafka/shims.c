#include "CRdKafka.h"

rd_kafka_resp_err_t fm_rd_kafka_produce(rd_kafka_t *rk,
                                        const char *topic,
                                        int32_t partition,
                                        const void *key, size_t key_len,
                                        const void *value, size_t value_len,
                                        rd_kafka_headers_t *headers,
                                        void *opaque) {
    rd_kafka_vu_t vus[7];
    size_t count = 0;

    vus[count].vtype = RD_KAFKA_VTYPE_TOPIC;
    vus[count].u.cstr = topic;
    count++;
    vus[count].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[count].u.i32 = partition;
    count++;
    vus[count].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[count].u.i = RD_KAFKA_MSG_F_COPY;
    count++;
    vus[count].vtype = RD_KAFKA_VTYPE_VALUE;
    vus[count].u.mem.ptr = (void *)value;
    vus[count].u.mem.size = value_len;
    count++;
    if (key != NULL) {
        vus[count].vtype = RD_KAFKA_VTYPE_KEY;
        vus[count].u.mem.ptr = (void *)key;
        vus[count].u.mem.size = key_len;
        count++;
    }
    if (headers != NULL) {
        vus[count].vtype = RD_KAFKA_VTYPE_HEADERS;
        vus[count].u.headers = headers;
        count++;
    }
    vus[count].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vus[count].u.ptr = opaque;
    count++;

    rd_kafka_error_t *error = rd_kafka_produceva(rk, vus, count);
    if (error == NULL) {
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    return code;
}

const char *fm_rd_kafka_message_errstr(const rd_kafka_message_t *message) {
    return rd_kafka_message_errstr(message);
}
