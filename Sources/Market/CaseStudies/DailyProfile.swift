import Foundation
import PortableMath

/// The documented daily shapes the case studies (DESIGN.md §8) draw their 24
/// hourly periods from. Hour `h` is the period `[h, h + 1)`; shapes are
/// evaluated at its midpoint.
///
/// - PV: a clear-sky half sine between sunrise 06:00 and sunset 18:00,
///   `sin(π (t − 6) / 12)` at the period's midpoint `t`, zero at night.
///   A day's weather scales it by a clearness factor and hourly cloud noise.
/// - Load (network and MG): the hourly load of the IEEE Reliability Test
///   System (1979), Table 4, winter weekday, as a share of the daily peak —
///   a night trough at 59 % (04:00–05:00) and an evening peak at 100 %
///   (17:00–19:00). It is the classic published hourly profile, and a
///   winter weekday keeps the evening peak after sunset, when the MGs'
///   PV is gone and trades must travel furthest.
public enum DailyProfile {
    /// Periods per day.
    public static let hoursPerDay = 24
    /// Sunrise and sunset (h) of the clear-sky PV shape.
    public static let sunriseHour = 6.0
    public static let sunsetHour = 18.0

    /// IEEE RTS (1979) Table 4, winter weekday, hours 1–24, share of the daily peak.
    public static let loadShare: [Double] = [
        0.67, 0.63, 0.60, 0.59, 0.59, 0.60, 0.74, 0.86, 0.95, 0.96, 0.96, 0.95,
        0.95, 0.95, 0.93, 0.94, 0.99, 1.00, 1.00, 0.96, 0.91, 0.83, 0.73, 0.63,
    ]

    /// Clear-sky PV output of period `hour` as a share of its noon peak, in [0, 1].
    public static func clearSkyPVShare(hour: Int) -> Double {
        let t = Double(hour) + 0.5
        guard t > sunriseHour, t < sunsetHour else { return 0 }
        return Portable.sin(.pi * (t - sunriseHour) / (sunsetHour - sunriseHour))
    }
}
