using System.Globalization;
using Bright.Core.Events;
using Bright.Core.Reference;
using Bright.Simulator.Calibration;
using Bright.Simulator.Engine;
using Bright.Simulator.Model;

namespace Bright.Simulator;

/// <summary>
/// A deterministic discrete-event simulation of a trust's beds, EDs, theatres, diagnostics and staffing, producing
/// canonical <see cref="HospitalEvent"/>s. The same trust, seed and start give the same events, byte for byte,
/// however the time is stepped. Not thread-safe: one caller advances it.
/// </summary>
/// <remarks>
/// History begins with an empty hospital: every bed is announced <c>available</c> one second after the start and
/// occupancy, lengths of stay and ED waits settle over the first four weeks or so.
/// </remarks>
public sealed partial class TrustSimulator
{
    /// <summary>The <see cref="HospitalEvent.Source"/> of every event the simulator emits.</summary>
    public const string Source = "simulator";

    private const long Second = TimeSpan.TicksPerSecond;
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    private const long Day = TimeSpan.TicksPerDay;

    private readonly PriorityQueue<Happening, HappeningOrder> _queue = new();
    private readonly Queue<HospitalEvent> _ready = new();
    private readonly SimRandom _random;
    private readonly SiteState[] _sites;
    private readonly ulong _key;
    private long _sequence;
    private long _clock;
    private long _patients;

    /// <summary>Creates a simulator whose history starts at <paramref name="start"/>.</summary>
    /// <param name="trust">Sites, wards, beds, ED areas and theatres to simulate.</param>
    /// <param name="options">Seed and settings; validated here.</param>
    /// <param name="start">The beginning of simulated history; any offset, read as an instant.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public TrustSimulator(TrustReference trust, SimulatorOptions options, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        Now = start.ToUniversalTime();
        _clock = Now.UtcTicks;
        _random = new SimRandom(options.Seed);
        var keyState = (ulong)(uint)options.Seed ^ 0xB416_47C3_A5E1_0F3DUL;
        _key = SimRandom.Mix(ref keyState);
        _sites = [.. trust.Sites.Select(s => new SiteState(s, s.HasEd ? CalibrationFor(s.Code) : null))];
        foreach (var site in _sites)
        {
            ConfigureSite(site);
        }

