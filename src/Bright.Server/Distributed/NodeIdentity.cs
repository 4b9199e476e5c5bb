using Bright.Store.Settings;
using Microsoft.Extensions.Options;

namespace Bright.Server.Distributed;

/// <summary>
/// This node's name in the cluster: <c>Bright:Node:Id</c>, or else a GUID made on first start and kept in the
/// store's settings, so that the name (and with it the node's position in the log) belongs to the store.
/// Resolved once at start-up, before the node reads or writes the log.
/// </summary>
internal sealed class NodeIdentity(IOptions<NodeOptions> options, SettingsStore settings)
{
    public const string Setting = "node.id";
    private string? _id;

    public string Id => _id ?? throw new InvalidOperationException("The node's id is resolved at start-up; nothing may use it before.");

    public async Task<string> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_id is not null)
        {
            return _id;
        }

        var id = options.Value.Id;
        if (id.Length == 0)
        {
            id = await settings.GetAsync(Setting, cancellationToken) ?? "";
            if (id.Length == 0)
            {
                id = Guid.NewGuid().ToString("N");
                await settings.SetAsync(Setting, id, cancellationToken);
            }
        }

        _id = id;
        return id;
    }
}
