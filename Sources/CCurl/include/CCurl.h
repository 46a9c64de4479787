#ifndef FREMMOEDE_CCURL_H
#define FREMMOEDE_CCURL_H

#include <stddef.h>
#include <curl/curl.h>

/// Typed setters over `curl_easy_setopt`, which is variadic and cannot be called from Swift.
CURLcode fm_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode fm_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode fm_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode fm_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

/// The read callback libcurl calls to pull an upload body (the message for SMTP).
typedef size_t (*fm_curl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);
CURLcode fm_curl_setopt_read_function(CURL *handle, fm_curl_read_callback callback);

/// The write callback libcurl hands a response body to (the benchmarks' HTTP client).
typedef size_t (*fm_curl_write_callback)(char *data, size_t size, size_t count, void *userdata);
CURLcode fm_curl_setopt_write_function(CURL *handle, fm_curl_write_callback callback);

/// `CURLVERSION_NOW` is a macro Swift cannot import.
curl_version_info_data *fm_curl_version_info(void);

/// `curl_easy_getinfo` is variadic too.
CURLcode fm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
