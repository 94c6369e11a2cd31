import CMicroHTTPD
import CMicroHTTPDShim
import Foundation
import HTTPTypes

// The C callbacks libmicrohttpd calls on its worker threads. They are file-scope functions (never closures declared
// in main.swift, which would be main-actor isolated and trap on these threads).

let mhdYes = MHD_Result(rawValue: 1)!
let mhdNo = MHD_Result(rawValue: 0)!

/// Called for each request: once with headers, then per body chunk, then once more to answer.
func accessHandler(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?,
    version: UnsafePointer<CChar>?, uploadData: UnsafePointer<CChar>?, uploadDataSize: UnsafeMutablePointer<Int>?,
    conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let conCls, let uploadDataSize else { return mhdNo }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    let state: RequestState
    if let existing = conCls.pointee {
        state = Unmanaged<RequestState>.fromOpaque(existing).takeUnretainedValue()
    } else {
        state = RequestState()
        conCls.pointee = Unmanaged.passRetained(state).toOpaque()
        let length = MHD_lookup_connection_value(connection, MHD_ValueKind(rawValue: UInt32(hallq_mhd_header_kind()))!, "Content-Length")
            .flatMap { Int(String(cString: $0)) }
        if let length, length > server.configuration.maxBodyBytes {
            state.tooLarge = true
            return queue(tooLarge(server), on: connection, server: server)
        }
        return mhdYes
    }
    if uploadDataSize.pointee > 0 {
        if !state.tooLarge, let uploadData {
            if state.body.count + uploadDataSize.pointee > server.configuration.maxBodyBytes {
                state.tooLarge = true
                state.body = []
            } else {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadDataSize.pointee) {
                    state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: uploadDataSize.pointee))
                }
            }
        }
        uploadDataSize.pointee = 0
        return mhdYes
    }
    if state.started {
        // Called again after a resume: the promised answer is ready (or this was a spurious wake-up).
        guard let pending = state.pending, let response = pending.take(on: connection) else { return mhdYes }
        state.pending = nil
        return queue(response, on: connection, server: server)
    }
    state.started = true
    if state.tooLarge { return queue(tooLarge(server), on: connection, server: server) }

    // libmicrohttpd passes on only methods made of token characters, which are exactly what a Method accepts.
    guard let method = method.flatMap({ HTTPMethod(String(cString: $0)) }) else {
        return queue(
            HTTPResponse.error(status: 400, code: "bad_method", message: "the request's method is not a valid HTTP method"), on: connection,
            server: server)
    }
    let request = HTTPRequest(
        method: method, path: url.map { String(cString: $0) } ?? "/",
        query: values(connection, kind: hallq_mhd_query_kind(), lowercased: false),
        headers: values(connection, kind: hallq_mhd_header_kind(), lowercased: true),
        body: state.body, remoteAddress: clientAddress(connection))
    let label = request.method.rawValue + " " + String(request.path.prefix(120))
    switch server.activity.during(label, kind: .request, { server.handler(request) }) {
    case .response(let response):
        return queue(response, on: connection, server: server)
    case .eventStream(let stream):
        return queue(stream, on: connection, server: server)
    case .later(let pending):
        pending.track(server.activity, label: label)
        guard let response = pending.take(on: connection) else {
            state.pending = pending
            return mhdYes
        }
        return queue(response, on: connection, server: server)
    }
}

/// Frees a request's state when libmicrohttpd is done with it (answered, failed or aborted).
func requestCompleted(
    cls: UnsafeMutableRawPointer?, connection: OpaquePointer?, conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    code: MHD_RequestTerminationCode
) {
    guard let conCls, let state = conCls.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(state).takeUnretainedValue().pending?.detach()
    Unmanaged<RequestState>.fromOpaque(state).release()
    conCls.pointee = nil
}

