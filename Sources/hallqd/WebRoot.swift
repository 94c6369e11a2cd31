import Foundation

/// Where the pages are when `--web-root` is not given.
enum WebRoot {
    /// `share/hallq` beside the installed binary (`make install` puts `bin/hallqd` and `share/hallq/web` under one
    /// prefix), else the current folder (a checkout, run with `make run`).
    static func located() -> String {
        // The binary's real path, however it was started (through PATH, a symlink or a relative path).
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let binary = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let installed = binary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/hallq")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: installed.appendingPathComponent("web").path, isDirectory: &isFolder), isFolder.boolValue {
            return installed.path
        }
        return "."
    }
}
