using Bright.Pipelines.Hl7;
using Bright.Pipelines.Pseudonymisation;
using Bright.Testing;

namespace Bright.Pipelines.Tests.Hl7;

/// <summary>The feed profiles and keys the tests map with: the two NHS sample layouts (DOMAIN.md §7.2).</summary>
internal static class TestFeeds
{
    public static PseudonymisationOptions Key { get; } = new() { Key = "test-key-0123456789-abcdefghijklmnop", KeyVersion = "t1" };

    public static Hl7FeedProfile Uclh() => new()
    {
        Source = "uclh-epic-adt",
        Owner = "UCLH integration team",
        SendingApplication = "EPIC",
        SendingFacility = "UCLH",
        Sites = new() { ["U"] = "RRV03" },
        PatientClasses = new() { ["DAY CASE"] = "day_case" },
    };

    public static Hl7FeedProfile Barts() => new()
    {
        Source = "barts-adt",
        Owner = "Barts interfaces team",
        SendingApplication = "BLT_TIE",
        SendingFacility = "BLT",
        Sites = new() { ["RNJ ROYALLONDON"] = "R1H12" },
    };

    /// <summary>A catch-all profile for synthetic messages from <c>TEST</c>, on site <c>RQ6</c> by default.</summary>
    public static Hl7FeedProfile Synthetic() => new()
    {
        Source = "synthetic",
        Owner = "BRIGHT tests",
        SendingApplication = "TEST",
        DefaultSite = "RQ6",
    };

    public static Hl7FeedCatalog Catalog() => new([Uclh(), Barts(), Synthetic()]);

    public static Hl7EventMapper Mapper() => new(Catalog(), new Pseudonymiser(Key));

    /// <summary>
    /// A sample message: the MIT-licensed Barts-format message is kept in the repository; UCLH's EMAP test
    /// messages, whose licence is not stated, are read from the shared data beside the repository.
    /// </summary>
    public static string Sample(string name) => name == "A01_admit_barts_format.hl7"
        ? File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Hl7", "Samples", name))
        : File.ReadAllText(SharedData.File($"feeds/hl7v2/uclh-emap/{name}"));

    public static Hl7Message Parse(string text)
    {
        var result = Hl7Parser.Parse(text);
        Assert.That(result.Error, Is.Null, "parse error");
        return result.Message!;
    }

    public static Hl7MappingResult Map(string text) => Mapper().Map(Parse(text), ReceivedAt);

    public static DateTimeOffset ReceivedAt { get; } = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
}
