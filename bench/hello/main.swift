// The HTTP ceiling for benchmarks: the same libmicrohttpd bridge as the daemon, answering a fixed body.
import Foundation
import HTTPServer

var config = HTTPServerConfiguration()
config.port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8090
config.threads = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 2
let body = Array(#"{"status":"ok"}"#.utf8)
let server = HTTPServer(configuration: config, handler: helloHandler(body))
try server.start()
FileHandle.standardOutput.write(Data("hello listening on 127.0.0.1:\(server.port)\n".utf8))
while true { sleep(3600) }
