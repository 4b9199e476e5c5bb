using System.Security.Claims;
using Bright.Analytics.State.Alerts;
using Bright.Server.Alerts;
using Bright.Server.Auth;
using Bright.Server.Live.State;

namespace Bright.Server.Tests.Alerts;

[TestFixture]
public sealed class AlertAudienceTests
{
    private static readonly string[] Trust = ["RQ6", "REM", "RBQ", "REP"];
    private static readonly DateTimeOffset At = new(2026, 1, 14, 9, 0, 0, TimeSpan.Zero);

    private static Alert Alert(string id, string site, params string[] roles) =>
        new(id, "r", AlertSeverity.Warning, site, site, "m", At, null, null) { Roles = roles };

    private static ClaimsPrincipal User(string role, params string[] sites) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Role, role), .. sites.Select(s => new Claim(LocalTokenAuthenticationHandler.SitesClaim, s))], "test"));

    [Test]
    public void An_audience_is_the_role_and_the_sorted_sites() =>
        Assert.That((AlertAudience.Of(User("Operational", "RQ6", "REM")), AlertAudience.Of(User("Executive"))),
            Is.EqualTo(("Operational|REM,RQ6", "Executive|")));

    [Test]
    public void A_snapshot_keeps_only_the_alerts_for_the_audience()
    {
        var snapshot = new AlertsSnapshot(At, [Alert("a", "RQ6"), Alert("b", "REM"), Alert("c", "trust", "Executive"), Alert("d", "trust", "Operational")]);

        var seen = (AlertsSnapshot)AlertAudience.Filter(snapshot, "Operational|RQ6", Trust);

        Assert.That(seen.Alerts.Select(a => a.Id), Is.EqualTo(new[] { "a", "d" }));
    }

    [Test]
    public void A_delta_resolves_for_an_audience_the_alerts_it_may_no_longer_see()
    {
        var delta = new AlertsDelta(At, [Alert("a", "RQ6"), Alert("c", "trust", "Executive")], ["z"]);

        var seen = (AlertsDelta)AlertAudience.Filter(delta, "Analyst|", Trust);

        Assert.That(seen.Raised.Select(a => a.Id), Is.EqualTo(new[] { "a" }));
        Assert.That(seen.Resolved, Is.EqualTo(new[] { "z", "c" }));
    }
}
