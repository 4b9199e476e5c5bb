using System.Net;
using Bright.Pipelines.Ingestion;
using Bright.Pipelines.Mllp;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bright.Testing;

/// <summary>
/// The MLLP listener alone, as the server wires it, on a real Kestrel at 127.0.0.1 with a free port and a
/// real store on a temporary file: for tests and benchmarks of HL7 v2 over MLLP without the whole server.
/// </summary>
public sealed class MllpHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MllpHost(WebApplication app, TempStore store, int port)
    {
        _app = app;
        Store = store;
        Port = port;
    }

    /// <summary>The store the listener writes to.</summary>
    public TempStore Store { get; }

    /// <summary>The loopback port MLLP listens on.</summary>
    public int Port { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the listener with <paramref name="settings"/> (<c>Bright:Mllp:…</c>, <c>Bright:Pseudonymisation:…</c>).</summary>
    public static async Task<MllpHost> StartAsync(IDictionary<string, string?> settings)
    {
        var store = TempStore.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(store.Store);
        builder.Services.AddSingleton(store.Options);
        builder.Services.AddSingleton<IngestMonitor>();
        builder.Services.AddSingleton<ICommittedEventsObserver>(sp => sp.GetRequiredService<IngestMonitor>());
        builder.Services.AddSingleton<EventWriter>();
        builder.Services.AddSingleton<DeadLetterStore>();
        builder.Services.AddSingleton<DataQualityStore>();
        builder.Services.AddSingleton<EventReader>();
        builder.Services.AddBrightMllp(builder.Configuration);
        ListenOptions? endpoint = null;

        // The server's wiring, but on a free port so that parallel runs never collide.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenMllp(new IPEndPoint(IPAddress.Loopback, 0), listen => endpoint = listen));
        var app = builder.Build();
        await app.StartAsync();
        return new MllpHost(app, store, ((IPEndPoint)endpoint!.EndPoint).Port);
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Store.Dispose();
    }
}
