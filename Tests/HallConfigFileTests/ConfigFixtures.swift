import Foundation
import HallConfigFile
import HallCore

/// Configuration texts shared by the configuration tests.
enum ConfigFixtures {
    /// The demonstration hall's file, found next to the sources rather than from the working directory.
    static var demoHallText: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("config/demo-hall.toml"), encoding: .utf8)
        }
    }

    /// A well-formed stored hash (fixed bytes; no password matches it).
    static let hash = PasswordHashFormat(iterations: 100_000, salt: Array(repeating: 7, count: 16), hash: Array(repeating: 9, count: 32)).encoded

    /// The smallest valid hall: two services, two windows, an officer and a manager. Line numbers matter to the tests.
    static let minimal = """
        [hall]
        name_zh = "测试办税服务厅"
        name_en = "Test Hall"
        time_zone = "Asia/Shanghai"

        [hours]
        mon = ["09:00-12:00", "13:30-17:00"]

        [[services]]
        code = "A"
        name_zh = "综合业务"
        name_en = "General"
        typical_minutes = 5

        [[services]]
        code = "B"
        name_zh = "发票业务"
        name_en = "Invoices"
        typical_minutes = 3.5

        [[windows]]
        number = 1
        services = ["A", "B"]

        [[windows]]
        number = 2
        name_zh = "二号窗口"
        name_en = "Second window"
        services = ["B"]

        [[users]]
        login = "officer1"
        role = "officer"
        window = 1
        password_hash = "\(hash)"

        [[users]]
        login = "boss"
        role = "manager"
        password_hash = "\(hash)"

        """
}
