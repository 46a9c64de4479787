#ifndef FREMMOEDE_CRDKAFKA_H
#define FREMMOEDE_CRDKAFKA_H

#include <stddef.h>
#include <stdint.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Typed wrapper over the variadic-argument producer API (`rd_kafka_produceva`), which Swift
/// cannot call with a C varargs list. Copies key and value; takes ownership of `headers` on
/// success only (on failure the caller still owns and must destroy them).
rd_kafka_resp_err_t fm_rd_kafka_produce(rd_kafka_t *rk,
                                        const char *topic,
                                        int32_t partition,
                                        const void *key, size_t key_len,
                                        const void *value, size_t value_len,
                                        rd_kafka_headers_t *headers,
                                        void *opaque);

/// The message's error string or NULL (rd_kafka_message_errstr is a static inline in the header).
const char *fm_rd_kafka_message_errstr(const rd_kafka_message_t *message);

#endif
