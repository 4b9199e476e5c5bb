using Bright.Analytics.State;
using Bright.Analytics.State.Beds;
using Bright.Analytics.State.Ed;
using Bright.Analytics.State.Theatres;
using Bright.Core.Time;
using Bright.Server.Alerts;

namespace Bright.Server.Live.State;

/// <summary><c>beds:{site}</c>: the bed board; rows are wards, keyed by ward code.</summary>
internal sealed class BedsTopic(string site, LiveStateService service) : ViewTopic<BedBoardView, WardView>("beds:" + site, service)
{
    public override string? Site => site;

    protected override BedBoardView Compute(LiveState state, DateTimeOffset now) => state.Beds(site, now);

    protected override IReadOnlyList<WardView> Rows(BedBoardView view) => view.Wards;

    protected override string KeyOf(WardView row) => row.Code;

    protected override object Head(BedBoardView view) => view with { AsOf = default, Wards = [] };

    protected override BedBoardView WithRows(BedBoardView view, IReadOnlyList<WardView> rows) => view with { Wards = rows };
}

/// <summary><c>ed:{site}</c>: the department; rows are areas, keyed by area code; ambulances travel in the head.</summary>
internal sealed class EdTopic(string site, LiveStateService service) : ViewTopic<EdView, EdAreaView>("ed:" + site, service)
{
    public override string? Site => site;

    protected override EdView Compute(LiveState state, DateTimeOffset now) => state.Ed(site, now);

    protected override IReadOnlyList<EdAreaView> Rows(EdView view) => view.Areas;

    protected override string KeyOf(EdAreaView row) => row.Code;

    protected override object Head(EdView view) => view with { AsOf = default, Areas = [] };

    protected override EdView WithRows(EdView view, IReadOnlyList<EdAreaView> rows) => view with { Areas = rows };
}

/// <summary><c>theatres:{site}</c>: today's trackboard; rows are rooms, keyed by room code.</summary>
internal sealed class TheatresTopic(string site, LiveStateService service) : ViewTopic<TheatreView, RoomView>("theatres:" + site, service)
{
    public override string? Site => site;

    protected override TheatreView Compute(LiveState state, DateTimeOffset now) => state.Theatres(site, now, UkTime.LocalDate(now));

    protected override IReadOnlyList<RoomView> Rows(TheatreView view) => view.Rooms;

    protected override string KeyOf(RoomView row) => row.Code;

    protected override object Head(TheatreView view) => view with { AsOf = default, Rooms = [] };

    protected override TheatreView WithRows(TheatreView view, IReadOnlyList<RoomView> rows) => view with { Rooms = rows };
}

/// <summary><c>opel</c>: every site's parameters, levels and score, and the trust roll-up; a delta is the whole view when a value or level changed.</summary>
internal sealed class OpelTopic(LiveStateService service) : LiveTopic(TopicName)
{
    public const string TopicName = "opel";

    /// <summary>
    /// OPEL is scored over every site's boards, the dearest view there is, and a level is not read at wallboard speed: it is
    /// scored at most twice a second, and only when live state changed or a second has passed (see <see cref="ViewTopic{TView, TRow}"/>).
    /// </summary>
    public static readonly TimeSpan Cadence = TimeSpan.FromMilliseconds(500);

    private string? _published;
    private (long Trust, long Site) _scoredChanges = (-1, -1);
    private DateTimeOffset _scoredAt;

    protected override object BuildSnapshot() => service.Read((state, now) => state.Opel(now));

    protected override object? BuildDelta()
    {
        var changes = service.ChangesOf(null);
        var at = service.Clock.GetUtcNow();
        if (at - _scoredAt < Cadence || (changes == _scoredChanges && at - _scoredAt < LiveStateService.ViewRefresh))
        {
            return null;
        }

        _scoredChanges = changes;
        _scoredAt = at;
        var view = service.Read((state, now) => state.Opel(now));
        var signature = System.Text.Json.JsonSerializer.Serialize(view with
        {
            AsOf = default,
            Sites = [.. view.Sites.Select(s => s with { Parameters = [.. s.Parameters.Select(p => p with { At = default })] })],
        });
        if (signature == _published)
        {
            return null;
        }

        _published = signature;
        return view;
    }
}

/// <summary><c>alerts</c>: a snapshot of the active alerts the subscriber may see; deltas of alerts raised or changed and ids resolved.</summary>
internal sealed class AlertsTopic(LiveStateService service) : LiveTopic(TopicName)
{
    public const string TopicName = "alerts";

    private readonly IReadOnlyList<string> _sites = [.. service.Trust.Sites.Select(s => s.Code)];

    /// <summary>Each role and set of sites sees only the alerts whose rules address it.</summary>
    public override string? AudienceOf(System.Security.Claims.ClaimsPrincipal user) => AlertAudience.Of(user);

    public override object ForAudience(object data, string audience) => AlertAudience.Filter(data, audience, _sites);

    protected override object BuildSnapshot() => service.Read((state, now) => new AlertsSnapshot(now, state.Alerts.Active));

    protected override object? BuildDelta() => service.TakeAlertChanges();
}
