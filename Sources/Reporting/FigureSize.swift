/// Size of the SVG canvas in pixels; gnuplot's `dynamic` option lets a browser rescale it.
public struct FigureSize: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// 640 × 420: one column of a two-column paper at a readable 11 pt font.
    public static let standard = FigureSize(width: 640, height: 420)
}
