using Microsoft.AspNetCore.SignalR;

namespace Bright.Server.Live;

/// <summary>The methods the hub calls on a client (DESIGN.md, "Hub"); their wire names are lower case, as the contract spells them.</summary>
public interface ILiveClient
{
    /// <summary>The whole state of <paramref name="topic"/> at <paramref name="version"/>.</summary>
    [HubMethodName("snapshot")]
    Task Snapshot(string topic, long version, object data);

    /// <summary>The changes that take <paramref name="topic"/> to <paramref name="version"/> from the version before.</summary>
    [HubMethodName("delta")]
    Task Delta(string topic, long version, object data);
}
