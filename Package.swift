// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "HallQ",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hallqd", targets: ["hallqd"]),
        .library(name: "HallCore", targets: ["HallCore"]),
        .library(name: "HallTesting", targets: ["HallTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The hall's domain: pure, deterministic, no I/O; imports nothing but Foundation.
        .target(name: "HallCore"),
        // The hall's TOML configuration file: the TOML parser, reading the file into HallConfig with located errors,
        // and editing its users in place.
        .target(name: "HallConfigFile", dependencies: ["HallCore"]),
        // State that one thread at a time may touch (`Locked<State>`), for the daemon's long-lived parts.
        .target(name: "Locking"),
        // The one JSON string escaper, for the paths that write JSON by hand.
        .target(name: "JSONString"),
        // SQLite journal and current-state tables; all SQL lives here.
        .target(name: "HallStore", dependencies: ["HallCore", "JSONString", .product(name: "GRDB", package: "GRDB.swift")]),
        // libmicrohttpd, found through pkg-config, and the C calls Swift cannot make (variadic start, socket options,
        // the service manager's readiness datagram).
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .target(name: "CMicroHTTPDShim", dependencies: ["CMicroHTTPD"]),
        // Safe Swift face of libmicrohttpd: the only target with unsafe pointers.
        .target(
            name: "HTTPServer",
            dependencies: ["CMicroHTTPD", "CMicroHTTPDShim", "Locking", .product(name: "HTTPTypes", package: "swift-http-types")]),
        // libpq (Debian's libpq-dev), found through pkg-config: the bureau's PostgreSQL.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Safe Swift face of libpq: connections, parameterised statements, a small pool. The only target with libpq's pointers.
        .target(name: "PostgresClient", dependencies: ["CLibPQ", "Locking"]),
        // The bureau of many halls in PostgreSQL: its schema, what halls ship into it, what the bureau reads; all its SQL.
        .target(name: "BureauStore", dependencies: ["PostgresClient", "HallCore", "HallStore", "JSONString", "Locking"]),
        // QR codes for printed tickets, rendered as SVG.
        .target(name: "QRCode"),
        // The daemon as a library: wiring, routes, auth, events, notifiers.
        .target(
            name: "HallDaemon",
            dependencies: [
                "HallCore", "HallConfigFile", "HallStore", "HTTPServer", "CMicroHTTPDShim", "QRCode", "Locking", "BureauStore", "PostgresClient",
                "JSONString", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "hallqd",
            dependencies: [
                "HallDaemon", "HallCore", "HallConfigFile", "HallStore", "HTTPServer", "Locking", "BureauStore", "PostgresClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark only: the bare HTTP layer answering a fixed body, the ceiling the API is measured against.
        .executableTarget(name: "hallq-hello", dependencies: ["HTTPServer"], path: "bench/hello"),
        // Benchmark only: the hall's domain timed alone (call next, snapshot, wait estimates) at 300 to 30,000 waiting.
        .executableTarget(name: "hallq-core-bench", dependencies: ["HallCore", "HallConfigFile"], path: "bench/core"),
        // Starts a real daemon on a free port with a temporary database, for end-to-end tests.
        .target(
            name: "HallTesting",
            dependencies: ["HallCore", "HTTPServer", "HallDaemon", "Locking", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HallCoreTests", dependencies: ["HallCore"]),
        .testTarget(name: "HallConfigFileTests", dependencies: ["HallConfigFile", "HallCore"]),
        .testTarget(name: "HallStoreTests", dependencies: ["HallStore", "HallCore"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(name: "LockingTests", dependencies: ["Locking"]),
        .testTarget(name: "JSONStringTests", dependencies: ["JSONString"]),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode"]),
        .testTarget(name: "BureauTests", dependencies: ["BureauStore", "PostgresClient", "HallStore", "HallCore", "HallConfigFile", "HallTesting"]),
        .testTarget(
            name: "HallDaemonTests",
            dependencies: [
                "HallDaemon", "HallConfigFile", "HallTesting", "Locking", "hallqd", .product(name: "Crypto", package: "swift-crypto"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
