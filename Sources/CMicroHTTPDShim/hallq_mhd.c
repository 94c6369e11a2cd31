// The calls Swift cannot make itself: variadic functions (MHD_start_daemon, MHD_get_*_info) and closed C enums.
#include "hallq_mhd.h"
#include <arpa/inet.h>
#include <string.h>
#include <netinet/in.h>

struct MHD_Daemon *hallq_mhd_start(const char *host, uint16_t port, unsigned int threads, unsigned int connection_limit,
                                   unsigned int per_address_limit, unsigned int connection_timeout, const char *tls_cert_pem,
                                   const char *tls_key_pem, MHD_AccessHandlerCallback handler, void *handler_cls,
                                   MHD_RequestCompletedCallback completed, void *completed_cls) {
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    struct sockaddr *addr = NULL;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    if (inet_pton(AF_INET, host, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        addr = (struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, host, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        addr = (struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        return NULL;
    }
    // The options as an array, so that TLS's are given only when asked for (a variadic list cannot leave some out).
    struct MHD_OptionItem options[14];
    int n = 0;
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, addr};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)threads, NULL};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, (intptr_t)connection_limit, NULL};
    // 0: no limit per client address (libmicrohttpd closes a connection over the limit at once).
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)per_address_limit, NULL};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)connection_timeout, NULL};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, completed_cls};
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL};
    // Each connection's pool holds its request line, headers and the current body chunk. The default (32 KB) costs
    // ~29 KB of RSS per idle display; 8 KB still takes ~6 KB of headers, far more than any screen or kiosk sends, and
    // keeps 2,000 boards near 11 KB each.
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(8 * 1024), NULL};
    if (tls_cert_pem != NULL && tls_key_pem != NULL) {
        // HTTPS through GnuTLS (Debian builds libmicrohttpd with it); PEM text in memory, read by the caller.
        flags |= MHD_USE_TLS;
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)tls_key_pem};
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)tls_cert_pem};
        // TLS 1.2 and 1.3 only, GnuTLS's usual ciphers otherwise.
        options[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"};
    }
    options[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    return MHD_start_daemon(flags, port, NULL, NULL, handler, handler_cls, MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

int hallq_mhd_has_tls(void) { return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES; }

uint16_t hallq_mhd_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

void hallq_mhd_client_address(struct MHD_Connection *connection, char *out, size_t out_len) {
    out[0] = 0;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)out_len);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)out_len);
    }
}

struct MHD_Response *hallq_mhd_response_copy(size_t size, const void *data) {
    return MHD_create_response_from_buffer(size, (void *)data, MHD_RESPMEM_MUST_COPY);
}

struct MHD_Response *hallq_mhd_response_stream(MHD_ContentReaderCallback reader, void *cls, MHD_ContentReaderFreeCallback free_cb) {
    // The block is the response's own buffer, which libmicrohttpd fills only for HTTP/1.0 clients: HTTP/1.1 (every
    // browser's EventSource) is sent chunked, read straight into the connection's pool. Each stream holds its block for
    // its whole life, so 256 bytes rather than 1 KB saves 1.5 MB with 2,000 screens connected; an HTTP/1.0 client is
    // simply copied out in more, smaller pieces.
    return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, reader, cls, free_cb);
}

void hallq_mhd_set_send_buffer(struct MHD_Connection *connection, int bytes) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info == NULL) return;
    setsockopt(info->connect_fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

int hallq_mhd_header_kind(void) { return MHD_HEADER_KIND; }
int hallq_mhd_query_kind(void) { return MHD_GET_ARGUMENT_KIND; }
