using System.Text;
using Bright.Core.Reference;

namespace Bright.Core.Tests.Reference;

[TestFixture]
public sealed class TrustReferenceTests
{
    private static TrustReference Load(string json) => TrustReference.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Test]
    public void The_demo_trust_has_its_four_sites_in_order()
    {
        Assert.That(TrustReference.Demo.Sites.Select(s => s.Code), Is.EqualTo(new[] { "RQ6", "REM", "RBQ", "REP" }));
    }

    [Test]
    public void Every_demo_site_has_wards_beds_and_theatres_and_the_ed_sites_have_areas()
    {
        foreach (var site in TrustReference.Demo.Sites)
        {
            Assert.That(site.Wards, Is.Not.Empty, site.Code);
            Assert.That(site.CoreBeds, Is.GreaterThan(100), site.Code);
            Assert.That(site.Theatres, Is.Not.Empty, site.Code);
            Assert.That(site.EdAreas.Count > 0, Is.EqualTo(site.HasEd), site.Code);
        }
    }

    [Test]
    public void Ward_codes_are_unique_within_each_site()
    {
        foreach (var site in TrustReference.Demo.Sites)
        {
            Assert.That(site.Wards.Select(w => w.Code), Is.Unique, site.Code);
        }
    }

    [Test]
    public void Beds_are_named_B_and_escalation_beds_E_with_two_digits()
    {
        var ward = new Ward("W1", "Ward 1", "general medicine", WardType.GA, 3, 2);

        Assert.That(ward.CoreBedCodes, Is.EqualTo(new[] { "B01", "B02", "B03" }));
        Assert.That(ward.EscalationBedCodes, Is.EqualTo(new[] { "E01", "E02" }));
    }

    [Test]
    public void Only_ga_and_assessment_wards_count_as_general_and_acute()
    {
        Assert.That(Enum.GetValues<WardType>().Where(t => new Ward("X", "X", "", t, 1, 0).IsGeneralAndAcute),
            Is.EqualTo(new[] { WardType.GA, WardType.Assessment }));
    }

    [Test]
    public void Unknown_sites_are_not_found()
    {
        Assert.That(TrustReference.Demo.FindSite("ZZZ"), Is.Null);
        Assert.That(TrustReference.Demo.IsKnownSite(null), Is.False);
        Assert.That(TrustReference.Demo.IsKnownSite("rq6"), Is.False, "ODS codes are case-sensitive");
    }

    [Test]
    public void Malformed_json_is_refused_naming_the_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("{ \"trust\": { \"name\": \"T\" }, \n \"sites\": [ oops ] }"));

        Assert.That(error!.Message, Does.StartWith("Trust reference data is not valid JSON at").And.Contain("(line 1)"));
    }

    [Test]
    public void A_file_without_sites_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("{ \"trust\": { \"name\": \"T\" }, \"sites\": [] }"));

        Assert.That(error!.Message, Is.EqualTo("Trust reference data needs a 'trust' object and a non-empty 'sites' array."));
    }

    [Test]
    public void Every_problem_in_a_file_is_reported_at_once_with_its_path()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load("""
            { "trust": { "name": "T" }, "sites": [
              { "code": "A/B", "wards": [ { "code": "W1", "type": "spa", "beds": -1 } ] },
              { "code": "X1" }, { "code": "X1", "theatres": [ { "name": "no code" } ] } ] }
            """));

        Assert.That(error!.Message, Does.Contain("sites[0].code: a site needs an ODS code without '/'."));
        Assert.That(error.Message, Does.Contain("sites[0].wards[0]: beds and escalationBeds must be zero or more (were -1 and 0)."));
        Assert.That(error.Message, Does.Contain("sites[0].wards[0].type: 'spa' is not one of ga, assessment, critical_care, maternity, day_case."));
        Assert.That(error.Message, Does.Contain("sites[2].theatres[0].code: a code is required and may not contain '/'."));
        Assert.That(error.Message, Does.Contain("sites: code 'X1' appears 2 times."));
    }
}
