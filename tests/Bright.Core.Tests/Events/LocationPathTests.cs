using Bright.Core.Events;

namespace Bright.Core.Tests.Events;

[TestFixture]
public sealed class LocationPathTests
{
    [TestCase("RQ6/W1/B01", "RQ6", "W1", "B01")]
    [TestCase("RQ6/theatres/TH01", "RQ6", "theatres", "TH01")]
    [TestCase("REM/ed", "REM", "ed", null)]
    [TestCase("RBQ", "RBQ", null, null)]
    public void A_path_splits_into_site_unit_and_place(string path, string site, string? unit, string? place)
    {
        Assert.That(LocationPath.TryParse(path, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(new LocationPath(site, unit, place)));
        Assert.That(parsed.ToString(), Is.EqualTo(path));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("RQ6//B01")]
    [TestCase("RQ6/W1/B01/extra")]
    [TestCase("/W1")]
    public void Malformed_paths_are_refused(string? path)
    {
        Assert.That(LocationPath.TryParse(path, out _), Is.False);
    }

    [Test]
    public void Bed_statuses_are_the_six_of_the_contract()
    {
        Assert.That(BedStatus.All, Is.EqualTo(new[] { "occupied", "to_clean", "cleaning", "available", "blocked", "reserved" }));
        Assert.That(BedStatus.IsKnown("Occupied"), Is.False, "statuses are case-sensitive on the wire");
    }
}
