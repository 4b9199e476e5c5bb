using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Bright.Store;
using Dapper;

namespace Bright.Pipelines.Hl7;

/// <summary>
/// Remembers, per feed and MSH-10 control id, the content hash of the first message stored, so that a later
/// message reusing the control id with different content is told to the feed's owner (DOMAIN.md §7.1:
/// "different hash: a collision, so store it under a disambiguated EventId and flag the feed owner").
/// Loaded from the stored HL7 event ids at start-up; 16 bytes per message, like the writer's dedupe index.
/// Thread-safe.
/// </summary>
public sealed class Hl7ControlIdIndex
{
    private readonly ConcurrentDictionary<ulong, ulong> _firstHash = new();

    /// <summary>Creates an empty index.</summary>
    public Hl7ControlIdIndex()
    {
    }

    /// <summary>Creates an index holding every HL7 message already in <paramref name="store"/>.</summary>
    public Hl7ControlIdIndex(BrightStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var connection = store.OpenConnection();
        foreach (var eventId in connection.Query<string>("SELECT event_id FROM events WHERE starts_with(event_id, 'hl7:')", buffered: false))
        {
            if (TrySplit(eventId, out var key, out var hash))
            {
                _firstHash.TryAdd(Key(key), Hash(hash));
            }
        }
    }

    /// <summary>
    /// Records the message whose first event id is <paramref name="eventId"/> (as the HL7 mapper derives it);
    /// true when an earlier message of the same feed and control id had different content.
    /// </summary>
    public bool RecordAndCheck(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        if (!TrySplit(eventId, out var key, out var hash))
        {
            return false;
        }

        var contentHash = Hash(hash);
        return _firstHash.GetOrAdd(Key(key), contentHash) != contentHash;
    }

    // The mapper's ids are hl7:{source}:{controlId}:{MSH-7}:{16 hex digits}[:{n}]. MSH-7 holds no ':', so the
    // key (feed and control id) is everything before the last two parts once a numbered suffix is dropped.
    private static bool TrySplit(string eventId, out ReadOnlySpan<char> key, out ReadOnlySpan<char> hash)
    {
        key = hash = default;
        var span = eventId.AsSpan();
        var last = span.LastIndexOf(':');
        if (last < 0)
        {
            return false;
        }

        if (span.Length - last - 1 != 16)
        {
            span = span[..last];
            last = span.LastIndexOf(':');
            if (last < 0 || span.Length - last - 1 != 16)
            {
                return false;
            }
        }

        hash = span[(last + 1)..];
        var time = span[..last].LastIndexOf(':');
        if (time < 0)
        {
            return false;
        }

        key = span[..time];
        return true;
    }

    private static ulong Key(ReadOnlySpan<char> key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key));

    private static ulong Hash(ReadOnlySpan<char> hex) => ulong.Parse(hex, System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);
}
