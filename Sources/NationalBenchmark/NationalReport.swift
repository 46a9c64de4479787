import Foundation
import MunicipalityGenerator

/// The figures of one run, printed: the time until every pupil is judged, each service's
/// throughput end to end and while busy, and the ratios to the day's morning peak.
struct NationalReport {
    let day: NationalDay
    let shape: DayShape
    let timing: DayStream.Timing
    let count: Int
    let loadBefore: String
    let loadAfter: String

    func print() {
        let start = timing.start
        let judged = (timing.judged - start.at).seconds
        let intakeSeconds = (timing.intakeDone.at - start.at).seconds
        let screeningSeconds = (timing.screeningDone.at - start.at).seconds
        let intakeBusy = timing.intakeDone.intakeFeedBusy - start.intakeFeedBusy
        let screeningBusy = timing.screeningDone.screeningBusy - start.screeningBusy
        let intakeRate = Double(count) / intakeSeconds
        let screeningRate = Double(count) / screeningSeconds
        let peak = Double(shape.busiestMinute) / 60
        let line = output
        line("")
        line("load average (1, 5, 15 min) before: \(loadBefore); after: \(loadAfter)")
        line("every pupil of the day judged: \(f(judged)) s after the first registration was sent "
            + "(Screening's inbox holds \(timing.claimed) of the day's registrations, none dead-lettered, and its pupil_days the \(timing.storedDays) pupils absent or late; sending took \(f(timing.sendSeconds)) s)")
        line("Intake, one instance (Kafka feed, \(count) registrations): all accepted after \(f(intakeSeconds)) s = \(n(intakeRate)) registrations/s end to end; "
            + "\(f(intakeBusy)) s in feed batches (over its lanes) = \(n(Double(count) / intakeBusy))/s while busy")
        line("Screening, one instance: all consumed after \(f(screeningSeconds)) s = \(n(screeningRate)) events/s end to end; "
            + "\(f(screeningBusy)) s in batches = \(n(Double(count) / screeningBusy))/s while busy")
        line("ratios: Screening ÷ Intake end to end \(String(format: "%.2f", screeningRate / intakeRate)); "
            + "one instance of each ÷ the peak of these \(day.pupils.count) pupils (\(n(peak))/s): Intake \(String(format: "%.1f", intakeRate / peak))×, "
            + "Screening \(String(format: "%.1f", screeningRate / peak))×; the whole day in \(f(judged)) s is \(String(format: "%.0f", 8 * 3600 / judged))× faster than the school day (08:00–16:00)")
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
    private func n(_ value: Double) -> String { String(format: "%.0f", value) }
}