/// Content reader of an event stream's response.
func readStream(cls: UnsafeMutableRawPointer?, pos: UInt64, buffer: UnsafeMutablePointer<CChar>?, max: Int) -> Int {
    guard let cls, let buffer else { return -2 }
    let context = Unmanaged<StreamContext>.fromOpaque(cls).takeUnretainedValue()
    guard let server = context.server else { return context.stream.read(into: buffer, max: max) }
    return server.activity.during("event stream write") { context.stream.read(into: buffer, max: max) }
}

/// libmicrohttpd destroyed an event stream's response: the client is gone.
func freeStream(cls: UnsafeMutableRawPointer?) {
    guard let cls else { return }
    let context = Unmanaged<StreamContext>.fromOpaque(cls).takeRetainedValue()
    context.stream.detach()
    context.server?.unregister(context.stream)
}

/// What a stream's response holds on to.
final class StreamContext {
    let stream: EventStream
    weak var server: HTTPServer?
    init(stream: EventStream, server: HTTPServer) {
        self.stream = stream
        self.server = server
    }
}

private func tooLarge(_ server: HTTPServer) -> HTTPResponse {
    HTTPResponse.error(status: 413, code: "payload_too_large", message: "the request body is larger than \(server.configuration.maxBodyBytes) bytes")
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer, server: HTTPServer) -> MHD_Result {
    let r = response.body.withUnsafeBytes { hallq_mhd_response_copy($0.count, $0.baseAddress) }
    guard let r else { return mhdNo }
    for (name, value) in response.headers { MHD_add_response_header(r, name, value) }
    addDefaultHeaders(server.configuration.defaultHeaders, to: r, except: response.headers)
    let result = MHD_queue_response(connection, UInt32(response.status.code), r)
    MHD_destroy_response(r)
    return result
}

private func queue(_ stream: EventStream, on connection: OpaquePointer, server: HTTPServer) -> MHD_Result {
    let context = Unmanaged.passRetained(StreamContext(stream: stream, server: server)).toOpaque()
    guard let r = hallq_mhd_response_stream(readStream, context, freeStream) else {
        Unmanaged<StreamContext>.fromOpaque(context).release()
        return mhdNo
    }
    stream.attach(connection)
    // A stream that stops reading must fall behind in our accounting, not vanish into megabytes of kernel buffer.
    hallq_mhd_set_send_buffer(connection, Int32(server.configuration.streamSendBufferBytes))
    server.register(stream)
    let own = [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")]
    for (name, value) in own { MHD_add_response_header(r, name, value) }
    addDefaultHeaders(server.configuration.defaultHeaders, to: r, except: own)
    let result = MHD_queue_response(connection, 200, r)
    MHD_destroy_response(r)
    return result
}

/// Adds the server-wide headers a response does not set itself (names compare case-insensitively, as in HTTP).
private func addDefaultHeaders(_ defaults: [(String, String)], to response: OpaquePointer, except own: [(String, String)]) {
    guard !defaults.isEmpty else { return }
    let taken = Set(own.map { $0.0.lowercased() })
    for (name, value) in defaults where !taken.contains(name.lowercased()) { MHD_add_response_header(response, name, value) }
}

private func values(_ connection: OpaquePointer, kind: Int32, lowercased: Bool) -> [String: String] {
    final class Box {
        var values: [String: String] = [:]
        let lowercased: Bool
        init(lowercased: Bool) { self.lowercased = lowercased }
    }
    let box = Box(lowercased: lowercased)
    let iterator: MHD_KeyValueIterator = { cls, _, key, value in
        guard let cls, let key else { return mhdYes }
        let box = Unmanaged<Box>.fromOpaque(cls).takeUnretainedValue()
        let name = String(cString: key)
        box.values[box.lowercased ? name.lowercased() : name] = value.map { String(cString: $0) } ?? ""
        return mhdYes
    }
    withExtendedLifetime(box) {
        _ = MHD_get_connection_values(connection, MHD_ValueKind(rawValue: UInt32(kind))!, iterator, Unmanaged.passUnretained(box).toOpaque())
    }
    return box.values
}

private func clientAddress(_ connection: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    hallq_mhd_client_address(connection, &buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
