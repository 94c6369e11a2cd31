#ifndef HALLQ_MHD_H
#define HALLQ_MHD_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <microhttpd.h>

/// Starts a daemon: internal polling threads with epoll, a pool of `threads`, suspend/resume allowed.
/// `host` is an IPv4 or IPv6 literal; `per_address_limit` caps connections per client address (0: none). With `tls_cert_pem` and `tls_key_pem` (PEM text, kept alive by the caller while
/// the daemon runs) it serves HTTPS; NULL for plain HTTP. Returns NULL on failure (the reason logged by MHD).
struct MHD_Daemon *hallq_mhd_start(const char *host, uint16_t port, unsigned int threads, unsigned int connection_limit,
                                   unsigned int per_address_limit, unsigned int connection_timeout, const char *tls_cert_pem,
                                   const char *tls_key_pem, MHD_AccessHandlerCallback handler, void *handler_cls,
                                   MHD_RequestCompletedCallback completed, void *completed_cls);

/// Whether this libmicrohttpd was built with TLS (Debian's is, with GnuTLS).
int hallq_mhd_has_tls(void);

/// The port the daemon is bound to (useful when 0 was asked).
uint16_t hallq_mhd_port(struct MHD_Daemon *daemon);

/// The client's IP address as text into `out` (empty when unknown).
void hallq_mhd_client_address(struct MHD_Connection *connection, char *out, size_t out_len);

/// A response whose body is copied from `data`.
struct MHD_Response *hallq_mhd_response_copy(size_t size, const void *data);

/// A response of unknown length produced by `reader` (server-sent events).
struct MHD_Response *hallq_mhd_response_stream(MHD_ContentReaderCallback reader, void *cls, MHD_ContentReaderFreeCallback free_cb);

/// Caps the kernel's send buffer of a connection's socket (it otherwise grows to megabytes for a client that stops
/// reading); the kernel doubles the value for its bookkeeping.
void hallq_mhd_set_send_buffer(struct MHD_Connection *connection, int bytes);

/// The HTTP header/query value kinds, as plain ints for Swift.
int hallq_mhd_header_kind(void);
int hallq_mhd_query_kind(void);

#endif