        Schedule(_clock + Second, new Happening(HappeningKind.Opening, null));
    }

    /// <summary>Simulated time reached so far (UTC): the start, then the latest time advanced to.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>
    /// Runs the simulation to <paramref name="until"/>, yielding every event with OccurredAt in (<see cref="Now"/>,
    /// <paramref name="until"/>] in OccurredAt order (ties in the order they happened); <see cref="Now"/> follows
    /// the enumeration and reaches <paramref name="until"/> when it completes.
    /// </summary>
    /// <remarks>
    /// Events are produced lazily, so two years need no more memory than a day: enumerate each result once, before
    /// the next call. An enumeration stopped early resumes where it stopped on the next call.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is before <see cref="Now"/>.</exception>
    public IEnumerable<HospitalEvent> AdvanceTo(DateTimeOffset until)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(until, Now);
        return Run(until.ToUniversalTime());
    }

    private IEnumerable<HospitalEvent> Run(DateTimeOffset until)
    {
        var untilTicks = until.UtcTicks;
        while (true)
        {
            while (_ready.TryPeek(out var next))
            {
                if (next.OccurredAt.UtcTicks > untilTicks)
                {
                    yield break;
                }

                _ready.Dequeue();
                Now = next.OccurredAt;
                yield return next;
            }

            if (!_queue.TryPeek(out var happening, out var order) || order.Ticks > untilTicks)
            {
                break;
            }

            _queue.Dequeue();
            _clock = order.Ticks;
            Handle(happening);
        }

        Now = until;
    }

    private void Handle(Happening h)
    {
        switch (h.Kind)
        {
            case HappeningKind.Opening: Open(); break;
            case HappeningKind.DayStart: StartDay(h.Index); break;
            case HappeningKind.SiteHour: RunSiteHour((SiteState)h.Target!); break;
            case HappeningKind.DirectAdmission: AdmitDirect((DirectStream)h.Target!); break;
            case HappeningKind.AmbulanceArrival: ArriveByAmbulance((EdAttendance)h.Target!); break;
            case HappeningKind.EdArrival: Arrive((EdAttendance)h.Target!); break;
            case HappeningKind.AmbulanceHandover: HandOver((EdAttendance)h.Target!); break;
            case HappeningKind.EdTriage: Triage((EdAttendance)h.Target!); break;
            case HappeningKind.EdSeen: See((EdAttendance)h.Target!); break;
            case HappeningKind.EdDecision: Decide((EdAttendance)h.Target!); break;
            case HappeningKind.BedWaitCheck: CheckBedWait((BedRequest)h.Target!); break;
            case HappeningKind.PorterArrival: ArriveInBed((Patient)h.Target!); break;
            case HappeningKind.StageEnd: EndStage((Patient)h.Target!, h.Version); break;
            case HappeningKind.DischargePending: PlanDischarge((Patient)h.Target!, h.Version, confirmed: false); break;
            case HappeningKind.DischargeConfirmed: PlanDischarge((Patient)h.Target!, h.Version, confirmed: true); break;
            case HappeningKind.Discharge: Discharge((Patient)h.Target!, h.Version); break;
            case HappeningKind.CriteriaToReside: StopMeetingCriteria((Patient)h.Target!, h.Version, h.Index); break;
            case HappeningKind.CleaningStart: StartCleaning((Bed)h.Target!); break;
            case HappeningKind.CleaningDone: FinishCleaning((Bed)h.Target!); break;
            case HappeningKind.Unblock: MakeAvailable((Bed)h.Target!); break;
            case HappeningKind.StaffingShift: ReportStaffing((SiteState)h.Target!, h.Index); break;
            case HappeningKind.ElectiveAdmission: AdmitElective((TheatreCase)h.Target!); break;
            case HappeningKind.ListStart: StartList((TheatreList)h.Target!); break;
            case HappeningKind.Milestone: RecordMilestone((TheatreCase)h.Target!, h.Index); break;
            case HappeningKind.CaseCancel: CancelCase((TheatreCase)h.Target!); break;
            case HappeningKind.ElectiveBedHold: OpenElectiveHolds(h.Index); break;
            case HappeningKind.DiagnosticReport: ReportDiagnostic((DiagnosticOrder)h.Target!); break;
            default: throw new InvalidOperationException($"Unknown happening {h.Kind}.");
        }
    }

    private void Schedule(long ticks, Happening happening) =>
        _queue.Enqueue(happening, new HappeningOrder(Math.Max(ticks, _clock), _sequence++));

    private void Emit(SiteState site, EventKind kind, string? subject, string? location, string? code = null, double? value = null,
        Dictionary<string, string>? attributes = null)
    {
        var sequence = ++site.EventSequence;
        var occurred = new DateTimeOffset(_clock, TimeSpan.Zero);
        _ready.Enqueue(new HospitalEvent
        {
            EventId = string.Create(CultureInfo.InvariantCulture, $"sim-{site.Code}-{sequence:D9}"),
            OccurredAt = occurred,
            ReceivedAt = occurred.AddTicks(FeedLag(site, sequence)),
            Source = Source,
            Site = site.Code,
            Kind = kind,
            Subject = subject,
            Location = location,
            Code = code,
            Value = value,
            Attributes = attributes ?? HospitalEvent.NoAttributes,
        });
    }

    /// <summary>
    /// Delay from the point of care to BRIGHT: mostly seconds, one in seven a few minutes, one in a hundred up to
    /// 40 minutes (an interface engine's retry queue). Hashed from the event, so it draws nothing from the model's
    /// random sequence.
    /// </summary>
    private long FeedLag(SiteState site, long sequence)
    {
        var state = _key ^ ((ulong)site.Code.GetHashCode(StringComparison.Ordinal) << 32) ^ (ulong)sequence;
        var u = (SimRandom.Mix(ref state) >> 11) * (1.0 / (1UL << 53));
        var seconds = u < 0.85 ? 2 + (u / 0.85 * 88) : u < 0.99 ? 90 + ((u - 0.85) / 0.14 * 210) : 600 + ((u - 0.99) / 0.01 * 1800);
        return (long)(seconds * Second);
    }

    private string NewSubject()
    {
        var state = _key + (ulong)++_patients;
        return string.Create(CultureInfo.InvariantCulture, $"P-{SimRandom.Mix(ref state):x16}");
    }

    private static string Iso(long ticks) =>
        new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTime Local(long ticks) => TimeZoneInfo.ConvertTimeFromUtc(new DateTime(ticks, DateTimeKind.Utc), Core.Time.UkTime.Zone);

    private static long FromLocal(DateTime local) => Core.Time.UkTime.FromLocal(local).UtcTicks;

    private static SiteEdCalibration CalibrationFor(string site) =>
        EdCalibration.Sites.TryGetValue(site, out var calibration) ? calibration : EdCalibration.EnglandTypeOne(site);
}
