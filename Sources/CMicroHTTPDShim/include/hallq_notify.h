#ifndef HALLQ_NOTIFY_H
#define HALLQ_NOTIFY_H

/// Sends `state` (e.g. "READY=1") to the service manager's socket named in NOTIFY_SOCKET, as sd_notify does.
/// Returns 1 when sent, 0 when no service manager listens (NOTIFY_SOCKET unset), -1 on failure.
int hallq_notify_service_manager(const char *state);

#endif
