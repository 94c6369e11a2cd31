public enum HallCoreVersion { public static let string = "0.1.0" }
