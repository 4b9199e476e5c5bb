using System.Net.Http.Headers;
using Bright.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bright.Testing;

/// <summary>
/// The real BRIGHT server on 127.0.0.1 with a free port, a fresh store in a temporary folder, the
/// simulator off unless asked, and one local token per role (see <see cref="Tokens"/>).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, TempFolder folder, Uri address)
    {
        _app = app;
        Folder = folder;
        Address = address;
    }

    public TempFolder Folder { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public string StorePath => Path.Combine(Folder.Path, "bright.duckdb");

    /// <summary>
    /// Starts a server; <paramref name="settings"/> add or override configuration keys. <paramref name="port"/> 0 takes a free
    /// port; a test restarting a server on the same folder passes the first one's port so its clients find it again.
    /// </summary>
    public static async Task<TestServer> StartAsync(IDictionary<string, string?>? settings = null, TempFolder? folder = null,
        Action<IServiceCollection>? services = null, int port = 0)
    {
        folder ??= TempFolder.Create();
        var args = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Bright:Store:Path"] = Path.Combine(folder.Path, "bright.duckdb"),
            ["Bright:Simulator:Enabled"] = "false",
            ["Bright:Mllp:Port"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (role, token, i) in Tokens.All.Select((t, i) => (t.Role, t.Token, i)))
        {
            args[$"Bright:Auth:LocalTokens:{i}:Token"] = token;
            args[$"Bright:Auth:LocalTokens:{i}:Role"] = role;
        }

        var n = Tokens.All.Count;
        args[$"Bright:Auth:LocalTokens:{n}:Token"] = Tokens.FeedRq6Only;
        args[$"Bright:Auth:LocalTokens:{n}:Role"] = "Feed";
        args[$"Bright:Auth:LocalTokens:{n}:Sites:0"] = "RQ6";
        args[$"Bright:Auth:LocalTokens:{n + 1}:Token"] = Tokens.WallboardQueryOnly;
        args[$"Bright:Auth:LocalTokens:{n + 1}:Role"] = "Wallboard";
        args[$"Bright:Auth:LocalTokens:{n + 1}:Dashboard"] = "query";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args[key] = value;
        }

        var app = Program.Build([.. args.Select(a => $"--{a.Key}={a.Value}")], b => services?.Invoke(b.Services));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, folder, new Uri(address));
    }

    /// <summary>An HTTP client for this server, with <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient Client(string? token = Tokens.Administrator)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Posts <paramref name="count"/> admissions from <paramref name="source"/> (ids <c>{prefix}-{i}</c>) as a feed would; fails on any non-2xx.</summary>
    public async Task PostAdmissionsAsync(string source, string prefix, int count, DateTimeOffset at)
    {
        using var client = Client(Tokens.Feed);
        var events = new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, count).Select(i =>
        {
            var e = EventJson.Admission($"{prefix}-{i}", at.AddSeconds(i));
            e["source"] = source;
            return (System.Text.Json.Nodes.JsonNode)e;
        })]);
        using var content = new StringContent(events.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Stops the server and closes its store; the folder stays, so a test can start another server on it.</summary>
    public async Task StopAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out (a slow service on a loaded machine); Kestrel has stopped
            // listening by then, and disposal below still releases the store.
            NUnit.Framework.TestContext.Progress.WriteLine("BRIGHT's shutdown exceeded the host's timeout; disposing anyway.");
        }

        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Folder.Dispose();
    }
}

/// <summary>The tokens every <see cref="TestServer"/> knows.</summary>
public static class Tokens
{
    public const string Administrator = "test-administrator-token-0001";
    public const string Feed = "test-feed-token-000000000001";
    public const string Operational = "test-operational-token-0001";
    public const string Executive = "test-executive-token-000001";
    public const string Analyst = "test-analyst-token-00000001";
    public const string Wallboard = "test-wallboard-token-000001";
    public const string FeedRq6Only = "test-feed-rq6-only-token-01";
    public const string WallboardQueryOnly = "test-wallboard-query-only-1";

    public static IReadOnlyList<(string Role, string Token)> All { get; } =
    [
        ("Administrator", Administrator), ("Feed", Feed), ("Operational", Operational), ("Executive", Executive), ("Analyst", Analyst),
        ("Wallboard", Wallboard),
    ];
}
