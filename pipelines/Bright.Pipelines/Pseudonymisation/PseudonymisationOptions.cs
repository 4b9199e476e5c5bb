namespace Bright.Pipelines.Pseudonymisation;

/// <summary>Settings of the <c>Bright:Pseudonymisation</c> section (DOMAIN.md §7.4).</summary>
public sealed class PseudonymisationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Bright:Pseudonymisation";

    /// <summary>The HMAC key, held outside the store (an environment variable or secret store); at least 32 characters.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Names the key, and prefixes every pseudonym, so that a rotated key never collides with the old one.</summary>
    public string KeyVersion { get; set; } = "1";

    /// <summary>Every problem with these settings, each naming its key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Key) || Key.Length < 32)
        {
            var was = string.IsNullOrEmpty(Key) ? "empty" : $"{Key.Length} characters";
            yield return $"{Section}:Key must be a secret of at least 32 characters (was {was}).";
        }

        if (string.IsNullOrWhiteSpace(KeyVersion) || KeyVersion.Contains(':', StringComparison.Ordinal))
        {
            yield return $"{Section}:KeyVersion must be a short name without ':' (was '{KeyVersion}').";
        }
    }
}
