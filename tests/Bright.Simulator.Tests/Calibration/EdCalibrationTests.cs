using Bright.Simulator.Calibration;

namespace Bright.Simulator.Tests.Calibration;

public sealed class EdCalibrationTests
{
    [Test]
    public void The_embedded_table_holds_the_three_ED_sites() =>
        Assert.That(EdCalibration.Sites.Keys, Is.EquivalentTo(new[] { "RQ6", "REM", "REP" }));

    [TestCase("RQ6", 0, 0.29916, Description = "85,166 / 284,687 from NHSRdatasets ae_attendances")]
    [TestCase("REM", 0, 0.39960, Description = "104,523 / 261,567")]
    [TestCase("REP", 1, 0.09588, Description = "3,695 / 38,538")]
    public void Admitted_share_is_admissions_over_attendances(string site, int type, double expected) =>
        Assert.That(EdCalibration.Sites[site].AdmittedShare[type], Is.EqualTo(expected).Within(0.00001));

    [Test]
    public void Hour_and_weekday_profiles_are_normalised()
    {
        Assert.That(EdCalibration.HourShare.Sum(), Is.EqualTo(1).Within(1e-9));
        Assert.That(EdCalibration.WeekdayFactor.Average(), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void A_malformed_row_is_rejected_naming_the_line()
    {
        var csv = "period,org_code,type,attendances,breaches,admissions\n2016-04-01,RQ6,1,abc,0,0\n";
        Assert.That(() => EdCalibration.Parse(new StringReader(csv)),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("Calibration CSV line 2: cannot read '2016-04-01,RQ6,1,abc,0,0'."));
    }

    [Test]
    public void An_unknown_department_type_is_rejected_naming_the_line()
    {
        var csv = "period,org_code,type,attendances,breaches,admissions\n2016-04-01,RQ6,4,1,0,0\n";
        Assert.That(() => EdCalibration.Parse(new StringReader(csv)),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("Calibration CSV line 2: unknown type '4'."));
    }
}
