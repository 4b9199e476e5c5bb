using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Bright.Server.Auth;
using Bright.Server.Kpis;
using Bright.Store.Dashboards;

namespace Bright.Server.Pages;

/// <summary>
/// The built-in dashboards (DESIGN.md, "Pages"), read-only, and the stored ones, held in memory after the first read
/// so that the hub's access check needs no query. Writes go through here so the two never differ. Thread-safe.
/// </summary>
internal sealed class DashboardCatalogue(DashboardStore store) : IDisposable
{
    private readonly Lazy<ConcurrentDictionary<string, Dashboard>> _stored = new(() => new ConcurrentDictionary<string, Dashboard>(
        store.List().Select(s => KeyValuePair.Create(s.Id, FromStored(s))), StringComparer.Ordinal));

    private readonly SemaphoreSlim _writes = new(1, 1);

    public IReadOnlyList<Dashboard> BuiltIn { get; } =
    [
        Shipped("command-centre", "Command centre", "Wallboard of the whole trust: feeds, OPEL, ED, beds, theatres, alerts and KPIs.", "tiles",
            ["opel", "ed", "beds", "theatres", "alerts", "kpi", "ingest"]),
        Shipped("theatres", "Theatre trackboard", "Each room's current case, milestone and status, with the day's metrics.", "trackboard",
            ["theatres", "alerts"]),
        Shipped("beds", "Bed board", "Sites, wards and beds by status, with cleaning and pending moves.", "bedboard", ["beds", "alerts"]),
        Shipped("ed", "Emergency department", "Patients in department, breaches and ambulance handovers.", "tiles", ["ed", "alerts"]),
        Shipped("executive", "Executive SPC", "Every KPI's variation and assurance, with narration.", "spc", ["kpi"]),
        Shipped("query", "Query workbench", "Read-only SQL on the live store, with exports.", "workbench", []),
    ];

    public IEnumerable<Dashboard> Stored => _stored.Value.Values.OrderBy(d => d.Id, StringComparer.Ordinal);

    public Dashboard? Find(string id) =>
        BuiltIn.FirstOrDefault(d => d.Id == id) ?? _stored.Value.GetValueOrDefault(id);

    /// <summary>What <paramref name="user"/> may open: a bound wallboard token its dashboard only; the workbench for analysts.</summary>
    public IEnumerable<Dashboard> OpenTo(ClaimsPrincipal user)
    {
        var bound = user.FindFirstValue(LocalTokenAuthenticationHandler.DashboardClaim);
        var role = user.FindFirstValue(ClaimTypes.Role);
        return BuiltIn.Concat(Stored)
            .Where(d => bound is null || d.Id == bound)
            .Where(d => d.IsOpenTo(user))
            .Where(d => d.Id != "query" || role is nameof(BrightRole.Analyst) or nameof(BrightRole.Administrator));
    }

    /// <summary>The role's marked default, else the built-in that suits the role.</summary>
    public Dashboard DefaultFor(ClaimsPrincipal user)
    {
        var role = user.FindFirstValue(ClaimTypes.Role) ?? "";
        var bound = user.FindFirstValue(LocalTokenAuthenticationHandler.DashboardClaim);
        if (bound is not null && Find(bound) is { } boundDashboard)
        {
            return boundDashboard;
        }

        return Stored.FirstOrDefault(d => d.IsOpenTo(user) && (d.Document.DefaultFor ?? []).Contains(role, StringComparer.Ordinal))
            ?? Find(role switch
            {
                nameof(BrightRole.Executive) => "executive",
                nameof(BrightRole.Analyst) => "query",
                _ => "command-centre",
            })!;
    }

    /// <summary>Stores <paramref name="document"/> (already validated) and takes its default roles from any other dashboard.</summary>
    public Task<Dashboard> SaveAsync(DashboardDocument document, string owner, CancellationToken cancellationToken) =>
        SaveAsync(document, owner, null, cancellationToken);

    /// <summary>Stores <paramref name="document"/> as <see cref="SaveAsync(DashboardDocument, string, CancellationToken)"/>, as changed at <paramref name="at"/>.</summary>
    public async Task<Dashboard> SaveAsync(DashboardDocument document, string owner, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            foreach (var role in document.DefaultFor ?? [])
            {
                foreach (var other in Stored.Where(d => d.Id != document.Id && (d.Document.DefaultFor ?? []).Contains(role, StringComparer.Ordinal)).ToList())
                {
                    await WriteAsync(other.Document with { DefaultFor = [.. other.Document.DefaultFor!.Where(r => r != role)] }, other.Owner, at,
                        cancellationToken);
                }
            }

            return await WriteAsync(document, owner, at, cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var deleted = await store.DeleteAsync(id, cancellationToken);
            _stored.Value.TryRemove(id, out _);
            return deleted;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Reads the stored dashboards back from the store (after the store's were replaced from a snapshot).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var stored = store.List().ToDictionary(s => s.Id, FromStored, StringComparer.Ordinal);
            foreach (var id in _stored.Value.Keys.Where(id => !stored.ContainsKey(id)).ToList())
            {
                _stored.Value.TryRemove(id, out _);
            }

            foreach (var (id, dashboard) in stored)
            {
                _stored.Value[id] = dashboard;
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    public void Dispose() => _writes.Dispose();

    private async Task<Dashboard> WriteAsync(DashboardDocument document, string owner, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(document, KpiJson.Options);
        var saved = at is { } when
            ? await store.SaveAsync(document.Id!, document.Title!, document.Scope!, document.Audience, owner, json, when, cancellationToken)
            : await store.SaveAsync(document.Id!, document.Title!, document.Scope!, document.Audience, owner, json, cancellationToken);
        var dashboard = FromStored(saved);
        _stored.Value[dashboard.Id] = dashboard;
        return dashboard;
    }

    private static Dashboard FromStored(StoredDashboard stored) =>
        new(JsonSerializer.Deserialize<DashboardDocument>(stored.Document, KpiJson.Options)!, false, stored.Owner, stored.UpdatedAt);

    private static Dashboard Shipped(string id, string title, string description, string layout, string[] tiles) => new(new DashboardDocument
    {
        Id = id,
        Title = title,
        Description = description,
        Scope = "function",
        Audience = "trust",
        Layout = layout,
        Tiles = [.. tiles.Select(t => new DashboardTile { Type = t })],
    }, true, "BRIGHT", null);
}
