using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Bright.Store.Events;

/// <summary>
/// The set of event ids already in the store, held as 128-bit hashes so that millions fit in memory
/// (about 30 bytes each). A 128-bit collision among 10⁹ ids has odds below 10⁻²⁰, so a hash match is
/// treated as the same id. Not thread-safe: the writer loop owns it.
/// </summary>
internal sealed class EventKeyIndex
{
    private readonly HashSet<UInt128> _keys;

    public EventKeyIndex(int capacity = 0) => _keys = new HashSet<UInt128>(capacity);

    public int Count => _keys.Count;

    // Hashes the UTF-16 code units directly: no encoding step and no allocation per id.
    public static UInt128 KeyOf(string eventId) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(eventId.AsSpan()));

    public bool Contains(UInt128 key) => _keys.Contains(key);

    public bool Add(UInt128 key) => _keys.Add(key);
}
