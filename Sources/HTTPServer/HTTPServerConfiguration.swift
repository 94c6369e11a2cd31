import Foundation

/// How the server listens and what it tolerates.
public struct HTTPServerConfiguration: Sendable {
    /// IPv4 or IPv6 literal to listen on (`localhost` means 127.0.0.1).
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (read it back from ``HTTPServer/port``).
    public var port = 8080
    /// Worker threads, each with its own epoll loop.
    public var threads = 4
    /// Most simultaneous connections; more are refused at accept.
    public var connectionLimit = 4096
    /// Most simultaneous connections from one client address (0: no limit); more are closed at accept, so one client
    /// holding connections open (or trickling them) cannot take the hall's whole connection limit.
    public var connectionsPerAddress = 0
    /// Idle or slow clients are dropped after this many seconds without progress (streams send heartbeats).
    public var connectionTimeoutSeconds = 30
    /// Request bodies above this many bytes are answered with 413.
    public var maxBodyBytes = 64 * 1024
    /// Seconds between heartbeat comments on event streams.
    public var heartbeatSeconds = 15.0
    /// The kernel send buffer of an event stream's socket: what a stalled client can hold before it falls behind.
    public var streamSendBufferBytes = 64 * 1024
    /// Headers added to every response the server sends (replies, its own 413, event streams) unless the response
    /// sets a header of the same name itself: the one place for site-wide policy such as Content-Security-Policy.
    public var defaultHeaders: [(String, String)] = []
    /// Serve HTTPS with this certificate and key (nil: plain HTTP).
    public var tls: TLSCredentials?

    public init() {}
}

/// A server certificate (its chain) and private key, as PEM text.
public struct TLSCredentials: Sendable {
    public var certificatePEM: String
    public var keyPEM: String

    public init(certificatePEM: String, keyPEM: String) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }

    /// Reads both PEM files, refusing files that hold no PEM certificate or no PEM private key.
    public init(certificateFile: String, keyFile: String) throws {
        func read(_ path: String, _ what: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HTTPServerError(description: "cannot read the TLS \(what) \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        certificatePEM = try read(certificateFile, "certificate")
        keyPEM = try read(keyFile, "key")
        guard certificatePEM.contains("-----BEGIN CERTIFICATE-----") else {
            throw HTTPServerError(description: "\(certificateFile) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        guard keyPEM.contains("PRIVATE KEY-----") else {
            throw HTTPServerError(description: "\(keyFile) holds no PEM private key (-----BEGIN … PRIVATE KEY-----)")
        }
        guard !keyPEM.contains("ENCRYPTED") else {
            throw HTTPServerError(description: "\(keyFile) is protected by a passphrase; the daemon needs the key unencrypted (mode 0600)")
        }
    }
}

/// Why the server did not start.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
