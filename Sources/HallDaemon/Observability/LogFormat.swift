import Foundation
import Logging

/// How the daemon writes its log to standard error: readable lines, or one JSON object per line for log shippers.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json

    /// A logger writing to standard error in this format.
    public func logger(label: String) -> Logger {
        switch self {
        case .text: Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        case .json: Logger(label: label) { JSONLogHandler(label: $0) }
        }
    }
}

/// One JSON object per entry on standard error, one entry per line:
/// `{"time":"2026-11-24T09:30:00.125Z","level":"info","logger":"hallqd","message":"…","route":"/api/tickets"}`.
/// The metadata's keys sit beside the four fixed ones (never replacing them); values are strings, lists or objects.
/// Each line goes out in one write, so entries from several threads never mix.
public struct JSONLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = Self.line(
            time: Date(), level: event.level, label: label, message: event.message.description,
            metadata: metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 })
        line.append(UInt8(ascii: "\n"))
        FileHandle.standardError.write(Data(line))
    }

    /// One entry, now, as a line of text (for what is written outside a logger, like the line saying the port).
    public static func entry(level: Logger.Level, label: String, message: String) -> String {
        String(decoding: line(time: Date(), level: level, label: label, message: message, metadata: [:]), as: UTF8.self) + "\n"
    }

    static let fixedKeys: Set<String> = ["time", "level", "logger", "message"]

    /// One entry as a JSON object (without the newline).
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var json = JSONText(capacity: 256)
        json.beginObject()
        json.key("time")
        json.string(time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        json.key("level")
        json.string(level.rawValue)
        json.key("logger")
        json.string(label)
        json.key("message")
        json.string(message)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !fixedKeys.contains(key) {
            json.key(key)
            write(value, to: &json)
        }
        json.endObject()
        return json.bytes
    }

    private static func write(_ value: Logger.Metadata.Value, to json: inout JSONText) {
        switch value {
        case .string(let text): json.string(text)
        case .stringConvertible(let convertible): json.string(convertible.description)
        case .array(let values):
            json.beginArray()
            for value in values { write(value, to: &json) }
            json.endArray()
        case .dictionary(let entries):
            json.beginObject()
            for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
                json.key(key)
                write(value, to: &json)
            }
            json.endObject()
        }
    }
}
