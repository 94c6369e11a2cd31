/// The five satisfaction levels a taxpayer chooses from (5 very satisfied … 1 very dissatisfied).
public enum RatingScale {
    public static let scores = 1...5

    /// The level's Chinese name.
    public static func nameZh(_ score: Int) -> String {
        switch score {
        case 5: "非常满意"
        case 4: "满意"
        case 3: "基本满意"
        case 2: "不满意"
        default: "非常不满意"
        }
    }

    /// The level's English name.
    public static func nameEn(_ score: Int) -> String {
        switch score {
        case 5: "very satisfied"
        case 4: "satisfied"
        case 3: "fair"
        case 2: "dissatisfied"
        default: "very dissatisfied"
        }
    }
}

extension RatingScale {
    /// Scores at or below this are dissatisfied (2 dissatisfied, 1 very dissatisfied): what the statistics count, and
    /// the alert threshold unless the configuration or a manager sets another.
    public static let dissatisfiedAtOrBelow = 2

    /// Whether `score` counts as dissatisfied where scores at or below `threshold` do (a threshold of 0: none does).
    public static func isDissatisfied(_ score: Int, atOrBelow threshold: Int = dissatisfiedAtOrBelow) -> Bool { score <= threshold }
}
