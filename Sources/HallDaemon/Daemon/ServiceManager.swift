import CMicroHTTPDShim

/// Tells systemd (a `Type=notify` unit) how the daemon is: ready once it listens, stopping once asked to stop.
/// Nothing happens when no service manager asked (`NOTIFY_SOCKET` unset).
public enum ServiceManager {
    /// Sends `state` lines such as `READY=1` or `STOPPING=1`; false only when sending failed.
    @discardableResult
    public static func notify(_ state: String) -> Bool { hallq_notify_service_manager(state) >= 0 }
}
