using System.Collections.Concurrent;

namespace Bright.Server.Live;

/// <summary>Every topic the hub serves, by name. Thread-safe.</summary>
public sealed class LiveTopicRegistry
{
    private readonly ConcurrentDictionary<string, LiveTopic> _topics = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="topic"/>; a second topic of the same name is a programming error.</summary>
    public void Add(LiveTopic topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!_topics.TryAdd(topic.Name, topic))
        {
            throw new InvalidOperationException($"A live topic named '{topic.Name}' is already registered.");
        }
    }

    public LiveTopic? Find(string name) => _topics.GetValueOrDefault(name);

    public IReadOnlyCollection<LiveTopic> All => [.. _topics.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
}
