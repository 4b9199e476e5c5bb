using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bright.Server.Live.State;

/// <summary>
/// A topic whose data is a view of live state made of keyed rows (wards, areas, rooms). A snapshot is the whole
/// view; a delta is the same shape carrying only the rows whose content changed since the last delta, plus
/// <c>removed</c> keys, so a client replaces rows by key. Rows compare by their JSON, ignoring nothing but the
/// view's own <c>asOf</c>. Durations are whole minutes, so a quiet board sends at most one delta a minute.
/// A view is computed again only when an event of its site (or something trust-wide) has changed live state since the last
/// delta, or a second has passed, which is when a count of minutes can have moved: at a publish interval of 50 ms, the
/// boards of quiet sites are not recomputed twenty times a second to find nothing new.
/// </summary>
internal abstract class ViewTopic<TView, TRow>(string name, LiveStateService service) : LiveTopic(name)
    where TView : class
{
    private readonly Dictionary<string, string> _published = new(StringComparer.Ordinal);
    private string? _publishedHead;
    private (long Trust, long Site) _computedChanges = (-1, -1);
    private DateTimeOffset _computedAt;

    protected LiveStateService Service => service;

    protected abstract TView Compute(Analytics.State.LiveState state, DateTimeOffset now);

    protected abstract IReadOnlyList<TRow> Rows(TView view);

    protected abstract string KeyOf(TRow row);

    /// <summary>The view without rows and without its time: what the head of a delta compares.</summary>
    protected abstract object Head(TView view);

    /// <summary>The view with only <paramref name="rows"/> in its row list.</summary>
    protected abstract TView WithRows(TView view, IReadOnlyList<TRow> rows);

    protected override object BuildSnapshot()
    {
        var view = Current();
        return Payload(view, []);
    }

    protected override object? BuildDelta()
    {
        // The stamp is read before the view: a change landing in between is computed now and again next time, never missed.
        var changes = service.ChangesOf(Site);
        var now = service.Clock.GetUtcNow();
        if (changes == _computedChanges && now - _computedAt < LiveStateService.ViewRefresh)
        {
            return null;
        }

        _computedChanges = changes;
        _computedAt = now;
        var view = Current();
        var changed = new List<TRow>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Rows(view))
        {
            var key = KeyOf(row);
            keys.Add(key);
            var json = JsonSerializer.Serialize(row, JsonSerializerOptions.Web);
            if (!_published.TryGetValue(key, out var before) || before != json)
            {
                _published[key] = json;
                changed.Add(row);
            }
        }

        var removed = _published.Keys.Where(k => !keys.Contains(k)).ToList();
        foreach (var key in removed)
        {
            _published.Remove(key);
        }

        var head = JsonSerializer.Serialize(Head(view), JsonSerializerOptions.Web);
        if (changed.Count == 0 && removed.Count == 0 && head == _publishedHead)
        {
            return null;
        }

        _publishedHead = head;
        return Payload(WithRows(view, changed), removed);
    }

    /// <summary>The view as JSON with a <c>removed</c> array of row keys (empty in snapshots).</summary>
    private static JsonNode Payload(TView view, IReadOnlyList<string> removed)
    {
        var node = JsonSerializer.SerializeToNode(view, JsonSerializerOptions.Web)!;
        node["removed"] = new JsonArray([.. removed.Select(k => (JsonNode)JsonValue.Create(k))]);
        return node;
    }

    private TView Current() => service.Read(Compute);
}
