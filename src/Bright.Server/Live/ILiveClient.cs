namespace Bright.Server.Live;

/// <summary>The methods the hub calls on a client (DESIGN.md, "Hub").</summary>
public interface ILiveClient
{
    /// <summary>The whole state of <paramref name="topic"/> at <paramref name="version"/>.</summary>
    Task Snapshot(string topic, long version, object data);

    /// <summary>The changes that take <paramref name="topic"/> to <paramref name="version"/> from the version before.</summary>
    Task Delta(string topic, long version, object data);
}
