using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Bright.Analytics.State.Opel;
using Bright.Core.Reference;
using Bright.Server.Live.State;
using Bright.Store.Opel;

namespace Bright.Server.Opel;

/// <summary>
/// The OPEL table's versions (DOMAIN.md §3), kept in the store and handed to live state: seeds the shipped table
/// as the first version, validates and appends new ones, and gives live state the schedule so a version takes
/// effect on its date without a restart. Saves are serialised; reads are of an immutable schedule.
/// </summary>
internal sealed class OpelTables(OpelTableStore store, LiveStateService live, TrustReference trust, TimeProvider clock) : IDisposable
{
    /// <summary>Who saved the shipped table.</summary>
    public const string System = "system";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly SemaphoreSlim _saving = new(1, 1);
    private IReadOnlyList<OpelTableVersion> _versions = [];

    /// <summary>Seeds the shipped table when the store has none, then hands every stored version to live state.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var shipped = live.Settings.Opel;
        await store.SeedAsync(new NewOpelTableVersion(shipped.Version, shipped.Label, shipped.ValidFrom, JsonSerializer.Serialize(shipped, Json), System,
            clock.GetUtcNow(), "The table shipped with BRIGHT (DOMAIN.md §3's illustrative example), seeded as the first version."), cancellationToken);
        await PublishAsync(cancellationToken);
    }

    /// <summary>Every version in the order saved.</summary>
    public IReadOnlyList<OpelTableVersion> Versions => _versions;

    /// <summary>The stored version in force now.</summary>
    public OpelTableVersion InForce()
    {
        var inForce = live.OpelTables.At(clock.GetUtcNow());
        return _versions.LastOrDefault(v => v.Version == inForce.Table.Version) ?? throw new InvalidOperationException(
            "The OPEL tables have not been read from the store yet.");
    }

    /// <summary>
    /// Validates <paramref name="body"/> (a table document plus its change <c>note</c>) and appends it as a new version;
    /// the errors, each naming its field, when it is refused (nothing is stored and the version in force stays).
    /// </summary>
    public async Task<(OpelTableVersion? Saved, IReadOnlyList<(string Field, string Reason)> Errors)> SaveAsync(JsonObject body, string by,
        CancellationToken cancellationToken)
    {
        var (version, errors) = Check(body, by);
        return version is null ? (null, errors) : await AddAsync(null, version, cancellationToken);
    }

    /// <summary>
    /// Validates <paramref name="body"/> as <see cref="SaveAsync"/> does, without storing it: the version to store, or the
    /// errors each naming its field (a version already saved here among them).
    /// </summary>
    public (NewOpelTableVersion? Version, IReadOnlyList<(string Field, string Reason)> Errors) Check(JsonObject body, string by)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<(string Field, string Reason)>();
        var note = body["note"] is JsonValue n && n.TryGetValue<string>(out var text) ? text.Trim() : null;
        body.Remove("note");
        if (string.IsNullOrEmpty(note))
        {
            errors.Add(("note", "is required: say why the table changes (every version is kept as the audit)."));
        }

        OpelTable? table = null;
        try
        {
            table = body.Deserialize<OpelTable>(Json);
        }
        catch (JsonException ex)
        {
            errors.Add((Field(ex.Path), Reason(ex.Message)));
        }

        if (table is not null)
        {
            errors.AddRange(table.Check([.. trust.Sites.Select(s => s.Code)]).Select(e => (e.Field, e.Message)));
        }

        if (errors.Count > 0 || table is null)
        {
            return (null, errors);
        }

        if (_versions.Any(v => v.Version == table.Version))
        {
            return (null, [Taken(table.Version)]);
        }

        return (new NewOpelTableVersion(table.Version, table.Label, table.ValidFrom, JsonSerializer.Serialize(table, Json), by, clock.GetUtcNow(),
            note!), []);
    }

    /// <summary>
    /// Applies a version (checked by <see cref="Check"/> on the node that took it) read from the cluster's log at
    /// <paramref name="logKey"/>; the version stored, or an error when its version was taken meanwhile; nothing (no
    /// version, no error) when that change was applied before.
    /// </summary>
    public Task<(OpelTableVersion? Saved, IReadOnlyList<(string Field, string Reason)> Errors)> ApplyAsync(string logKey, NewOpelTableVersion version,
        CancellationToken cancellationToken) => AddAsync(logKey, version, cancellationToken);

    private async Task<(OpelTableVersion? Saved, IReadOnlyList<(string Field, string Reason)> Errors)> AddAsync(string? logKey,
        NewOpelTableVersion version, CancellationToken cancellationToken)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            var stored = logKey is null
                ? await store.AddAsync(version, cancellationToken)
                : await store.ApplyAsync(logKey, version, cancellationToken);
            if (!stored)
            {
                return (null, [Taken(version.Version)]);
            }

            await PublishAsync(cancellationToken);
            return (_versions[^1], []);
        }
        finally
        {
            _saving.Release();
        }
    }

    private static (string Field, string Reason) Taken(string version) =>
        ("version", $"'{version}' is already saved; versions are never changed, so give this one a new version.");

    public void Dispose() => _saving.Dispose();

    /// <summary>A stored document as JSON, for answers.</summary>
    public static JsonElement Document(OpelTableVersion version) => JsonDocument.Parse(version.Document).RootElement.Clone();

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var versions = await store.ReadVersionsAsync(cancellationToken);
        // Every stored document was validated when it was saved; one that no longer reads is a corrupt store, not bad input.
        var schedule = new OpelTableSchedule(versions.Select(v => new ScheduledOpelTable(
            JsonSerializer.Deserialize<OpelTable>(v.Document, Json) ?? throw new InvalidDataException($"OPEL table version {v.Number} is empty."),
            v.EffectiveFrom)));
        _versions = versions;
        live.SetOpelTables(schedule);
    }

    private static string Field(string? path)
    {
        var field = path is null ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "$" : field;
    }

    private static string Reason(string message) => message switch
    {
        _ when message.Contains("missing required properties", StringComparison.Ordinal) => message[message.IndexOf("missing", StringComparison.Ordinal)..],
        _ when message.Contains("could not be mapped", StringComparison.Ordinal) => "is not a field of the OPEL table",
        _ when message.Contains("OpelDirection", StringComparison.Ordinal) => "must be 'higher' or 'lower'",
        _ when message.Contains("System.DateOnly", StringComparison.Ordinal) => "must be a date written yyyy-MM-dd",
        _ when message.Contains("System.Double", StringComparison.Ordinal) => "must be a number",
        _ when message.Contains("System.Int32", StringComparison.Ordinal) => "must be a whole number",
        _ when message.Contains("System.String", StringComparison.Ordinal) => "must be a string",
        _ when message.Contains("IReadOnlyList", StringComparison.Ordinal) || message.Contains("IReadOnlyDictionary", StringComparison.Ordinal)
            => "has the wrong shape",
        _ => "has the wrong type",
    };
}
