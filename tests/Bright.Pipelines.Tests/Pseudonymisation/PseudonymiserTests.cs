using Bright.Pipelines.Pseudonymisation;

namespace Bright.Pipelines.Tests.Pseudonymisation;

public class PseudonymiserTests
{
    [TestCase("9434765919", "9434765919", Description = "NHS Data Dictionary's worked example")]
    [TestCase("943 476 5919", "9434765919")]
    [TestCase("943-476-5919", "9434765919")]
    [TestCase("9999999999", "9999999999", Description = "the test value in the UCLH samples")]
    public void Valid_nhs_numbers_are_normalised_to_ten_digits(string sent, string normalised)
    {
        Assert.That(Pseudonymiser.TryNormaliseNhsNumber(sent, out var digits), Is.True);
        Assert.That(digits, Is.EqualTo(normalised));
    }

    [TestCase("9434765918", Description = "wrong check digit")]
    [TestCase("943476591", Description = "nine digits")]
    [TestCase("94347659190")]
    [TestCase("94347A5919")]
    [TestCase("")]
    [TestCase("1000000010", Description = "check digit would be 10: never issued")]
    public void Invalid_nhs_numbers_are_refused(string sent) => Assert.That(Pseudonymiser.TryNormaliseNhsNumber(sent, out _), Is.False);

    [Test]
    public void Pseudonyms_are_stable_keyed_and_carry_the_key_version()
    {
        var a = new Pseudonymiser(new PseudonymisationOptions { Key = new string('a', 32), KeyVersion = "v1" });
        var again = new Pseudonymiser(new PseudonymisationOptions { Key = new string('a', 32), KeyVersion = "v1" });
        var rotated = new Pseudonymiser(new PseudonymisationOptions { Key = new string('b', 32), KeyVersion = "v2" });

        Assert.That(a.ForNhsNumber("9434765919"), Is.EqualTo(again.ForNhsNumber("9434765919")));
        Assert.That(a.ForNhsNumber("9434765919"), Does.StartWith("v1:").And.Length.EqualTo(3 + 64).And.Not.Contains("9434765919"));
        Assert.That(rotated.ForNhsNumber("9434765919"), Does.StartWith("v2:"));
        Assert.That(rotated.ForNhsNumber("9434765919")[3..], Is.Not.EqualTo(a.ForNhsNumber("9434765919")[3..]));
        Assert.That(a.ForLocalId("mrn", "RQ6", "1"), Is.Not.EqualTo(a.ForLocalId("mrn", "RQ7", "1")));
    }

    [Test]
    public void A_short_key_is_refused_naming_the_setting()
    {
        var options = new PseudonymisationOptions { Key = "short", KeyVersion = "a:b" };

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "Bright:Pseudonymisation:Key must be a secret of at least 32 characters (was 5 characters).",
            "Bright:Pseudonymisation:KeyVersion must be a short name without ':' (was 'a:b').",
        }));
        Assert.That(() => new Pseudonymiser(options), Throws.ArgumentException.With.Message.Contains("Bright:Pseudonymisation:Key"));
    }
}
