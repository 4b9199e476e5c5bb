using Bright.Store.Opel;
using Bright.Testing;

namespace Bright.Store.Tests.Opel;

[TestFixture]
public sealed class OpelTableStoreTests
{
    private static readonly DateTimeOffset SavedAt = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static NewOpelTableVersion Version(string version, string effectiveFrom, string note = "why") =>
        new(version, "indicative", DateOnly.Parse(effectiveFrom, System.Globalization.CultureInfo.InvariantCulture),
            $$"""{"version":"{{version}}"}""", "admin", SavedAt, note);

    [Test]
    public async Task The_shipped_table_is_seeded_only_into_an_empty_table()
    {
        using var temp = TempStore.Create();
        var store = new OpelTableStore(temp.Store);

        Assert.That(await store.SeedAsync(Version("indicative-1", "2024-04-01", "shipped")), Is.True);
        Assert.That(await store.SeedAsync(Version("indicative-2", "2024-04-01", "shipped again")), Is.False);

        var versions = await store.ReadVersionsAsync();
        Assert.That(versions.Select(v => (v.Number, v.Version, v.Note)), Is.EqualTo(new[] { (1, "indicative-1", "shipped") }));
    }

    [Test]
    public async Task Versions_are_appended_with_their_effective_date_author_time_note_and_document()
    {
        using var temp = TempStore.Create();
        var store = new OpelTableStore(temp.Store);
        await store.SeedAsync(Version("indicative-1", "2024-04-01"));

        Assert.That(await store.AddAsync(Version("trust-2", "2026-12-01", "signed off by the board")), Is.True);

        var second = (await store.ReadVersionsAsync())[1];
        Assert.That(second, Is.EqualTo(new OpelTableVersion(2, "trust-2", "indicative", new DateOnly(2026, 12, 1), """{"version":"trust-2"}""", "admin",
            SavedAt, "signed off by the board")));
    }

    [Test]
    public async Task A_version_already_saved_is_not_saved_again_and_nothing_is_overwritten()
    {
        using var temp = TempStore.Create();
        var store = new OpelTableStore(temp.Store);
        await store.SeedAsync(Version("indicative-1", "2024-04-01", "first"));

        Assert.That(await store.AddAsync(Version("indicative-1", "2026-12-01", "second")), Is.False);

        var versions = await store.ReadVersionsAsync();
        Assert.That(versions.Select(v => (v.Version, v.EffectiveFrom, v.Note)), Is.EqualTo(new[] { ("indicative-1", new DateOnly(2024, 4, 1), "first") }));
    }
}
