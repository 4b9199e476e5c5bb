namespace Bright.Store.Replication;

/// <summary>A replicated record's key: its log entry's id and its index within the entry, e.g. <c>1764144000000-0/2</c>.</summary>
public static class RecordKey
{
    /// <summary>The key of record <paramref name="index"/> of log entry <paramref name="entryId"/>.</summary>
    public static string Of(string entryId, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{entryId}/{index}");
}
