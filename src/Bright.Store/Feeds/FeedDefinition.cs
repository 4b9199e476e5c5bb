namespace Bright.Store.Feeds;

/// <summary>The kinds of feed BRIGHT takes events from, as the registry's <c>kind</c> names them.</summary>
public static class FeedKinds
{
    /// <summary>HL7 v2 over MLLP.</summary>
    public const string Hl7 = "hl7";

    /// <summary>FHIR R4 through <c>POST /api/fhir</c>.</summary>
    public const string Fhir = "fhir";

    /// <summary>JSON batches through <c>POST /api/events</c>.</summary>
    public const string Http = "http";

    /// <summary>CSV or Parquet files in the drop folder.</summary>
    public const string File = "file";

    /// <summary>Every kind, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Hl7, Fhir, Http, File];
}

/// <summary>One feed's settings in the registry: what an administrator edits. Immutable.</summary>
/// <param name="Id">The feed's id: the Source every event from it carries.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Owner">Who is told about the feed's data-quality problems (a team).</param>
/// <param name="Contact">The owner's e-mail address or telephone number; null for none.</param>
/// <param name="Kind">One of <see cref="FeedKinds"/>.</param>
/// <param name="ExpectedEvery">How often it is expected to send; null for no cadence.</param>
/// <param name="LateAfter">The agreed longest lag from point of care (occurred) to receipt; null when none is agreed.</param>
/// <param name="SilentAfter">With no delivery for this long the feed is silent; null takes <paramref name="ExpectedEvery"/>.</param>
/// <param name="Enabled">False pauses its monitoring: it is then never silent or late.</param>
public sealed record FeedDefinition(string Id, string Name, string Owner, string? Contact, string Kind, TimeSpan? ExpectedEvery,
    TimeSpan? LateAfter, TimeSpan? SilentAfter, bool Enabled = true);

/// <summary>A feed as stored, with its revision and who changed it last.</summary>
/// <param name="Feed">Its settings.</param>
/// <param name="Revision">1 when first stored, +1 on every change (retiring included).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
/// <param name="UpdatedBy"><see cref="FeedStore.ConfigurationAuthor"/> or the administrator's token name.</param>
/// <param name="RetiredAt">When it was retired (UTC); null while in service.</param>
public sealed record StoredFeed(FeedDefinition Feed, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? RetiredAt)
{
    /// <summary>Whether it has been retired.</summary>
    public bool Retired => RetiredAt is not null;
}

/// <summary>One revision of a feed in its history.</summary>
/// <param name="Revision">The revision it made.</param>
/// <param name="Change"><c>created</c>, <c>updated</c>, <c>retired</c> or <c>restored</c> (a retired feed saved again).</param>
/// <param name="Feed">The settings from this revision on.</param>
/// <param name="ChangedAt">When (UTC).</param>
/// <param name="ChangedBy">Who: <see cref="FeedStore.ConfigurationAuthor"/> or an administrator.</param>
public sealed record FeedVersion(int Revision, string Change, FeedDefinition Feed, DateTimeOffset ChangedAt, string ChangedBy);

/// <summary>What a save did.</summary>
/// <param name="Feed">The feed as stored afterwards.</param>
/// <param name="Change"><c>created</c>, <c>updated</c> or <c>restored</c>; null when the settings were already stored as sent.</param>
public sealed record FeedSaveResult(StoredFeed Feed, string? Change);
