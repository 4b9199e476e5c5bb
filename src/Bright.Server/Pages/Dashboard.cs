using System.Security.Claims;
using Bright.Server.Auth;

namespace Bright.Server.Pages;

/// <summary>A built-in or stored dashboard: its document, owner and the topics its tiles read.</summary>
internal sealed class Dashboard(DashboardDocument document, bool builtIn, string owner, DateTimeOffset? updatedAt)
{
    public DashboardDocument Document { get; } = document;

    public string Id => Document.Id!;

    public bool BuiltIn { get; } = builtIn;

    public string Owner { get; } = owner;

    public DateTimeOffset? UpdatedAt { get; } = updatedAt;

    public IReadOnlyList<string> Topics { get; } = DashboardTiles.TopicsOf(document);

    public bool Shows(string topic) => Topics.Any(p => p.EndsWith('*')
        ? topic.StartsWith(p[..^1], StringComparison.Ordinal)
        : string.Equals(p, topic, StringComparison.Ordinal));

    /// <summary>Built-in and shared dashboards are open to everyone signed in; personal ones to their owner.</summary>
    public bool IsOpenTo(ClaimsPrincipal user) =>
        BuiltIn || Document.Scope != "personal" || string.Equals(Owner, user.FindFirstValue(ClaimTypes.Name), StringComparison.Ordinal);

    /// <summary>Only a stored dashboard's owner, or an administrator, changes or deletes it.</summary>
    public bool IsEditableBy(ClaimsPrincipal user) =>
        !BuiltIn && (user.IsInRole(nameof(BrightRole.Administrator)) || string.Equals(Owner, user.FindFirstValue(ClaimTypes.Name), StringComparison.Ordinal));

    /// <summary>The API's view of it, for <paramref name="user"/>.</summary>
    public object View(ClaimsPrincipal user) => new
    {
        id = Id,
        title = Document.Title,
        description = Document.Description ?? "",
        topics = Topics,
        scope = Document.Scope,
        audience = Document.Audience,
        layout = Document.Layout,
        defaultFor = Document.DefaultFor ?? [],
        filters = Document.Filters ?? new DashboardFilters(),
        tiles = Document.Tiles ?? [],
        builtIn = BuiltIn,
        owner = Owner,
        editable = IsEditableBy(user),
        updatedAt = UpdatedAt,
    };
}
