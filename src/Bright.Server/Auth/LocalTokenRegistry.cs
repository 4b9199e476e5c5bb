using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Bright.Store;
using Microsoft.Extensions.Options;

namespace Bright.Server.Auth;

/// <summary>
/// The embedded mode's bearer tokens: those configured under <c>Bright:Auth:LocalTokens</c>, plus, when no
/// Administrator token is configured, a generated administrator and command-centre wallboard token kept
/// in <c>local-tokens.json</c> beside the store (so bookmarked wallboards survive restarts). Thread-safe.
/// </summary>
internal sealed class LocalTokenRegistry
{
    public const string DefaultWallboardDashboard = "command-centre";
    private readonly FrozenDictionary<string, TokenEntry> _byToken;

    public LocalTokenRegistry(IOptions<AuthOptions> options, StoreOptions store)
    {
        var entries = options.Value.LocalTokens.Select((t, i) => new TokenEntry(t.Token, Enum.Parse<BrightRole>(t.Role, ignoreCase: true),
            [.. t.Sites], t.Dashboard, t.Name ?? $"{t.Role.ToLowerInvariant()}-{i}")).ToList();
        if (!entries.Any(e => e.Role == BrightRole.Administrator))
        {
            var generated = LoadOrCreateGenerated(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path))!, "local-tokens.json"));
            Administrator = new TokenEntry(generated.Administrator, BrightRole.Administrator, [], null, "local-administrator");
            Wallboard = new TokenEntry(generated.Wallboard, BrightRole.Wallboard, [], DefaultWallboardDashboard, "local-wallboard");
            entries.Add(Administrator);
            entries.Add(Wallboard);
        }

        _byToken = entries.ToFrozenDictionary(e => e.Token, StringComparer.Ordinal);
    }

    /// <summary>The generated administrator token, when one was generated.</summary>
    public TokenEntry? Administrator { get; }

    /// <summary>The generated command-centre wallboard token, when one was generated.</summary>
    public TokenEntry? Wallboard { get; }

    public TokenEntry? Find(string token) => _byToken.GetValueOrDefault(token);

    private static GeneratedTokens LoadOrCreateGenerated(string file)
    {
        if (File.Exists(file))
        {
            try
            {
                var existing = JsonSerializer.Deserialize(File.ReadAllText(file), AuthJsonContext.Default.GeneratedTokens);
                if (existing is { Administrator.Length: >= 16, Wallboard.Length: >= 16 })
                {
                    return existing;
                }
            }
            catch (JsonException)
            {
                // A damaged token file is replaced with fresh tokens below; the old ones stop working.
            }
        }

        var tokens = new GeneratedTokens(NewToken(), NewToken());
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, JsonSerializer.Serialize(tokens, AuthJsonContext.Default.GeneratedTokens));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return tokens;
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

/// <summary>A token as the server knows it.</summary>
internal sealed record TokenEntry(string Token, BrightRole Role, IReadOnlyList<string> Sites, string? Dashboard, string Name);

internal sealed record GeneratedTokens(string Administrator, string Wallboard);

[System.Text.Json.Serialization.JsonSerializable(typeof(GeneratedTokens))]
internal sealed partial class AuthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
