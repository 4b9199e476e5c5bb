namespace Bright.Server.Auth;

/// <summary>Settings of the <c>Bright:Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Bright:Auth";

    /// <summary>Static bearer tokens for the embedded mode.</summary>
    public List<LocalToken> LocalTokens { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < LocalTokens.Count; i++)
        {
            var t = LocalTokens[i];
            var key = $"{Section}:LocalTokens:{i}";
            if (string.IsNullOrWhiteSpace(t.Token) || t.Token.Length < 16)
            {
                yield return $"{key}:Token must be at least 16 characters (was {t.Token?.Length ?? 0}).";
            }

            if (!Enum.TryParse<BrightRole>(t.Role, ignoreCase: true, out _))
            {
                yield return $"{key}:Role '{t.Role}' is not one of {string.Join(", ", Enum.GetNames<BrightRole>())}.";
            }
        }

        foreach (var dup in LocalTokens.Where(t => !string.IsNullOrEmpty(t.Token)).GroupBy(t => t.Token).Where(g => g.Count() > 1))
        {
            yield return $"{Section}:LocalTokens: the same token is configured {dup.Count()} times; each token must be unique.";
        }
    }
}

/// <summary>One static bearer token.</summary>
public sealed class LocalToken
{
    public string Token { get; set; } = "";

    /// <summary>One of <see cref="BrightRole"/>'s names.</summary>
    public string Role { get; set; } = "";

    /// <summary>Sites the token is limited to; empty means all.</summary>
    public List<string> Sites { get; set; } = [];

    /// <summary>The one dashboard a Wallboard token may show; null means any built-in dashboard.</summary>
    public string? Dashboard { get; set; }

    /// <summary>A label for logs and the audit trail; defaults to the role and position.</summary>
    public string? Name { get; set; }
}
